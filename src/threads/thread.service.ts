import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { InboundMail } from '../inbound-mail/inbound-mail.entity';
import { ThreadEntry, ThreadEntryType, ThreadEventName } from './thread-entry.entity';

export interface NewEntry {
  ticketId: number;
  type: Exclude<ThreadEntryType, 'event'>;
  staffId?: number | null;
  userId?: number | null;
  posterName: string;
  title?: string | null;
  body: string;
  at: Date;
}

export interface NewEvent {
  ticketId: number;
  event: ThreadEventName;
  staffId?: number | null;
  userId?: number | null;
  posterName: string;
  /** The sentence shown in the thread: "John Doe assigned the ticket to Jane Roe". */
  text: string;
  data?: Record<string, string | number | null>;
  at: Date;
}

export interface ThreadView {
  entries: ThreadEntry[];
  attachmentsByEntry: Map<number, Attachment[]>;
  /** Agents only: the inbound mail behind an entry, and why it landed on this ticket. */
  mailByEntry?: Map<number, { inboundId: number; reason: string | null }>;
}

/** Told of every appended entry and event, inside the append's transaction (see onAppend). */
export type ThreadAppendListener = (manager: EntityManager, entry: ThreadEntry) => Promise<void>;

/**
 * Listeners by database: several modules provide their own ThreadService, and a test process may run
 * two apps, so the hook hangs on the DataSource the entry is written to, not on a service instance.
 */
const LISTENERS = new WeakMap<DataSource, ThreadAppendListener[]>();

/** A ticket's thread: entries are appended, never edited, so concurrent posts are never lost. */
@Injectable()
export class ThreadService {
  constructor(
    @InjectRepository(ThreadEntry) private readonly entries: Repository<ThreadEntry>,
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
  ) {}

  /**
   * Every entry and event passes here, whatever wrote it: so what follows from thread activity (the
   * notification mails) hangs on one hook instead of being repeated in every ticket action.
   */
  static onAppend(db: DataSource, listener: ThreadAppendListener): () => void {
    LISTENERS.set(db, [...(LISTENERS.get(db) ?? []), listener]);
    return () => LISTENERS.set(db, (LISTENERS.get(db) ?? []).filter((l) => l !== listener));
  }

  async appendEntry(manager: EntityManager, e: NewEntry): Promise<ThreadEntry> {
    const repo = manager.getRepository(ThreadEntry);
    return this.appended(manager, await repo.save(repo.create({
      ticketId: e.ticketId, type: e.type, event: null, staffId: e.staffId ?? null, userId: e.userId ?? null,
      posterName: e.posterName, title: e.title ?? null, body: e.body, data: null, createdAt: e.at,
    })));
  }

  async appendEvent(manager: EntityManager, e: NewEvent): Promise<ThreadEntry> {
    const repo = manager.getRepository(ThreadEntry);
    return this.appended(manager, await repo.save(repo.create({
      ticketId: e.ticketId, type: 'event', event: e.event, staffId: e.staffId ?? null, userId: e.userId ?? null,
      posterName: e.posterName, title: null, body: e.text, data: e.data ?? null, createdAt: e.at,
    })));
  }

  private async appended(manager: EntityManager, entry: ThreadEntry): Promise<ThreadEntry> {
    for (const listener of LISTENERS.get(manager.connection) ?? []) await listener(manager, entry);
    return entry;
  }

  /**
   * The thread oldest first, with each entry's attachments, in two queries. End users never get
   * internal notes or events (`audience: 'user'`).
   */
  async load(ticketId: number, audience: 'agent' | 'user'): Promise<ThreadView> {
    const types: ThreadEntryType[] = audience === 'user' ? ['message', 'response'] : ['message', 'response', 'note', 'event'];
    const entries = await this.entries.find({ where: { ticketId, type: In(types) }, order: { id: 'ASC' } });
    const attachmentsByEntry = new Map<number, Attachment[]>();
    const withFiles = entries.filter((e) => e.type !== 'event').map((e) => e.id);
    if (withFiles.length > 0) {
      const files = await this.attachments.find({ where: { ticketId, threadEntryId: In(withFiles) }, order: { id: 'ASC' } });
      for (const f of files) attachmentsByEntry.set(f.threadEntryId, [...(attachmentsByEntry.get(f.threadEntryId) ?? []), f]);
    }
    if (audience === 'user') return { entries, attachmentsByEntry };
    // One indexed query (inbound_mails_ticket_idx) for the whole thread.
    const mails = await this.entries.manager.getRepository(InboundMail).find({ select: { id: true, threadEntryId: true, reason: true }, where: { ticketId } });
    const mailByEntry = new Map(mails.filter((m) => m.threadEntryId !== null).map((m) => [m.threadEntryId!, { inboundId: m.id, reason: m.reason }]));
    return { entries, attachmentsByEntry, mailByEntry };
  }
}
