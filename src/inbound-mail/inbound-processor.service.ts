import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import { BanListService } from '../abuse/ban-list.service';
import { StoredFiles } from '../attachments/attachments.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TicketCollaborator } from '../filters/filters.entities';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { EmailAccount } from '../email-accounts/email-account.entity';
import { Settings } from '../settings/settings.schema';
import { SettingsService } from '../settings/settings.service';
import { StaffService } from '../staff/staff.service';
import { Staff } from '../staff/staff.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { TicketLinksService } from '../ticket-links/ticket-links.service';
import { hasTicketPermission } from '../tickets/ticket-access';
import { TicketIntakeService } from '../tickets/ticket-intake.service';
import { statusFacts, TicketOptionsService } from '../tickets/ticket-options.service';
import { Ticket } from '../tickets/ticket.entity';
import { UsersService } from '../users/users.service';
import { Automatic, classifyAutomatic, isOutOfOffice } from './automatic-mail';
import { InboundMail, InboundStatus } from './inbound-mail.entity';
import { ParsedInbound } from './inbound-parser';
import { InboundReplyService, MailPoster } from './inbound-reply.service';
import { MailUploads } from './mail-uploads';
import { ThreadFactsService } from './thread-facts.service';
import { matchThread, ThreadMatch } from './thread-matcher';

export interface Processed {
  status: Exclude<InboundStatus, 'received' | 'discarded'>;
  ticketId?: number;
  reason: string;
}

/** Another request processed the same record first: its transaction rolls back, the caller reports a duplicate. */
export class AlreadyProcessed extends Error {}

const MAX_BODY = 16_000;

/**
 * What an inbound mail does, decided and written in one transaction: a loop or our own mail is ignored,
 * a bounce is noted on the ticket it came back from, a mail that threads is posted to its ticket (or
 * opens a linked follow-up when the ticket may not reopen), anything else opens a ticket. The record's
 * status is claimed in the same transaction, so two deliveries of one mail never both post.
 */
@Injectable()
export class InboundProcessor {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly facts: ThreadFactsService,
    private readonly replies: InboundReplyService,
    private readonly intake: TicketIntakeService,
    private readonly options: TicketOptionsService,
    private readonly settings: SettingsService,
    private readonly staff: StaffService,
    private readonly users: UsersService,
    private readonly threads: ThreadService,
    private readonly uploads: MailUploads,
    private readonly links: TicketLinksService,
    private readonly bans: BanListService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async process(record: InboundMail, mail: ParsedInbound): Promise<Processed> {
    const settings = await this.settings.get();
    const sender = mail.from?.address ?? '';
    if (!sender) return this.finish(record, { status: 'quarantined', reason: 'no sender address (From)' });
    const own = await this.ownAddresses();
    const automatic = classifyAutomatic({
      headers: mail.headers, contentType: mail.contentType, reportType: mail.reportType, sender, returnPath: mail.returnPath, ownAddresses: own,
    });
    if (automatic?.kind === 'loop' || automatic?.kind === 'own_address') return this.finish(record, { status: 'ignored', reason: `ignored: ${automatic.reason}` });
    if (automatic?.kind === 'bounce') return this.recordBounce(record, mail);
    if (await this.bans.isBanned(sender)) return this.finish(record, { status: 'ignored', reason: `ignored: the sender ${sender} is banned` });

    const match = matchThread(await this.facts.gather(mail, record.id));
    const outOfOffice = isOutOfOffice(mail.headers, mail.subject);
    const autoRespond = !automatic && !outOfOffice && (await this.underAutoresponseCap(sender, settings));
    if (match.kind === 'ticket') {
      const replied = await this.reply(record, mail, match, settings, autoRespond, own);
      if (replied) return replied;
    } else if (automatic?.kind === 'auto_reply' || outOfOffice) {
      // CASE: an out-of-office answer to mail that is not ours (or no longer known) never opens a ticket.
      return this.finish(record, { status: 'ignored', reason: `ignored: an automatic reply (${automatic?.reason ?? 'out of office'}) to no known ticket` });
    }
    return this.open(record, mail, match, settings, autoRespond, automatic, own);
  }

  /** Writes a final status without a ticket (quarantine, ignore), claiming the record. */
  async finish(record: InboundMail, result: Processed, manager?: EntityManager): Promise<Processed> {
    const write = async (m: EntityManager) => this.claim(m, record, result, null, false);
    if (manager) await write(manager);
    else await this.db.transaction(write);
    return result;
  }

