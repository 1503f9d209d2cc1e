/** Attempts a message gets before it is marked failed. */
export const MAX_ATTEMPTS = 6;

/** How long a sender holds a claimed message; a sender that died mid-send leaves it to be claimed again. */
export const LEASE_MS = 5 * 60_000;

/** Minutes to wait after the n-th failed attempt: 1, 5, 25, 125, 625. */
export function retryDelayMinutes(attemptsMade: number): number {
  return 5 ** Math.max(0, attemptsMade - 1);
}

export type AfterFailure = { status: 'queued'; nextAttemptAt: Date } | { status: 'failed' };

/**
 * What becomes of a message whose delivery just failed: another try after the backoff, or `failed`
 * once the attempts are spent or the server refused it for good.
 */
export function afterFailure(attemptsMade: number, permanent: boolean, now: Date): AfterFailure {
  if (permanent || attemptsMade >= MAX_ATTEMPTS) return { status: 'failed' };
  return { status: 'queued', nextAttemptAt: new Date(now.getTime() + retryDelayMinutes(attemptsMade) * 60_000) };
}

/**
 * A refusal no retry will change: the server answered 5xx to the recipients or the message. A 5xx on
 * login (EAUTH) is a setting to fix, and a 4xx or a network failure is temporary, so those retry.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
  return (code === 'EENVELOPE' || code === 'EMESSAGE') && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

/** The reason kept on the row: the server's reply when there is one, one line, bounded. */
export function failureReason(err: unknown): string {
  const { response, message } = (err && typeof err === 'object' ? err : {}) as { response?: unknown; message?: unknown };
  const text = typeof response === 'string' && response ? response : typeof message === 'string' && message ? message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000);
}
