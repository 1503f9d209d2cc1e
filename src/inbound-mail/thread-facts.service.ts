import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { TicketCollaborator } from '../filters/filters.entities';
import { OutboxMail } from '../mail/outbox-mail.entity';
import { ReplyTokensService } from '../mail/reply-tokens.service';
import { Ticket } from '../tickets/ticket.entity';
import { InboundMail } from './inbound-mail.entity';
import { ParsedInbound } from './inbound-parser';
import { KnownMessage, MatchFacts, replyTokenOf, ResolvedToken, SubjectTicket, subjectTicketNumbers } from './thread-matcher';

/** At most this many References are looked up (the newest): a long thread's oldest ids add nothing. */
const MAX_REFERENCES = 30;

/** The facts the threading matcher decides on, each read by an index: Message-IDs, token hashes, ticket numbers. */
@Injectable()
export class ThreadFactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: ReplyTokensService,
  ) {}

  async gather(mail: ParsedInbound, selfId: number | null): Promise<MatchFacts> {
    const ids = [...new Set([...mail.inReplyTo, ...mail.references.slice(-MAX_REFERENCES)])];
    return {
      sender: mail.from?.address ?? '',
      inReplyTo: mail.inReplyTo,
      references: mail.references.slice(-MAX_REFERENCES),
      known: await this.knownMessages(ids, selfId),
      tokens: await this.resolveTokens([...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address), ...mail.deliveredTo]),
      subjectTickets: await this.subjectTickets(subjectTicketNumbers(mail.subject)),
    };
  }

  /** Message-IDs we sent for a ticket (the outbox) or received into one; a sent one wins. */
  async knownMessages(ids: string[], selfId: number | null = null): Promise<Map<string, KnownMessage>> {
    const known = new Map<string, KnownMessage>();
    if (ids.length === 0) return known;
    const received = await this.db.getRepository(InboundMail).find({
      select: { id: true, messageId: true, ticketId: true },
      where: { messageId: In(ids), ticketId: Not(IsNull()), ...(selfId ? { id: Not(selfId) } : {}) },
    });
    for (const r of received) if (r.messageId && r.ticketId) known.set(r.messageId, { ticketId: r.ticketId, origin: 'received' });
    const sent = await this.db.getRepository(OutboxMail).find({ select: { id: true, messageId: true, ticketId: true }, where: { messageId: In(ids), ticketId: Not(IsNull()) } });
    for (const s of sent) if (s.ticketId) known.set(s.messageId, { ticketId: s.ticketId, origin: 'sent' });
    return known;
  }

  private async resolveTokens(addresses: string[]): Promise<ResolvedToken[]> {
    const resolved: ResolvedToken[] = [];
    for (const address of [...new Set(addresses)].slice(0, 20)) {
      const token = replyTokenOf(address);
      const row = token ? await this.tokens.resolve(token) : null;
      if (row) resolved.push({ address, ticketId: row.ticketId, userId: row.userId, staffId: row.staffId });
    }
    return resolved;
  }

  private async subjectTickets(numbers: string[]): Promise<SubjectTicket[]> {
    if (numbers.length === 0) return [];
    const tickets = await this.db.getRepository(Ticket).find({ where: { number: In(numbers) }, relations: { user: true } });
    if (tickets.length === 0) return [];
    const collaborators = await this.db.getRepository(TicketCollaborator).find({ where: { ticketId: In(tickets.map((t) => t.id)) }, relations: { user: true } });
    return tickets.map((t) => ({
      ticketId: t.id, number: t.number,
      participantEmails: [t.user.email.toLowerCase(), ...collaborators.filter((c) => c.ticketId === t.id).map((c) => c.user.email.toLowerCase())],
    }));
  }
}