  private async reply(record: InboundMail, mail: ParsedInbound, match: Extract<ThreadMatch, { kind: 'ticket' }>, settings: Settings, autoRespond: boolean, own: string[]): Promise<Processed | null> {
    // CASE: mail for a ticket merged into another goes to the one it was merged into.
    const ticketId = (await this.links.mergedInto(match.ticketId)) ?? match.ticketId;
    const ticket = await this.db.getRepository(Ticket).findOne({ where: { id: ticketId }, relations: { status: true, user: true } });
    if (!ticket) return null;
    const poster = await this.posterFor(ticket, mail, match);
    const defaultOpen = statusFacts(await this.options.defaultOpenStatus());
    const outcome = this.replies.outcome(ticket, poster, defaultOpen, settings.reopenPolicy);
    if (!outcome.allowed) {
      if (poster.kind === 'agent') return this.finish(record, { status: 'quarantined', reason: `an agent's reply by mail to ticket #${ticket.number} was refused: ${outcome.message}` });
      return null; // a follow-up ticket, linked to this one (see open)
    }
    const { uploads, note } = await this.uploads.prepare(mail);
    const stored = new StoredFiles();
    try {
      await this.db.transaction(async (manager) => {
        if (this.db.options.type !== 'better-sqlite3') await manager.query('SELECT id FROM tickets WHERE id = ? FOR UPDATE', [ticket.id]);
        const now = this.clock.now();
        const entry = await this.replies.post(manager, ticket, outcome, { poster, body: this.body(mail, note), uploads, autoRespond }, now, stored);
        if (poster.kind === 'user' && settings.emailCcAsCollaborators) await this.addCollaborators(manager, ticket, mail, now, own);
        await this.claim(manager, record, { status: 'appended', ticketId: ticket.id, reason: `by email, matched by ${match.reason}` }, entry, autoRespond);
      });
    } catch (err) {
      stored.discard();
      throw err;
    } finally {
      this.uploads.cleanup(uploads);
    }
    return { status: 'appended', ticketId: ticket.id, reason: `by email, matched by ${match.reason}` };
  }

  private async open(record: InboundMail, mail: ParsedInbound, match: ThreadMatch, settings: Settings, autoRespond: boolean, automatic: Automatic | null, own: string[]): Promise<Processed> {
    const followUpOf = match.kind === 'ticket' ? await this.db.getRepository(Ticket).findOneBy({ id: match.ticketId }) : null;
    const reason = followUpOf
      ? `new ticket: follow-up of #${followUpOf.number} (matched by ${match.reason}), which is closed and may not reopen`
      : `by email, ${match.reason}${automatic ? ` (${automatic.reason}: no automatic reply)` : ''}`;
    const { uploads, note } = await this.uploads.prepare(mail);
    const sender = mail.from!;
    const mailbox = record.emailAccountId ? await this.db.getRepository(EmailAccount).findOneBy({ id: record.emailAccountId }) : null;
    try {
      const ticket = await this.intake.open({
        email: sender.address, name: sender.name || sender.address.split('@')[0], phone: null, topicId: mailbox?.helpTopicId ?? (await this.topicId(settings)),
        subject: (mail.subject || '(no subject)').slice(0, 255), message: this.body(mail, note), source: 'email', uploads, autoRespond,
        mailOrigin: {
          departmentId: mailbox?.departmentId ?? null,
          priorityId: mailbox?.priorityId ?? null,
          inTransaction: async (manager, created, entry) => {
            const now = this.clock.now();
            if (settings.emailCcAsCollaborators) await this.addCollaborators(manager, created, mail, now, own);
            if (followUpOf) await this.linkFollowUp(manager, followUpOf, created);
            await this.claim(manager, record, { status: 'created', ticketId: created.id, reason }, entry, autoRespond);
          },
        },
      });
      return { status: 'created', ticketId: ticket.id, reason };
    } finally {
      this.uploads.cleanup(uploads);
    }
  }

  /**
   * A delivery report: noted as a `bounce` event on the ticket whose mail bounced (found by the returned
   * Message-ID), never a new ticket; one we cannot place is ignored.
   */
  private async recordBounce(record: InboundMail, mail: ParsedInbound): Promise<Processed> {
    const known = await this.facts.knownMessages(mail.bouncedMessageIds, record.id);
    const hit = mail.bouncedMessageIds.map((id) => ({ id, known: known.get(id) })).find((k) => k.known);
    if (!hit?.known) return this.finish(record, { status: 'ignored', reason: 'ignored: a delivery report for no mail we know' });
    const ticketId = hit.known.ticketId;
    const detail = mail.bounceDetail ?? 'the mail could not be delivered';
    const reason = `delivery report for ${hit.id}: ${detail}`.slice(0, 500);
    await this.db.transaction(async (manager) => {
      const event = await this.threads.appendEvent(manager, {
        ticketId, event: 'bounce', posterName: 'Mail system', text: `A mail from this ticket bounced: ${detail}`.slice(0, 1000), data: { messageId: hit.id }, at: this.clock.now(),
      });
      await this.claim(manager, record, { status: 'bounce_recorded', ticketId, reason }, event, false);
    });
    return { status: 'bounce_recorded', ticketId, reason };
  }

