import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DomainError } from '../common/errors';
import { AgentScope, canSeeTicket } from './ticket-access';
import { TicketActionsService } from './ticket-actions.service';
import { TicketAssignmentService } from './ticket-assignment.service';
import { TicketOptionsService } from './ticket-options.service';
import { Ticket } from './ticket.entity';

export type BulkAction =
  | { kind: 'assign'; staffId: number }
  | { kind: 'team'; teamId: number }
  | { kind: 'transfer'; departmentId: number }
  | { kind: 'status'; statusId: number }
  | { kind: 'priority'; priorityId: number };

export interface BulkOutcome {
  ticketId: number;
  /** The ticket's number when the agent may see it; null for one that does not exist or is out of reach. */
  number: string | null;
  ok: boolean;
  message: string;
}

/**
 * Bulk actions from a ticket list. Each ticket goes through TicketActionsService on its own (its own
 * access check, role permission, lifecycle rule and transaction), so one refusal never blocks or undoes
 * the others, and the outcome says per ticket what happened.
 */
@Injectable()
export class TicketBulkActionsService {
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly actions: TicketActionsService,
    private readonly assignment: TicketAssignmentService,
    private readonly options: TicketOptionsService,
  ) {}

  async run(scope: AgentScope, ticketIds: number[], action: BulkAction): Promise<BulkOutcome[]> {
    const target = await this.target(action);
    const ids = [...new Set(ticketIds)];
    const rows = await this.tickets.find({ where: { id: In(ids) }, select: { id: true, number: true, departmentId: true, staffId: true, teamId: true } });
    // SECURITY 1: the number of a ticket the agent may not see is never shown; it reads as "not found".
    const numbers = new Map(rows.filter((t) => canSeeTicket(scope, t)).map((t) => [t.id, t.number]));
    const outcomes: BulkOutcome[] = [];
    for (const id of ids) {
      const number = numbers.get(id) ?? null;
      try {
        await this.apply(scope, id, action);
        outcomes.push({ ticketId: id, number, ok: true, message: `${target}.` });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        outcomes.push({ ticketId: id, number: err.code === 'not_found' ? null : number, ok: false, message: err.message });
      }
    }
    return outcomes;
  }

  /** Checks the target once (an unknown agent, status... is one 422 with nothing written) and names the change. */
  private async target(action: BulkAction): Promise<string> {
    switch (action.kind) {
      case 'assign':
        return `Assigned to ${(await this.options.requireAgent(action.staffId)).name}`;
      case 'team':
        return `Assigned to team ${(await this.options.requireTeam(action.teamId)).name}`;
      case 'transfer':
        return `Transferred to ${(await this.options.requireDepartment(action.departmentId)).name}`;
      case 'status':
        return `Status changed to ${(await this.options.requireStatus(action.statusId)).name}`;
      case 'priority':
        return `Priority set to ${(await this.options.requirePriority(action.priorityId)).name}`;
    }
  }

  private apply(scope: AgentScope, id: number, action: BulkAction): Promise<void> {
    switch (action.kind) {
      case 'assign':
        return this.actions.assign(scope, id, action.staffId, '');
      case 'team':
        return this.assignment.assignTeam(scope, id, action.teamId, '');
      case 'transfer':
        return this.actions.transfer(scope, id, action.departmentId, '');
      case 'status':
        return this.actions.changeStatus(scope, id, action.statusId, '');
      case 'priority':
        return this.actions.setPriority(scope, id, action.priorityId);
    }
  }
}
