import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { isConstraintViolation, isDatabaseUnavailable } from '../common/database-errors';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { Ticket } from '../tickets/ticket.entity';
import { InboundMail, InboundSource } from './inbound-mail.entity';
import { messageIdsOf, parseInbound, ParsedInbound, rawHeaders } from './inbound-parser';
import { AlreadyProcessed, InboundProcessor, Processed } from './inbound-processor.service';
import { contentHash, dedupeKey } from './mail-fingerprint';
import { checkMimeLimits, DEFAULT_MIME_LIMITS, looksLikeMessage } from './mime-limits';
import { RawMailStore } from './raw-mail-store';

export interface InboundSourceRef {
  kind: InboundSource;
  emailAccountId: number | null;
  /** Where the fetcher found it (an IMAP UID), for the record. */
  remoteRef?: string;
}

export interface InboundResult {
  inboundId: number;
  status: 'created' | 'appended' | 'duplicate' | 'quarantined' | 'ignored' | 'bounce_recorded';
  ticketNumber?: string;
  reason?: string;
}

/**
 * The one way inbound mail enters (pipe and IMAP alike), following SECURITY 6 and 7:
 * 1. the raw bytes go to a synced file, then a `received` row; a second delivery of the same mail to the
 *    same mailbox (Message-ID + content hash) hits the unique index and is a duplicate;
 * 2. limits are checked, the mail is parsed, and what it does is written in one transaction that also
 *    claims the row; mail that breaks a limit or cannot be parsed is quarantined, never dropped.
 * It returns only after the commit, and throws only when nothing could be committed (the database is
 * down): then the caller must not acknowledge the mail, and its retry finishes the `received` row.
 */
@Injectable()
export class InboundMailService {
  private readonly logger = new Logger(InboundMailService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: RawMailStore,
    private readonly processor: InboundProcessor,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async receive(raw: Buffer, source: InboundSourceRef): Promise<InboundResult> {
    const record = await this.record(raw, source);
    if ('duplicate' in record) return record.duplicate;
    return this.processRecord(record.row, raw);
  }

  /**
   * Runs a `received` or quarantined record again (an admin's "reprocess", or a retry after a failure),
   * from its stored raw bytes.
   */
  async reprocess(row: InboundMail): Promise<InboundResult> {
    if (row.status === 'quarantined') {
      const reset = await this.db.getRepository(InboundMail).update({ id: row.id, status: 'quarantined' }, { status: 'received', reason: null });
      if (!reset.affected) return this.resultOf(row.id, 'duplicate');
      row.status = 'received';
    }
    return this.processRecord(row, this.store.read(row.storedName));
  }

  /** Stores the bytes and the row; a known mail comes back as a duplicate (or is finished, if its first run was cut short). */
  private async record(raw: Buffer, source: InboundSourceRef): Promise<{ row: InboundMail } | { duplicate: InboundResult }> {
    const headers = rawHeaders(raw);
    const messageId = messageIdsOf(headers.get('message-id')?.[0])[0] ?? null;
    const hash = contentHash(raw);
    const key = dedupeKey(source.emailAccountId, messageId, hash);
    const existing = await this.db.getRepository(InboundMail).findOneBy({ dedupeKey: key });
    // CASE: stored but never processed (the database went away mid-way, the pipe answered 500, the mail server retried): finish it.
    if (existing) return existing.status === 'received' ? { row: existing } : { duplicate: await this.resultOf(existing.id, 'duplicate') };
    const storedName = this.store.write(raw);
    const repo = this.db.getRepository(InboundMail);
    try {
      const row = await repo.save(repo.create({
        source: source.kind, emailAccountId: source.emailAccountId, remoteRef: source.remoteRef?.slice(0, 191) ?? null,
        messageId: messageId && messageId.length <= 191 ? messageId : null, contentHash: hash, dedupeKey: key, storedName, size: raw.length,
        fromAddress: firstAddress(headers.get('from')?.[0]), subject: decodeLoosely(headers.get('subject')?.[0]),
        status: 'received', reason: null, autoRespond: false, ticketId: null, threadEntryId: null, createdAt: this.clock.now(), processedAt: null,
      }));
      return { row };
    } catch (err) {
      this.store.remove(storedName);
      // CASE: the same mail delivered twice at once: the unique index lets one row in.
      if (isConstraintViolation(err, 'unique')) {
        const winner = await repo.findOneBy({ dedupeKey: key });
        if (winner) return { duplicate: await this.resultOf(winner.id, 'duplicate') };
      }
      throw err;
    }
  }

  private async processRecord(row: InboundMail, raw: Buffer): Promise<InboundResult> {
    let outcome: Processed;
    try {
      outcome = await this.decide(row, raw);
    } catch (err) {
      if (err instanceof AlreadyProcessed) return this.resultOf(row.id, 'duplicate');
      if (isDatabaseUnavailable(err)) throw err;
      // Anything else (a rule refusing, a bug, a parser crash): kept for an admin, never lost.
      const reason = err instanceof DomainError ? `refused: ${err.message}` : `processing failed: ${err instanceof Error ? err.message : String(err)}`;
      if (!(err instanceof DomainError)) this.logger.error(`inbound mail ${row.id} could not be processed`, err instanceof Error ? err.stack : undefined);
      try {
        outcome = await this.processor.finish(row, { status: 'quarantined', reason });
      } catch (again) {
        if (again instanceof AlreadyProcessed) return this.resultOf(row.id, 'duplicate');
        throw again;
      }
    }
    return this.resultOf(row.id, outcome.status, outcome.reason, outcome.ticketId);
  }

  private async decide(row: InboundMail, raw: Buffer): Promise<Processed> {
    if (raw.length === 0 || !looksLikeMessage(raw)) return this.processor.finish(row, { status: 'quarantined', reason: 'not a mail message (no header section)' });
    const limits = checkMimeLimits(raw, { ...DEFAULT_MIME_LIMITS, maxBytes: this.config.inboundMail.maxBytes });
    if (!limits.ok) return this.processor.finish(row, { status: 'quarantined', reason: `over a limit: ${limits.reason}` });
    let mail: ParsedInbound;
    try {
      mail = await parseInbound(raw);
    } catch (err) {
      return this.processor.finish(row, { status: 'quarantined', reason: `could not parse: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500) });
    }
    return this.processor.process(row, mail);
  }

  private async resultOf(inboundId: number, status: InboundResult['status'], reason?: string, ticketId?: number): Promise<InboundResult> {
    const row = status === 'duplicate' ? await this.db.getRepository(InboundMail).findOneBy({ id: inboundId }) : null;
    const id = ticketId ?? row?.ticketId ?? undefined;
    const ticket = id ? await this.db.getRepository(Ticket).findOne({ select: { id: true, number: true }, where: { id } }) : null;
    return { inboundId, status, ...(ticket ? { ticketNumber: ticket.number } : {}), reason: reason ?? row?.reason ?? undefined };
  }
}

function firstAddress(value: string | undefined): string | null {
  const match = /[^\s<>"',;:]+@[^\s<>"',;:]+/.exec(value ?? '');
  return match ? match[0].toLowerCase().slice(0, 191) : null;
}

/** For the quarantine list only (the parser decodes properly later): RFC 2047 words of UTF-8 and Latin-1. */
function decodeLoosely(value: string | undefined): string | null {
  if (!value) return null;
  const decoded = value.replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi, (_all, charset: string, enc: string, text: string) => {
    const bytes = enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return /utf-?8/i.test(charset) ? bytes.toString('utf8') : bytes.toString('latin1');
  });
  // eslint-disable-next-line no-control-regex
  return decoded.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 255) || null;
}
