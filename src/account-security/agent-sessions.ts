import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { SessionRecord } from '../auth/session.entity';

/**
 * Ends an agent's browser sessions, in the caller's transaction. A session row's data is the
 * express-session JSON, where passport keeps the agent's id as `passport.user`.
 */
@Injectable()
export class AgentSessions {
  /** Deletes every session signed in as the agent except `keepSid` (the current one); returns how many. */
  async end(manager: EntityManager, staffId: number, keepSid: string | null = null): Promise<number> {
    const candidates = await manager
      .getRepository(SessionRecord)
      .createQueryBuilder('s')
      .select(['s.sid', 's.data'])
      .where('s.data LIKE :pattern', { pattern: `%"user":${staffId}%` })
      .getMany();
    const sids = candidates.filter((s) => s.sid !== keepSid && sessionUser(s.data) === staffId).map((s) => s.sid);
    if (sids.length > 0) await manager.getRepository(SessionRecord).delete({ sid: In(sids) });
    return sids.length;
  }
}

function sessionUser(data: string): unknown {
  try {
    return (JSON.parse(data) as { passport?: { user?: unknown } }).passport?.user;
  } catch {
    return undefined;
  }
}
