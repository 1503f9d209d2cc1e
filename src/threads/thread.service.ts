import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
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
}

/** A ticket's thread: entries are appended, never edited, so concurrent posts are never lost. */
@Injectable()
export class ThreadService {
  constructor(
    @InjectRepository(ThreadEntry) private readonly entries: Repository<ThreadEntry>,
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
  ) {}

  appendEntry(manager: EntityManager, e: NewEntry): Promise<ThreadEntry> {
    const repo = manager.getRepository(ThreadEntry);
    return repo.save(repo.create({
      ticketId: e.ticketId, type: e.type, event: null, staffId: e.staffId ?? null, userId: e.userId ?? null,
      posterName: e.posterName, title: e.title ?? null, body: e.body, data: null, createdAt: e.at,
    }));
  }

  appendEvent(manager: EntityManager, e: NewEvent): Promise<ThreadEntry> {
    const repo = manager.getRepository(ThreadEntry);
    return repo.save(repo.create({
      ticketId: e.ticketId, type: 'event', event: e.event, staffId: e.staffId ?? null, userId: e.userId ?? null,
      posterName: e.posterName, title: null, body: e.text, data: e.data ?? null, createdAt: e.at,
    }));
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
    return { entries, attachmentsByEntry };
  }
}
