import { classifyAutomatic, HeaderFacts, isOutOfOffice } from './automatic-mail';

const facts = (headers: Record<string, string>, over: Partial<HeaderFacts> = {}): HeaderFacts => ({
  headers: new Map(Object.entries(headers)), contentType: 'text/plain', reportType: null, sender: 'karen@example.com', returnPath: null,
  ownAddresses: ['helpdesk@desk.example'], ...over,
});

describe('classifyAutomatic (RFC 3834)', () => {
  it('lets a person\'s mail through', () => {
    expect(classifyAutomatic(facts({ 'auto-submitted': 'no' }))).toBeNull();
    expect(classifyAutomatic(facts({}))).toBeNull();
  });

  it.each([
    [{ 'x-relaydesk-loop': '1' }, 'loop'],
    [{ 'auto-submitted': 'auto-replied' }, 'auto_reply'],
    [{ 'auto-submitted': 'auto-generated; owner-email="x@y"' }, 'auto_generated'],
    [{ 'x-auto-response-suppress': 'All' }, 'auto_reply'],
    [{ precedence: 'bulk' }, 'bulk'],
    [{ precedence: 'junk' }, 'bulk'],
    [{ precedence: 'list' }, 'list'],
    [{ 'list-id': '<dev.lists.example>' }, 'list'],
  ])('marks %j as %s', (headers, kind) => {
    expect(classifyAutomatic(facts(headers as Record<string, string>))?.kind).toBe(kind);
  });

  it('recognises bounces: a DSN report or the mailer daemon with an empty return path', () => {
    expect(classifyAutomatic(facts({}, { contentType: 'multipart/report', reportType: 'delivery-status' }))?.kind).toBe('bounce');
    expect(classifyAutomatic(facts({}, { sender: 'MAILER-DAEMON@mx.example', returnPath: '<>' }))?.kind).toBe('bounce');
    expect(classifyAutomatic(facts({}, { contentType: 'multipart/report', reportType: 'disposition-notification' }))).toBeNull();
  });

  it('recognises our own address as the sender', () => {
    expect(classifyAutomatic(facts({}, { sender: 'HelpDesk@desk.example' }))?.kind).toBe('own_address');
  });
});

describe('isOutOfOffice', () => {
  it('by header or by subject', () => {
    expect(isOutOfOffice(new Map([['auto-submitted', 'auto-replied']]), 'Re: x')).toBe(true);
    expect(isOutOfOffice(new Map(), 'Automatic reply: Printer')).toBe(true);
    expect(isOutOfOffice(new Map(), 'Out of Office: back Monday')).toBe(true);
    expect(isOutOfOffice(new Map(), 'Re: out of office printer')).toBe(false);
  });
});
