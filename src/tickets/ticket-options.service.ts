import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { invalidField } from '../common/errors';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { SettingsService } from '../settings/settings.service';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { Priority } from './priority.entity';
import { TicketStatus } from './ticket-status.entity';
import { StatusFacts } from './ticket-lifecycle';

/**
 * The values a ticket's fields can take (statuses, priorities, departments, help topics, SLA plans,
 * agents): small admin-managed tables, read whole. Each `require*` turns a submitted id into a row or a
 * 422 naming the field.
 */
@Injectable()
export class TicketOptionsService {
  constructor(
    @InjectRepository(TicketStatus) private readonly statuses: Repository<TicketStatus>,
    @InjectRepository(Priority) private readonly priorities: Repository<Priority>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(HelpTopic) private readonly topics: Repository<HelpTopic>,
    @InjectRepository(SlaPlan) private readonly slaPlans: Repository<SlaPlan>,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    private readonly settings: SettingsService,
  ) {}

  listStatuses = () => this.statuses.find({ where: { isActive: true }, order: { sort: 'ASC', id: 'ASC' } });
  listPriorities = () => this.priorities.find({ where: { isActive: true }, order: { urgency: 'ASC' } });
  listDepartments = () => this.departments.find({ where: { isActive: true }, order: { name: 'ASC' } });
  listSlaPlans = () => this.slaPlans.find({ where: { isActive: true }, order: { name: 'ASC' } });
  listTeams = () => this.teams.find({ where: { isActive: true }, order: { name: 'ASC' } });
  listAgents = () => this.staff.find({ where: { isActive: true }, order: { firstName: 'ASC', lastName: 'ASC' } });

  /** Topics an end user may pick (public and active) or, for agents, every active one. */
  listTopics(audience: 'user' | 'agent'): Promise<HelpTopic[]> {
    return this.topics.find({ where: audience === 'user' ? { isActive: true, isPublic: true } : { isActive: true }, order: { sort: 'ASC', fullName: 'ASC' } });
  }

  async requireTopic(id: number | null, audience: 'user' | 'agent', field = 'topicId'): Promise<HelpTopic> {
    const topic = id ? await this.topics.findOneBy({ id, isActive: true }) : null;
    if (!topic || (audience === 'user' && !topic.isPublic)) throw invalidField(field, 'Choose a help topic from the list.');
    return topic;
  }

  async requireStatus(id: number | null, field = 'statusId'): Promise<TicketStatus> {
    const status = id ? await this.statuses.findOneBy({ id, isActive: true }) : null;
    if (!status) throw invalidField(field, 'Choose a status from the list.');
    return status;
  }

  async requirePriority(id: number | null, field = 'priorityId'): Promise<Priority> {
    const priority = id ? await this.priorities.findOneBy({ id, isActive: true }) : null;
    if (!priority) throw invalidField(field, 'Choose a priority from the list.');
    return priority;
  }

  async requireDepartment(id: number | null, field = 'departmentId'): Promise<Department> {
    const department = id ? await this.departments.findOneBy({ id, isActive: true }) : null;
    if (!department) throw invalidField(field, 'Choose a department from the list.');
    return department;
  }

  async requireSlaPlan(id: number | null, field = 'slaPlanId'): Promise<SlaPlan> {
    const plan = id ? await this.slaPlans.findOneBy({ id, isActive: true }) : null;
    if (!plan) throw invalidField(field, 'Choose an SLA plan from the list.');
    return plan;
  }

  async requireAgent(id: number | null, field = 'staffId'): Promise<Staff> {
    const agent = id ? await this.staff.findOneBy({ id, isActive: true }) : null;
    if (!agent) throw invalidField(field, 'Choose an agent from the list.');
    return agent;
  }

  async requireTeam(id: number | null, field = 'teamId'): Promise<Team> {
    const team = id ? await this.teams.findOneBy({ id, isActive: true }) : null;
    if (!team) throw invalidField(field, 'Choose a team from the list.');
    return team;
  }

  /*
   * The default status, priority and SLA plan are the rows flagged `isDefault`, set on the Ticket Statuses,
   * Priorities and SLA Plans admin pages (which keep one flagged status, in the open state, one flagged
   * priority, and at most one flagged plan, an enabled one). The department and help topic defaults come from the settings. CASE: a default that can no
   * longer serve (a settings default since disabled or deleted, a database without a flagged row) is
   * skipped for the install's own rule, so intake never fails on it.
   */

  /** The status new tickets start in and reopened tickets return to: the flagged default (always an open one). */
  async defaultOpenStatus(): Promise<TicketStatus> {
    return (await this.statuses.findOneBy({ isDefault: true, state: 'open' }))
      ?? (await this.statuses.findOneOrFail({ where: { state: 'open' }, order: { sort: 'ASC', id: 'ASC' } }));
  }

  /** The priority of new tickets whose help topic names none: the flagged default, else the least urgent. */
  async defaultPriority(): Promise<Priority> {
    return (await this.priorities.findOneBy({ isDefault: true }))
      ?? (await this.priorities.findOneOrFail({ where: {}, order: { urgency: 'ASC' } }));
  }

  /** The department a ticket lands in when its topic names none: the settings' one, else the first active one. */
  async defaultDepartment(): Promise<Department> {
    const { defaultDepartmentId } = await this.settings.get();
    const chosen = await this.departments.findOneBy({ id: defaultDepartmentId, isActive: true });
    if (chosen) return chosen;
    const [first] = await this.departments.find({ where: { isActive: true }, order: { id: 'ASC' }, take: 1 });
    return first;
  }

  /** The SLA plan when neither topic nor department names one: the enabled plan flagged default; null when none is. */
  defaultSlaPlan(): Promise<SlaPlan | null> {
    return this.slaPlans.findOneBy({ isDefault: true, isActive: true });
  }

  async departmentSlaPlanId(departmentId: number): Promise<number | null> {
    return (await this.departments.findOneBy({ id: departmentId }))?.slaPlanId ?? null;
  }
}

export const statusFacts = (s: TicketStatus): StatusFacts => ({
  id: s.id, name: s.name, state: s.state, reopenable: s.isReopenable, pausesSla: s.pausesSla,
});
