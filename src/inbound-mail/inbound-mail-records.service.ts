import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { AgentScope, canSeeTicket } from '../tickets/ticket-access';
import { Ticket } from '../tickets/ticket.entity';
import { InboundMail } from './inbound-mail.entity';
import { InboundMailService, InboundResult } from './inbound-mail.service';
import { parseInbound, ParsedInbound } from './inbound-parser';
import { RawMailStore } from './raw-mail-store';

export const QUARANTINE_PAGE_SIZE = 50;

export interface QuarantinePage {
  rows: InboundMail[];
  /** The id to pass as `before` for the next (older) page, or null. */
  nextBefore: number | null;
}

export interface OriginalMail {
  record: InboundMail;
  ticket: { id: number; number: string } | null;
  /** Null when the mail could not be parsed at all (the raw download still works). */
  parsed: ParsedInbound | null;
}

/**
 * Inbound mail records as agents and admins see them: the original behind a thread entry (agents who
 * may see its ticket), and the quarantine (admins only): list, download, reprocess, discard (audited).
 */
@Injectable()
export class InboundMailRecordsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: RawMailStore,
    private readonly inbound: InboundMailService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The record an agent may open: its ticket must be one they see (SECURITY 1: else 404); a mail that
   * made no ticket (quarantined, ignored) is for admins only. A discarded mail has no bytes left.
   */
  async forAgent(scope: AgentScope, id: number): Promise<InboundMail> {
    const record = await this.db.getRepository(InboundMail).findOneBy({ id });
    if (!record || record.status === 'discarded') throw notFound('mail');
    const ticket = record.ticketId ? await this.db.getRepository(Ticket).findOneBy({ id: record.ticketId }) : null;
    if (ticket ? !canSeeTicket(scope, ticket) : !scope.isAdmin) throw notFound('mail');
    return record;
  }

  async original(scope: AgentScope, id: number): Promise<OriginalMail> {
    const record = await this.forAgent(scope, id);
    const ticket = record.ticketId ? await this.db.getRepository(Ticket).findOne({ select: { id: true, number: true }, where: { id: record.ticketId } }) : null;
    const parsed = await parseInbound(this.store.read(record.storedName)).catch(() => null);
    return { record, ticket, parsed };
  }

  async raw(scope: AgentScope, id: number): Promise<{ record: InboundMail; bytes: Buffer }> {
    const record = await this.forAgent(scope, id);
    return { record, bytes: this.store.read(record.storedName) };
  }

  /** Quarantined mail, newest first, a page at a time by the (status, id) index. */
  async quarantine(before: number | null): Promise<QuarantinePage> {
    const rows = await this.db.getRepository(InboundMail).find({
      where: { status: 'quarantined', ...(before ? { id: LessThan(before) } : {}) }, order: { id: 'DESC' }, take: QUARANTINE_PAGE_SIZE + 1,
    });
    const more = rows.length > QUARANTINE_PAGE_SIZE;
    return { rows: rows.slice(0, QUARANTINE_PAGE_SIZE), nextBefore: more ? rows[QUARANTINE_PAGE_SIZE - 1].id : null };
  }

  /** Runs a quarantined mail through the pipeline again (after a fix or a setting change); audited with the outcome. */
  async reprocess(actor: AuditActor, id: number): Promise<InboundResult> {
    const record = await this.quarantined(id);
    const result = await this.inbound.reprocess(record);
    await this.audit.record(actor, {
      action: 'inbound_mail.reprocessed', target: target(record), before: { status: 'quarantined', reason: record.reason },
      after: { status: result.status, reason: result.reason ?? null, ticket: result.ticketNumber ?? null },
    });
    return result;
  }

  /** Throws a quarantined mail away: the record stays (as discarded, for the log), its raw bytes go. Audited. */
  async discard(actor: AuditActor, id: number): Promise<InboundMail> {
    const record = await this.quarantined(id);
    await this.db.transaction(async (manager) => {
      const done = await manager.update(InboundMail, { id, status: 'quarantined' }, { status: 'discarded' });
      if (!done.affected) throw notFound('quarantined mail');
      await this.audit.record(actor, { action: 'inbound_mail.discarded', target: target(record), before: { status: 'quarantined', reason: record.reason }, after: { status: 'discarded' } }, manager);
    });
    this.store.remove(record.storedName);
    return record;
  }

  private async quarantined(id: number): Promise<InboundMail> {
    const record = await this.db.getRepository(InboundMail).findOneBy({ id, status: 'quarantined' });
    if (!record) throw notFound('quarantined mail');
    return record;
  }
}

const target = (r: InboundMail) => ({ type: 'inbound_mail', id: r.id, label: (r.subject ?? r.messageId ?? `mail ${r.id}`).slice(0, 191) });
