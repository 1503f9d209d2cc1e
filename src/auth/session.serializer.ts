import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import passport from 'passport';
import { AgentPrincipal } from '../common/request-context';
import { StaffService } from '../staff/staff.service';

/** The session keeps only the agent's id; each request reloads them, so a deactivated agent is out at once. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly staff: StaffService) {
    super();
    // CASE: passport is one process-wide object and each Nest app adds its serializers to it. Keep only
    // this app's, so a process that builds a second app (the CLI, tests) never reaches a closed database.
    const registry = passport as unknown as { _serializers: unknown[]; _deserializers: unknown[] };
    registry._serializers = registry._serializers.slice(-1);
    registry._deserializers = registry._deserializers.slice(-1);
  }

  serializeUser(agent: AgentPrincipal, done: (err: Error | null, id?: number) => void): void {
    done(null, agent.id);
  }

  async deserializeUser(id: number, done: (err: Error | null, agent?: AgentPrincipal | false) => void): Promise<void> {
    try {
      const agent = typeof id === 'number' ? await this.staff.findActive(id) : null;
      done(null, agent ? { id: agent.id, name: agent.name, isAdmin: agent.isAdmin } : false);
    } catch (err) {
      done(err as Error);
    }
  }
}
