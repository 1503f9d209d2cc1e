import { afterFailure, failureReason, isPermanentFailure, MAX_ATTEMPTS, retryDelayMinutes } from './delivery-policy';

describe('mail delivery policy', () => {
  const now = new Date('2025-03-01T10:00:00Z');

  it('waits 1, 5, 25, 125 then 625 minutes between attempts', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMinutes)).toEqual([1, 5, 25, 125, 625]);
  });

  it('retries a temporary failure after the backoff', () => {
    expect(afterFailure(1, false, now)).toEqual({ status: 'queued', nextAttemptAt: new Date('2025-03-01T10:01:00Z') });
    expect(afterFailure(3, false, now)).toEqual({ status: 'queued', nextAttemptAt: new Date('2025-03-01T10:25:00Z') });
  });

  it(`gives up after attempt ${MAX_ATTEMPTS}, or at once on a permanent refusal`, () => {
    expect(afterFailure(MAX_ATTEMPTS - 1, false, now).status).toBe('queued');
    expect(afterFailure(MAX_ATTEMPTS, false, now)).toEqual({ status: 'failed' });
    expect(afterFailure(1, true, now)).toEqual({ status: 'failed' });
  });

  it('treats only a 5xx refusal of the recipients or the message as permanent', () => {
    expect(isPermanentFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ code: 'EMESSAGE', responseCode: 554 })).toBe(true);
    expect(isPermanentFailure({ code: 'EENVELOPE', responseCode: 451 })).toBe(false);
    expect(isPermanentFailure({ code: 'EAUTH', responseCode: 535 })).toBe(false);
    expect(isPermanentFailure({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isPermanentFailure(null)).toBe(false);
  });

  it('keeps the server reply as the reason, on one bounded line', () => {
    expect(failureReason({ response: '451 4.3.0  Try\r\n again later', message: 'Can\'t send mail' })).toBe('451 4.3.0 Try again later');
    expect(failureReason(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(failureReason({ response: 'x'.repeat(5000) })).toHaveLength(1000);
  });
});
