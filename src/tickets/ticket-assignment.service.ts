import { Injectable } from '@nestjs/common';
import { invalidField } from '../common/errors';
import { TicketActionRunner } from './ticket-action-runner';
import { AgentScope } from './ticket-access';
import { TicketOptionsService } from './ticket-options.service';

/** What a release takes off the ticket: the agent, the team, or both (osTicket's release dialog). */
export type ReleaseTarget = 'agent' | 'team' | 'both';

/**
 * Team assignment and release (assignment to an agent stays in TicketActionsService.assign). Like
 * osTicket, a ticket may have an agent and a team at once; any active team may be chosen, whatever the
 * ticket's department, and its members then see the ticket through the team.
 */
@Injectable()
export class TicketAssignmentService {
  constructor(
    private readonly runner: TicketActionRunner,
    private readonly options: TicketOptionsService,
  ) {}

  /** Assigns the ticket to a team (reassigning it when another team had it); the comment becomes a note. */
  async assignTeam(scope: AgentScope, ticketId: number, teamId: number | null, comment: string, seenEntryId?: number | null): Promise<void> {
    const team = await this.options.requireTeam(teamId);
    await this.runner.act(scope, ticketId, 'ticket.assign', { kind: 'assign' }, async (ctx) => {
      if (ctx.ticket.teamId === team.id) throw invalidField('teamId', `The ticket is already assigned to ${team.name}.`);
      const previous = ctx.ticket.team?.name ?? null;
      const text = previous ? `${scope.name} reassigned the ticket from team ${previous} to team ${team.name}` : `${scope.name} assigned the ticket to team ${team.name}`;
      await this.runner.update(ctx, { teamId: team.id }, { event: 'assigned', text, data: { teamId: team.id, to: team.name, from: previous } }, scope, comment, 'Assignment comment');
    }, seenEntryId);
  }

  /**
   * Releases the ticket: unassigns its agent, its team, or both (release permission). Releasing what the
   * ticket does not have is a 422 on the field, not a silent success.
   */
  async release(scope: AgentScope, ticketId: number, target: ReleaseTarget, comment: string, seenEntryId?: number | null): Promise<void> {
    await this.runner.act(scope, ticketId, 'ticket.release', { kind: 'release' }, async (ctx) => {
      const agent = target !== 'team' ? ctx.ticket.assignee?.name ?? null : null;
      const team = target !== 'agent' ? ctx.ticket.team?.name ?? null : null;
      if (!agent && !team) {
        const what = { agent: 'an agent', team: 'a team', both: 'an agent or a team' }[target];
        throw invalidField('target', `The ticket is not assigned to ${what}.`);
      }
      const released = [agent, team && `team ${team}`].filter(Boolean).join(' and ');
      await this.runner.update(ctx, { ...(agent ? { staffId: null } : {}), ...(team ? { teamId: null } : {}) }, {
        event: 'released', text: `${scope.name} released the ticket from ${released}`, data: { agent, team },
      }, scope, comment, 'Release comment');
    }, seenEntryId);
  }
}