  /**
   * Who the mail posts as. An agent only when the reply token was issued to that agent and the mail
   * comes from their address, and they may still reply to the ticket; everyone else as an end user.
   */
  private async posterFor(ticket: Ticket, mail: ParsedInbound, match: Extract<ThreadMatch, { kind: 'ticket' }>): Promise<MailPoster> {
    const sender = mail.from!;
    const staffId = match.token?.staffId;
    if (staffId) {
      const agent = await this.db.getRepository(Staff).findOneBy({ id: staffId });
      const scope = agent && agent.email.toLowerCase() === sender.address ? await this.staff.scope(staffId) : null;
      if (scope && hasTicketPermission(scope, ticket, 'ticket.reply')) return { kind: 'agent', staffId, name: scope.name };
    }
    if (ticket.user.email.toLowerCase() === sender.address) return { kind: 'user', userId: ticket.userId, name: ticket.user.name };
    const user = await this.users.findOrCreate({ email: sender.address, name: sender.name || sender.address.split('@')[0] });
    return { kind: 'user', userId: user.id, name: user.name };
  }

  /** Cc recipients become collaborators: not our own addresses, not the ticket's user, not tagged reply addresses. */
  private async addCollaborators(manager: EntityManager, ticket: Ticket, mail: ParsedInbound, at: Date, own: string[]): Promise<void> {
    const candidates = mail.cc.filter((a) => a.address !== mail.from?.address);
    const repo = manager.getRepository(TicketCollaborator);
    const added: string[] = [];
    for (const cc of candidates.slice(0, 20)) {
      if (own.some((o) => sameMailbox(o, cc.address))) continue;
      const person = await this.users.findOrCreate({ email: cc.address, name: cc.name || cc.address.split('@')[0] }, manager);
      if (person.id === ticket.userId || (await repo.existsBy({ ticketId: ticket.id, userId: person.id }))) continue;
      await repo.insert({ ticketId: ticket.id, userId: person.id, addedAt: at });
      added.push(person.email);
    }
    if (added.length > 0) {
      await this.threads.appendEvent(manager, {
        ticketId: ticket.id, event: 'collaborator_added', posterName: 'Mail system', text: `Added from the mail's Cc: ${added.join(', ')}`.slice(0, 1000), at,
      });
    }
  }

  private async linkFollowUp(manager: EntityManager, old: Ticket, created: Ticket): Promise<void> {
    await this.links.link(manager, old.id, created.id, `a reply by mail to #${old.number}, which is closed and may not reopen`);
  }

  /** Claims the record for this outcome: only a record still `received` is written, else AlreadyProcessed rolls back. */
  private async claim(manager: EntityManager, record: InboundMail, result: Processed, entry: ThreadEntry | null, autoRespond: boolean): Promise<void> {
    const done = await manager.update(InboundMail, { id: record.id, status: 'received' }, {
      status: result.status, ticketId: result.ticketId ?? null, threadEntryId: entry?.id ?? null, reason: result.reason.slice(0, 500),
      autoRespond, processedAt: this.clock.now(),
    });
    if (!done.affected) throw new AlreadyProcessed();
  }

  private async underAutoresponseCap(sender: string, settings: Settings): Promise<boolean> {
    if (settings.autoresponsesPerSenderPerHour === 0) return false;
    const since = new Date(this.clock.now().getTime() - 3600_000);
    const count = await this.db.getRepository(InboundMail).count({ where: { fromAddress: sender, autoRespond: true, createdAt: MoreThanOrEqual(since) }, take: settings.autoresponsesPerSenderPerHour });
    return count < settings.autoresponsesPerSenderPerHour;
  }

  private async topicId(settings: Settings): Promise<number> {
    if (settings.defaultHelpTopicId) return settings.defaultHelpTopicId;
    // CASE: no default help topic set: the first active one, so mail still opens tickets.
    const first = await this.db.getRepository(HelpTopic).findOne({ where: { isActive: true }, order: { id: 'ASC' } });
    return first?.id ?? 0;
  }

  private body(mail: ParsedInbound, note: string | null): string {
    const text = mail.shownText.trim() || (mail.attachments.length > 0 ? '(no text; see the attachments)' : '(no text)');
    const withNote = note ? `${text}\n\n[${note}]` : text;
    return withNote.length > MAX_BODY ? `${withNote.slice(0, MAX_BODY - 80)}\n\n[The message was shortened; the full mail is kept.]` : withNote;
  }

  /** The help desk's own addresses: MAIL_FROM and every mailbox (a small table, read per mail). */
  async ownAddresses(): Promise<string[]> {
    const from = /<([^<>@\s]+@[^<>@\s]+)>/.exec(this.config.mail.from)?.[1] ?? this.config.mail.from;
    const mailboxes = await this.db.getRepository(EmailAccount).find({ select: { id: true, address: true } });
    return [...new Set([from, ...mailboxes.map((m) => m.address)].map((a) => a.trim().toLowerCase()))];
  }
}

/** Two addresses of one mailbox, tags aside: support+abc@x and support@x. */
function sameMailbox(a: string, b: string): boolean {
  const strip = (s: string) => s.toLowerCase().replace(/\+[^@]*@/, '@');
  return strip(a) === strip(b);
}
