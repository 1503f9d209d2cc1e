import { fromHeader, taggedReplyTo, threadIndex } from './ticket-threading';

describe('ticket mail threading', () => {
  const ticket = { id: 42, createdAt: new Date('2026-03-01T10:00:00Z') };

  it('gives the first mail of a ticket 22 bytes, and 5 more per reply, with the same header', () => {
    const first = Buffer.from(threadIndex(ticket, 'help.example.com', []), 'base64');
    const third = Buffer.from(threadIndex(ticket, 'help.example.com', [{ at: new Date('2026-03-01T11:00:00Z') }, { at: new Date('2026-03-02T10:00:00Z') }]), 'base64');
    expect(first).toHaveLength(22);
    expect(third).toHaveLength(32);
    expect(third.subarray(0, 22).equals(first)).toBe(true);
    expect(Buffer.from(threadIndex({ ...ticket, id: 43 }, 'help.example.com', []), 'base64').equals(first)).toBe(false);
  });

  it('tags our address with the token, whatever form the From header has', () => {
    const token = 'a'.repeat(40);
    expect(taggedReplyTo('"Help Desk" <support@example.com>', token)).toBe(`support+${token}@example.com`);
    expect(taggedReplyTo('help+old@example.com', token)).toBe(`help+${token}@example.com`);
    expect(taggedReplyTo('no address', token)).toBeNull();
  });

  it('quotes a display name and drops characters that would break the header', () => {
    expect(fromHeader('Sales "Team" <x>', 'sales@example.com')).toBe('"Sales Team x" <sales@example.com>');
    expect(fromHeader('', 'sales@example.com')).toBe('sales@example.com');
  });
});
