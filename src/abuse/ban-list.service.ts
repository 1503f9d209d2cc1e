import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalidField, notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { BannedSender } from './ban-list.entity';
import { banCandidates, parseBanEntry } from './ban-rules';

export const BAN_PAGE_SIZE = 50;
const ENTRY_MESSAGE = 'Enter an email address (spam@example.com) or a domain (example.com).';

export interface BanPage {
  rows: BannedSender[];
  /** The id to pass as `before` for the next page, when there is one. */
  nextBefore: number | null;
}

/** The ban list of email addresses and domains (banned senders open no tickets and register no account). */
@Injectable()
export class BanListService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Whether mail or forms from this address must be refused: the address itself, or its domain or a
   * parent domain, is on the list. One indexed lookup.
   */
  async isBanned(email: string): Promise<boolean> {
    const count = await this.db.getRepository(BannedSender).countBy({ value: In(banCandidates(email)) });
    return count > 0;
  }

  /** Newest first, BAN_PAGE_SIZE at a time (keyset on id), optionally only values containing `search`. */
  async list(search: string, before: number | null): Promise<BanPage> {
    const query = this.db.getRepository(BannedSender).createQueryBuilder('b').orderBy('b.id', 'DESC').take(BAN_PAGE_SIZE + 1);
    if (search) query.andWhere("b.value LIKE :term ESCAPE '!'", { term: containsPattern(search.toLowerCase()) });
    if (before) query.andWhere('b.id < :before', { before });
    const rows = await query.getMany();
    const more = rows.length > BAN_PAGE_SIZE;
    return { rows: rows.slice(0, BAN_PAGE_SIZE), nextBefore: more ? rows[BAN_PAGE_SIZE - 1].id : null };
  }

  /** Adds an address or domain (422 on `value` when it is neither, or already listed); audited. */
  async add(actor: AuditActor, input: { value: string; note: string }): Promise<BannedSender> {
    const entry = parseBanEntry(input.value);
    if (!entry) throw invalidField('value', ENTRY_MESSAGE);
    return this.db.transaction(async (manager) => {
      const repo = manager.getRepository(BannedSender);
      if (await repo.existsBy({ value: entry.value })) throw invalidField('value', `${entry.value} is already on the ban list.`);
      const row = await repo.save(repo.create({
        ...entry, note: input.note.trim() || null, createdBy: actor.type === 'staff' ? actor.id : null, createdAt: this.clock.now(),
      }));
      await this.audit.record(actor, { action: 'ban_list.added', target: { type: 'banned_sender', id: row.id, label: row.value }, after: { kind: row.kind, value: row.value, note: row.note } }, manager);
      return row;
    });
  }

  /** Takes an entry off the list; audited. */
  async remove(actor: AuditActor, id: number): Promise<BannedSender> {
    return this.db.transaction(async (manager) => {
      const repo = manager.getRepository(BannedSender);
      const row = await repo.findOneBy({ id });
      if (!row) throw notFound('ban-list entry');
      await repo.delete({ id });
      await this.audit.record(actor, { action: 'ban_list.removed', target: { type: 'banned_sender', id: row.id, label: row.value }, before: { kind: row.kind, value: row.value, note: row.note } }, manager);
      return row;
    });
  }
}
