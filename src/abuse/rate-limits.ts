/**
 * The limits of the portal's public actions (SECURITY 15), per address and per email, in one table.
 * Each counts attempts in a fixed window; once over, the key is refused until the window ends.
 */
export interface WindowLimit {
  max: number;
  windowMinutes: number;
}

export const RATE_LIMITS = {
  'open-ticket': { ip: { max: 10, windowMinutes: 60 }, email: { max: 5, windowMinutes: 60 } },
  'status-check': { ip: { max: 20, windowMinutes: 15 }, email: { max: 10, windowMinutes: 15 } },
  login: { ip: { max: 20, windowMinutes: 15 }, email: { max: 5, windowMinutes: 15 } },
  'sign-up': { ip: { max: 5, windowMinutes: 60 }, email: { max: 3, windowMinutes: 60 } },
  'password-reset': { ip: { max: 10, windowMinutes: 60 }, email: { max: 3, windowMinutes: 60 } },
  'access-link': { ip: { max: 10, windowMinutes: 60 }, email: { max: 3, windowMinutes: 60 } },
} as const satisfies Record<string, { ip: WindowLimit; email: WindowLimit }>;

export type RateLimitedAction = keyof typeof RATE_LIMITS;

/** The throttle-table keys of one attempt (at most 191 characters, the key column's length). */
export function rateLimitKeys(action: RateLimitedAction, who: { ip: string; email?: string }): { ip: string; email: string | null } {
  const email = who.email?.trim().toLowerCase();
  return {
    ip: `rl:${action}:ip:${who.ip}`.slice(0, 191),
    email: email ? `rl:${action}:email:${email}`.slice(0, 191) : null,
  };
}

export interface WindowState {
  count: number;
  windowStartedAt: Date;
}

/**
 * One more attempt against a window: the new state, and when it is refused, the seconds until the
 * window ends (the Retry-After). Pure, so the arithmetic has its own spec.
 */
export function countAttempt(state: WindowState | null, limit: WindowLimit, now: Date): { state: WindowState; retryAfterSeconds: number | null } {
  const windowMs = limit.windowMinutes * 60_000;
  const fresh = !state || state.windowStartedAt.getTime() + windowMs <= now.getTime();
  const next = fresh ? { count: 1, windowStartedAt: now } : { count: state.count + 1, windowStartedAt: state.windowStartedAt };
  const over = next.count > limit.max;
  return { state: next, retryAfterSeconds: over ? Math.ceil((next.windowStartedAt.getTime() + windowMs - now.getTime()) / 1000) : null };
}
