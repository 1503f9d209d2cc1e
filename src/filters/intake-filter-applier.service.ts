import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CannedResponse } from '../canned/canned.entities';
import { CannedResponsesService } from '../canned/canned.service';
import { DomainError } from '../common/errors';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { ThreadService } from '../threads/thread.service';
import { Priority } from '../tickets/priority.entity';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { UsersService } from '../users/users.service';
import { FilterOutcome, IntakeSample } from './filter-engine';
import { FilterReferencesService } from './filter-references.service';
import { TicketCollaborator } from './filters.entities';
import { IntakeFiltersService } from './intake-filters.service';

/** What a refused sender is told: nothing about the rule that refused them. */
export const REJECTED_MESSAGE = 'We could not accept this ticket. Please contact us another way.';

/** Who automatic filter replies are posted as. */
export const FILTER_POSTER = 'RelayDesk';

/**
 * What the filters decided for a new ticket, with the rows they name already loaded. A setting whose
 * row is gone or disabled since the rule was saved is null here (and reported as skipped).
 */
export interface FilterDecision {
  outcome: FilterOutcome;
  department: Department | null;
  priority: Priority | null;
  slaPlan: SlaPlan | null;
  topic: HelpTopic | null;
  status: TicketStatus | null;
  agent: Staff | null;
  team: Team | null;
  canned: CannedResponse[];
  /** One line per matched rule: “VIP customers”: set priority to “High”, assign to agent “Jane Roe”. */
  lines: string[];
}

export interface FilteredTicket {
  id: number;
  number: string;
  subject: string;
  userId: number;
  departmentName: string;
}

/**
 * Intake filters at work on a new ticket: `decide` runs them before the ticket's transaction (a
 * rejection stops intake with nothing written); `record` writes their side effects inside it
 * (collaborators, canned replies with their mail, and one `filters_applied` thread event).
 */
@Injectable()
export class IntakeFilterApplier {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly filters: IntakeFiltersService,
    private readonly references: FilterReferencesService,
    private readonly canned: CannedResponsesService,
    private readonly users: UsersService,
    private readonly threads: ThreadService,
    private readonly mail: MailOutboxService,
  ) {}

  /** Runs the active filters on the sample; a rejection is a 422 with the neutral REJECTED_MESSAGE. */
  async decide(sample: IntakeSample): Promise<FilterDecision> {
    const outcome = await this.filters.evaluate(sample);
    // CASE: the refusal names no rule or field, so a sender cannot probe the filters.
    if (outcome.rejected) throw new DomainError('validation_failed', REJECTED_MESSAGE);
    const find = <T extends object>(entity: new () => T, id: number | undefined, where: Record<string, unknown> = {}) =>
      id ? this.db.getRepository(entity).findOneBy({ id, ...where } as never) : Promise.resolve(null);
    // CASE: a row disabled or deleted since the rule was saved is skipped; intake falls back to the usual defaults.
    const [department, priority, slaPlan, topic, status, agent, team, canned] = await Promise.all([
      find(Department, outcome.departmentId, { isActive: true }),
      find(Priority, outcome.priorityId),
      find(SlaPlan, outcome.slaPlanId, { isActive: true }),
      find(HelpTopic, outcome.helpTopicId, { isActive: true }),
      find(TicketStatus, outcome.statusId, { state: 'open', isActive: true }),
      find(Staff, outcome.assignStaffId, { isActive: true }),
      find(Team, outcome.assignTeamId, { isActive: true }),
      outcome.cannedResponseIds.length > 0
        ? this.db.getRepository(CannedResponse).findBy({ id: In(outcome.cannedResponseIds), isActive: true })
        : Promise.resolve([]),
    ]);
    const usable = (p: Priority | null) => (p?.isActive ? p : null);
    const lines = await Promise.all(outcome.matched.map(async (m) => {
      const actions = await this.references.describe(m.applied);
      return `“${m.ruleName}”: ${actions.length > 0 ? actions.join(', ') : 'no actions'}`;
    }));
    const ordered = outcome.cannedResponseIds.map((id) => canned.find((c) => c.id === id)).filter((c): c is CannedResponse => !!c);
    return { outcome, department, priority: usable(priority), slaPlan, topic, status, agent, team, canned: ordered, lines };
  }

  /**
   * Inside the new ticket's transaction: adds the collaborators (found or created as end users), posts
   * each canned reply as a response by RelayDesk and queues it to the user, and records what the rules
   * did as one `filters_applied` event. Returns whether mail was queued (kick the outbox after commit).
   * `mailUser` false (mail a machine wrote, RFC 3834) keeps the canned replies in the thread but never mails them.
   */
  async record(manager: EntityManager, ticket: FilteredTicket, user: { name: string; email: string }, decision: FilterDecision, at: Date, mailUser = true): Promise<boolean> {
    const { outcome } = decision;
    if (outcome.matched.length === 0) return false;
    const added: string[] = [];
    for (const email of outcome.collaborators) {
      const person = await this.users.findOrCreate({ email, name: email.split('@')[0] || email }, manager);
      // CASE: the ticket's own user is never their own collaborator (the engine compares the typed address).
      if (person.id === ticket.userId || added.includes(person.email)) continue;
      await manager.getRepository(TicketCollaborator).insert({ ticketId: ticket.id, userId: person.id, addedAt: at });
      added.push(person.email);
    }
    for (const response of decision.canned) {
      const body = this.canned.render(response.body, {
        'ticket.number': ticket.number, 'ticket.subject': ticket.subject, 'user.name': user.name, 'user.email': user.email,
        'agent.name': FILTER_POSTER, 'department.name': ticket.departmentName,
      });
      // CASE: an automatic reply is not an agent's answer, so it leaves isAnswered and the first-response clock alone.
      await this.threads.appendEntry(manager, { ticketId: ticket.id, type: 'response', posterName: FILTER_POSTER, body, at });
      if (mailUser) await this.mail.enqueue(manager, {
        to: user.email, subject: `[#${ticket.number}] ${ticket.subject}`, text: body, headers: { 'Auto-Submitted': 'auto-replied' },
      });
    }
    await this.threads.appendEvent(manager, {
      ticketId: ticket.id, event: 'filters_applied', posterName: FILTER_POSTER, at,
      text: `Intake filters applied: ${decision.lines.join('; ')}`,
      data: {
        rules: outcome.matched.map((m) => m.ruleId).join(','),
        collaborators: added.join(', ') || null,
        suppressAutoresponse: outcome.suppressAutoresponse ? 1 : 0,
      },
    });
    return mailUser && decision.canned.length > 0;
  }

  /** Delivers the queued canned replies soon; call after the ticket's transaction committed. */
  kick(): void {
    this.mail.kick();
  }
}
