import { MatchFacts, maskToken, matchThread, replyTokenOf, subjectTicketNumbers } from './thread-matcher';

const TOKEN = 'ab'.repeat(20);
const facts = (over: Partial<MatchFacts> = {}): MatchFacts => ({
  sender: 'karen@example.com', inReplyTo: [], references: [], known: new Map(), tokens: [], subjectTickets: [], ...over,
});

describe('matchThread', () => {
  it('matches In-Reply-To first, against mail we sent or received', () => {
    const known = new Map([['<a@x>', { ticketId: 1, origin: 'sent' as const }], ['<b@x>', { ticketId: 2, origin: 'received' as const }]]);
    expect(matchThread(facts({ inReplyTo: ['<a@x>'], references: ['<b@x>'], known }))).toEqual({ kind: 'ticket', ticketId: 1, rule: 'in_reply_to', reason: 'In-Reply-To <a@x>' });
    expect(matchThread(facts({ inReplyTo: ['<b@x>'], known }))).toMatchObject({ ticketId: 2, rule: 'in_reply_to' });
  });

  it('then References, the newest known one first', () => {
    const known = new Map([['<old@x>', { ticketId: 1, origin: 'sent' as const }], ['<new@x>', { ticketId: 2, origin: 'sent' as const }]]);
    expect(matchThread(facts({ inReplyTo: ['<unknown@x>'], references: ['<old@x>', '<new@x>', '<other@y>'], known }))).toMatchObject({ ticketId: 2, rule: 'references', reason: 'References <new@x>' });
  });

  it('then a reply token, whose reason never shows the whole secret', () => {
    const token = { address: `help+${TOKEN}@desk.example`, ticketId: 7, userId: 3, staffId: null };
    const match = matchThread(facts({ tokens: [token], subjectTickets: [{ ticketId: 9, number: '000009', participantEmails: ['karen@example.com'] }] }));
    expect(match).toMatchObject({ kind: 'ticket', ticketId: 7, rule: 'reply_token', token });
    expect(match.reason).not.toContain(TOKEN);
    expect(match.reason).toContain('help+ababab…@desk.example');
  });

  it('then the subject number, only for a participant of that ticket', () => {
    const subjectTickets = [{ ticketId: 9, number: '000009', participantEmails: ['karen@example.com', 'pat@example.com'] }];
    expect(matchThread(facts({ sender: 'PAT@example.com', subjectTickets }))).toMatchObject({ kind: 'ticket', ticketId: 9, rule: 'subject' });
    const stranger = matchThread(facts({ sender: 'mallory@evil.example', subjectTickets }));
    expect(stranger).toEqual({ kind: 'new', reason: 'new ticket: the subject names #000009 but the sender is not on that ticket' });
  });

  it('else a new ticket', () => {
    expect(matchThread(facts({ inReplyTo: ['<nobody@x>'] }))).toEqual({ kind: 'new', reason: 'new ticket: no reference to a known ticket' });
  });
});

describe('subject numbers and reply tokens', () => {
  it('finds ticket numbers after a #', () => {
    expect(subjectTicketNumbers('Re: [#123456] Printer')).toEqual(['123456']);
    expect(subjectTicketNumbers('Fwd: Ticket #RD-000042 and # 777777')).toEqual(['RD-000042', '777777']);
    expect(subjectTicketNumbers('No number here, #1 is too short')).toEqual([]);
  });

  it('reads the 40-hex token of a tagged address, any case', () => {
    expect(replyTokenOf(`support+${TOKEN.toUpperCase()}@x.example`)).toBe(TOKEN);
    expect(replyTokenOf('support+short@x.example')).toBeNull();
    expect(replyTokenOf('support@x.example')).toBeNull();
    expect(maskToken('plain@x.example')).toBe('plain@x.example');
  });
});
