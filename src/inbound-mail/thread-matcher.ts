/**
 * The one home of inbound threading (DOMAIN "Email threading"): which ticket a mail belongs to, and why.
 * Pure: the service looks up the facts (Message-IDs we know, reply tokens, tickets named in the subject)
 * and this decides, in order:
 *   (a) In-Reply-To, then References (newest first), against Message-IDs we sent or received for a ticket;
 *   (b) a reply token in a recipient address (To, Cc, Delivered-To...);
 *   (c) a ticket number in the subject, only when the sender is that ticket's user or a collaborator;
 * else a new ticket. A stranger quoting a ticket number never posts into it (SECURITY 5).
 */

export type MatchRule = 'in_reply_to' | 'references' | 'reply_token' | 'subject';

export interface KnownMessage {
  ticketId: number;
  /** Which of our records holds it: a mail we sent, or one we received earlier. */
  origin: 'sent' | 'received';
}

export interface ResolvedToken {
  /** The address the token was found in, for the reason shown to agents. */
  address: string;
  ticketId: number;
  userId: number | null;
  staffId: number | null;
}

export interface SubjectTicket {
  ticketId: number;
  number: string;
  /** Lower-cased addresses of the ticket's user and collaborators. */
  participantEmails: string[];
}

export interface MatchFacts {
  /** Lower-cased sender address. */
  sender: string;
  inReplyTo: string[];
  /** As in the header: oldest first. */
  references: string[];
  known: ReadonlyMap<string, KnownMessage>;
  tokens: ResolvedToken[];
  subjectTickets: SubjectTicket[];
}

export type ThreadMatch =
  | { kind: 'ticket'; ticketId: number; rule: MatchRule; reason: string; token?: ResolvedToken }
  | { kind: 'new'; reason: string };

export function matchThread(facts: MatchFacts): ThreadMatch {
  for (const id of facts.inReplyTo) {
    const known = facts.known.get(id);
    if (known) return { kind: 'ticket', ticketId: known.ticketId, rule: 'in_reply_to', reason: `In-Reply-To ${id}` };
  }
  // CASE: the newest reference is the closest ancestor; older ones may belong to a thread that split off.
  for (const id of [...facts.references].reverse()) {
    const known = facts.known.get(id);
    if (known) return { kind: 'ticket', ticketId: known.ticketId, rule: 'references', reason: `References ${id}` };
  }
  const token = facts.tokens[0];
  if (token) return { kind: 'ticket', ticketId: token.ticketId, rule: 'reply_token', reason: `reply address ${maskToken(token.address)}`, token };
  const sender = facts.sender.toLowerCase();
  const subject = facts.subjectTickets.find((t) => t.participantEmails.includes(sender));
  if (subject) return { kind: 'ticket', ticketId: subject.ticketId, rule: 'subject', reason: `ticket number #${subject.number} in the subject, from a participant` };
  if (facts.subjectTickets.length > 0) {
    return { kind: 'new', reason: `new ticket: the subject names #${facts.subjectTickets[0].number} but the sender is not on that ticket` };
  }
  return { kind: 'new', reason: 'new ticket: no reference to a known ticket' };
}

/** The reason is shown to agents: the token is a secret that lets mail into a ticket, so only its start shows. */
export function maskToken(address: string): string {
  return address.replace(/\+([0-9a-f]{6})[0-9a-f]{34}@/i, '+$1…@');
}

/** Candidate ticket numbers in a subject: `[#123456]`, `#RD-000042`, `Ticket 123456` after a `#`. At most 5. */
export function subjectTicketNumbers(subject: string): string[] {
  const found = new Set<string>();
  for (const match of subject.matchAll(/#\s?([A-Za-z0-9][A-Za-z0-9-]{2,31})/g)) {
    found.add(match[1]);
    if (found.size >= 5) break;
  }
  return [...found];
}

/** The 40-hex token of a tagged address `local+<token>@domain`, or null. */
export function replyTokenOf(address: string): string | null {
  const match = /^[^@+\s]+\+([0-9a-f]{40})@[^@\s]+$/i.exec(address.trim());
  return match ? match[1].toLowerCase() : null;
}
