import { DataSource } from 'typeorm';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';

/**
 * The lastEntryId a staff ticket page's forms would carry now: the newest thread entry of the ticket
 * (the collision guard refuses a form that saw less). "0" for a ticket without entries.
 */
export async function newestEntryId(db: DataSource, ticketId: number): Promise<string> {
  const [newest] = await db.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'DESC' }, take: 1, select: { id: true } });
  return String(newest?.id ?? 0);
}
