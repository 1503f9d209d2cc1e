import { EntityManager, In } from 'typeorm';
import { SessionRecord } from './session.entity';

/**
 * Ends an agent's browser sessions, in the caller's transaction: every session signed in as the agent
 * except `keepSid` (the current one, when the agent changes their own password). Returns how many.
 *
 * A plain function over the transaction's manager, so the agents admin (StaffModule, which AuthModule
 * imports) and account security can both use it without a module cycle. A session row's data is the
 * express-session JSON, where passport keeps the agent's id as `passport.user`.
 */
export async function endAgentSessions(manager: EntityManager, staffId: number, keepSid: string | null = null): Promise<number> {
  const sessions = manager.getRepository(SessionRecord);
  const candidates = await sessions
    .createQueryBuilder('s')
    .select(['s.sid', 's.data'])
    .where('s.data LIKE :pattern', { pattern: `%"user":${staffId}%` })
    .getMany();
  const sids = candidates.filter((s) => s.sid !== keepSid && sessionUser(s.data) === staffId).map((s) => s.sid);
  if (sids.length > 0) await sessions.delete({ sid: In(sids) });
  return sids.length;
}

function sessionUser(data: string): unknown {
  try {
    return (JSON.parse(data) as { passport?: { user?: unknown } }).passport?.user;
  } catch {
    return undefined;
  }
}
