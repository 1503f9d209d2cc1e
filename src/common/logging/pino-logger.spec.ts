import { redactUrl } from './pino-logger';

describe('redactUrl', () => {
  it.each([
    ['/scp/password-reset/abcDEF123_-x', '/scp/password-reset/[redacted]'],
    ['/osTicket/scp/password-reset/tok?x=1', '/osTicket/scp/password-reset/[redacted]?x=1'],
    ['/scp/password-reset', '/scp/password-reset'],
    ['/scp/tickets/42', '/scp/tickets/42'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
