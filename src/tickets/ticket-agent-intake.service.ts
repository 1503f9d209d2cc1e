import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, invalidField } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { Department } from '../departments/department.entity';
import type { SubmittedValue } from '../forms/field-values';
import { Permission } from '../staff/permissions';
import { User } from '../users/user.entity';
import { AgentScope } from './ticket-access';
import { TicketActionsService } from './ticket-actions.service';
import { TicketIntakeService } from './ticket-intake.service';
import { TicketOptionsService } from './ticket-options.service';
import { Ticket } from './ticket.entity';

/** How an agent heard from the user: walk-ins are "other", as in osTicket. */
export const AGENT_SOURCES = ['phone', 'email', 'other'] as const;
export type AgentSource = (typeof AGENT_SOURCES)[number];

export interface AgentOpenInput {
  /** The user picked from the lookup; else the user with `email`, or a new one (email + name + phone). */
  userId: number | null;
  email: string;
  name: string;
  phone: string | null;
  source: AgentSource;
  topicId: number;
  departmentId: number;
  priorityId: number | null;
  /** undefined: the usual default plan; null: no plan. */
  slaPlanId: number | null | undefined;
  staffId: number | null;
  subject: string;
  message: string;
  uploads: UploadedFile[];
  uploadError?: string;
  /**
   * Answers to the help topic's custom fields, by input name (`cf_<name>`): every active field of the
   * topic's form, agents-only ones included, checked by the same rules as the portal's.
   */
  fields: Record<string, SubmittedValue>;
  /** An optional first response: a reply the user sees, or an internal note. */
  response: { kind: 'reply' | 'note'; message: string } | null;
}

/**
 * Agents opening a ticket on a user's behalf (phone call, email, walk-in). Everything the agent chose is
 * checked against their access first: 'ticket.create' in the chosen department, which must be one of
 * theirs; 'ticket.assign' to name an assignee; 'ticket.reply' for a first reply. Then the ticket opens
 * through TicketIntakeService like any other, and the first reply or note goes through
 * TicketActionsService like any later one.
 */
@Injectable()
export class TicketAgentIntakeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly intake: TicketIntakeService,
    private readonly actions: TicketActionsService,
    private readonly options: TicketOptionsService,
  ) {}

  /** The active departments where the agent may open tickets; empty means the agent may not open any. */
  async departmentsFor(scope: AgentScope): Promise<Department[]> {
    const all = await this.options.listDepartments();
    return all.filter((d) => allows(scope, d.id, 'ticket.create'));
  }

  /** Refuses an agent whose role allows opening tickets in none of their departments (403). */
  async requireCreator(scope: AgentScope): Promise<Department[]> {
    const departments = await this.departmentsFor(scope);
    if (departments.length === 0) throw new DomainError('forbidden', 'Your role does not allow you to open tickets.');
    return departments;
  }

  /** Opens the ticket; `responseRefused` says why a first reply or note could not follow (the ticket stands). */
  async open(scope: AgentScope, input: AgentOpenInput): Promise<{ ticket: Ticket; responseRefused: string | null }> {
    await this.requireCreator(scope);
    const errors: Record<string, string> = {};
    const department = await this.options.requireDepartment(input.departmentId);
    // CASE: a department outside the agent's reach is refused like one that does not exist (SECURITY 2).
    if (!allows(scope, department.id, 'ticket.create')) throw invalidField('departmentId', 'Choose a department from the list.');
    if (input.staffId !== null && !allows(scope, department.id, 'ticket.assign')) errors.staffId = 'Your role does not allow you to assign tickets in this department.';
    if (input.response?.kind === 'reply' && !allows(scope, department.id, 'ticket.reply')) errors.response = 'Your role does not allow you to reply in this department.';
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
    const [priority, assignee] = await Promise.all([
      input.priorityId === null ? null : this.options.requirePriority(input.priorityId),
      input.staffId === null ? null : this.options.requireAgent(input.staffId),
      input.slaPlanId ? this.options.requireSlaPlan(input.slaPlanId) : null,
    ]);
    const contact = await this.contact(input);
    const ticket = await this.intake.open({
      ...contact, topicId: input.topicId, subject: input.subject, message: input.message, source: input.source,
      uploads: input.uploads, uploadError: input.uploadError, fields: input.fields,
      agentOrigin: { staffId: scope.staffId, staffName: scope.name, department, priority, slaPlanId: input.slaPlanId, assignee },
    });
    // CASE: the first response is a second step (as if posted a moment later): should it fail, the
    // ticket stays open without it and the agent replies from the ticket page.
    if (!input.response) return { ticket, responseRefused: null };
    const post = { message: input.response.message, statusId: null, uploads: [] };
    try {
      if (input.response.kind === 'reply') await this.actions.reply(scope, ticket.id, post);
      else await this.actions.note(scope, ticket.id, { ...post, title: 'Internal note' });
      return { ticket, responseRefused: null };
    } catch (err) {
      if (err instanceof DomainError && err.code !== 'service_unavailable') return { ticket, responseRefused: err.message };
      throw err;
    }
  }

  /** Who the ticket is for: the picked user, an existing user by email, or a new user (a name is then needed). */
  private async contact(input: AgentOpenInput): Promise<{ email: string; name: string; phone: string | null }> {
    const users = this.db.getRepository(User);
    if (input.userId !== null) {
      const picked = await users.findOneBy({ id: input.userId });
      if (!picked) throw invalidField('email', 'That user no longer exists. Look them up again.');
      return { email: picked.email, name: picked.name, phone: input.phone };
    }
    if (!input.email) throw invalidField('email', 'Enter the user\'s email address, or pick a user.');
    const existing = await users.findOneBy({ email: input.email.trim().toLowerCase() });
    if (!existing && !input.name) throw invalidField('name', 'No user has this email yet: enter their full name.');
    return { email: input.email, name: existing?.name ?? input.name, phone: input.phone };
  }
}

/** Whether the agent's role in this department (one of theirs) allows the permission; admins may do everything. */
function allows(scope: AgentScope, departmentId: number, permission: Permission): boolean {
  if (scope.isAdmin) return true;
  return scope.departmentIds.includes(departmentId) && (scope.permissionsByDepartment[departmentId] ?? []).includes(permission);
}
