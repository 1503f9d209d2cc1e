import { countAttempt, rateLimitKeys } from './rate-limits';

const limit = { max: 2, windowMinutes: 10 };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 14, minute));

describe('rate limits', () => {
  it('allows max attempts per window, then refuses until the window ends', () => {
    let result = countAttempt(null, limit, at(0));
    expect(result).toEqual({ state: { count: 1, windowStartedAt: at(0) }, retryAfterSeconds: null });
    result = countAttempt(result.state, limit, at(1));
    expect(result.retryAfterSeconds).toBeNull();
    result = countAttempt(result.state, limit, at(4));
    expect(result.retryAfterSeconds).toBe(6 * 60);
    expect(countAttempt(result.state, limit, at(10))).toEqual({ state: { count: 1, windowStartedAt: at(10) }, retryAfterSeconds: null });
  });

  it('keys by action, address and lower-cased email, never longer than the column', () => {
    expect(rateLimitKeys('login', { ip: '203.0.113.9', email: ' Karen@Example.com' })).toEqual({ ip: 'rl:login:ip:203.0.113.9', email: 'rl:login:email:karen@example.com' });
    expect(rateLimitKeys('sign-up', { ip: '::1' }).email).toBeNull();
    expect(rateLimitKeys('sign-up', { ip: '::1', email: `${'a'.repeat(200)}@x.com` }).email).toHaveLength(191);
  });
});
