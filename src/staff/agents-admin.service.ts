import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { cancelResetLinks } from '../account-security/reset-links';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { endAgentSessions } from '../auth/agent-sessions';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { generatePassword, hashPassword } from '../common/password';
import { FormErrors } from '../common/view-models';
import { Department } from '../departments/department.entity';
import { TeamMember } from '../teams/team-member.entity';
import { Team } from '../teams/team.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { Ticket } from '../tickets/ticket.entity';
import { passwordPolicyErrors } from '../account-security/password-policy';
import { AccessRow, extendedAccessProblem, lastAdminProblem, selfLockoutErrors } from './agent-rules';
import { Role } from './role.entity';
import { StaffDepartmentAccess } from './staff-department-access.entity';
import { Staff } from './staff.entity';

/** What the agent form sets. Ids are validated integers; null when a required select was left empty. */
export interface AgentInput {
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  phone: string | null;
  timezone: string | null;
  departmentId: number;
  roleId: number;
  extendedAccess: AccessRow[];
  teamIds: number[];
  isAdmin: boolean;
  isActive: boolean;
  isLocked: boolean;
  onVacation: boolean;
  mustChangePassword: boolean;
  signature: string | null;
}

/** A password the admin typed (twice), or one RelayDesk generates and shows once. */
export type PasswordChoice = { generate: true } | { generate: false; password: string; confirm: string };

export interface PasswordOutcome {
  agent: Staff;
  /** Only when generated: shown to the admin once, never stored in plain. */
  generatedPassword: string | null;
}

type Snapshot = Record<string, unknown>;

const validation = (errors: FormErrors) => new DomainError('validation_failed', Object.values(errors)[0], errors);

/**
 * The admin's changes to agents. Each method checks its rules inside one transaction with the write
 * and its audit record; a refusal changes nothing. Passwords are hashed before the transaction starts
 * (argon2 is slow on purpose) and never written to the audit log.
 */
@Injectable()
export class AgentsAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Creates an agent with their access, teams and password. Username and email are unique in any letter case. */
  async create(actor: AuditActor, input: AgentInput, choice: PasswordChoice): Promise<PasswordOutcome> {
    const { hash, generated, problems } = await this.preparePassword(choice, input);
    return this.db.transaction(async (m) => {
      const errors = { ...(await this.check(m, null, input)), ...problems };
      if (Object.keys(errors).length > 0) throw validation(errors);
      const now = this.clock.now();
      const repo = m.getRepository(Staff);
      const agent = await repo.save(repo.create({ ...this.columns(input), passwordHash: hash!, lastLoginAt: null, createdAt: now, updatedAt: now }));
      await this.writeMemberships(m, agent.id, input);
      await this.audit.record(actor, { action: 'agent.created', target: target(agent), after: snapshot(agent, input) }, m);
      return { agent, generatedPassword: generated };
    });
  }

  /**
   * Saves the agent form. Locking, unlocking, disabling and enabling are audited as events of their own.
   * Locking or disabling an agent ends their sessions and cancels their reset links, so undoing it later
   * does not bring an old session (or a link mailed before) back to life.
   */
  async update(actor: AuditActor, id: number, input: AgentInput): Promise<Staff> {
    return this.db.transaction(async (m) => {
      const current = await this.load(m, id);
      const before = snapshot(current, await this.memberships(m, id));
      const errors = await this.check(m, current, input, actor.id === id);
      if (Object.keys(errors).length > 0) throw validation(errors);
      const shutOut = (input.isLocked && !current.isLocked) || (!input.isActive && current.isActive);
      const agent = m.getRepository(Staff).merge(current, { ...this.columns(input), updatedAt: this.clock.now() });
      await m.getRepository(Staff).save(agent);
      await m.delete(StaffDepartmentAccess, { staffId: id });
      await m.delete(TeamMember, { staffId: id });
      await this.writeMemberships(m, id, input);
      if (shutOut) await this.endAccess(m, id);

      const diff = changedFields(before, snapshot(agent, input));
      const events: [string, string][] = [['isLocked', agent.isLocked ? 'agent.locked' : 'agent.unlocked'], ['isActive', agent.isActive ? 'agent.enabled' : 'agent.disabled']];
      for (const [field, action] of events) {
        if (!(field in diff.after)) continue;
        await this.audit.record(actor, { action, target: target(agent), before: { [field]: diff.before[field] }, after: { [field]: diff.after[field] } }, m);
        delete diff.before[field];
        delete diff.after[field];
      }
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'agent.updated', target: target(agent), ...diff }, m);
      return agent;
    });
  }

  /**
   * Sets a new password (typed or generated) and makes the agent choose their own at the next login.
   * Every session of the agent ends and their unused reset links are cancelled: whoever held them is out.
   */
  async resetPassword(actor: AuditActor, id: number, choice: PasswordChoice): Promise<PasswordOutcome> {
    const existing = await this.db.getRepository(Staff).findOneBy({ id });
    if (!existing) throw notFound('agent');
    const { hash, generated, problems } = await this.preparePassword(choice, existing);
    if (Object.keys(problems).length > 0) throw validation(problems);
    return this.db.transaction(async (m) => {
      const agent = await this.load(m, id);
      await m.update(Staff, { id }, { passwordHash: hash!, mustChangePassword: true, updatedAt: this.clock.now() });
      const sessionsEnded = await this.endAccess(m, id);
      await this.audit.record(actor, {
        action: 'agent.password_reset', target: target(agent),
        before: { changeAtNextLogin: agent.mustChangePassword }, after: { changeAtNextLogin: true, generated: generated !== null, sessionsEnded },
      }, m);
      agent.mustChangePassword = true;
      return { agent, generatedPassword: generated };
    });
  }

  /**
   * Deletes an agent who never worked a ticket, with their extended access and team memberships. One with
   * assigned tickets or thread entries keeps the history readable: disable them instead.
   */
  async delete(actor: AuditActor, id: number): Promise<Staff> {
    return this.db.transaction(async (m) => {
      const agent = await this.load(m, id);
      if (actor.id === id) throw new DomainError('conflict', 'You cannot delete your own account.');
      const [tickets, entries] = await Promise.all([m.countBy(Ticket, { staffId: id }), m.countBy(ThreadEntry, { staffId: id })]);
      if (tickets + entries > 0) {
        const parts = [tickets > 0 ? plural(tickets, 'ticket assigned', 'tickets assigned') : '', entries > 0 ? plural(entries, 'thread entry', 'thread entries') : ''];
        throw new DomainError('conflict', `${agent.name} has ${parts.filter(Boolean).join(' and ')}; disable the account instead.`);
      }
      const lastAdmin = lastAdminProblem(agent, null, await this.otherActiveAdmins(m, id));
      if (lastAdmin) throw new DomainError('conflict', lastAdmin);
      const before = snapshot(agent, await this.memberships(m, id));
      await m.delete(StaffDepartmentAccess, { staffId: id });
      await m.delete(TeamMember, { staffId: id });
      await m.update(Team, { leadId: id }, { leadId: null });
      await endAgentSessions(m, id);
      await m.delete(Staff, { id }).catch((err: unknown) => {
        // CASE: another feature still names the agent (a help topic's auto-assignee, ...): keep them, disabled.
        if (isForeignKeyViolation(err)) throw new DomainError('conflict', `${agent.name} is still named elsewhere (such as the auto-assignee of a help topic); disable the account instead.`);
        throw err;
      });
      await this.audit.record(actor, { action: 'agent.deleted', target: target(agent), before }, m);
      return agent;
    });
  }

  /** Ends every session of the agent and cancels their unused reset links; returns how many sessions ended. */
  private async endAccess(m: EntityManager, id: number): Promise<number> {
    await cancelResetLinks(m, id, this.clock.now());
    return endAgentSessions(m, id);
  }

  /** The agent row, locked for the rest of the transaction on MySQL (SQLite has one writer at a time). */
  private async load(m: EntityManager, id: number): Promise<Staff> {
    if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM staff WHERE id = ? FOR UPDATE', [id]);
    const agent = await m.getRepository(Staff).findOneBy({ id });
    if (!agent) throw notFound('agent');
    return agent;
  }

  /** Every rule the form must keep; field -> message. `current` is null for a new agent. */
  private async check(m: EntityManager, current: Staff | null, input: AgentInput, isSelf = false): Promise<FormErrors> {
    const errors: FormErrors = {};
    const staff = m.getRepository(Staff).createQueryBuilder('s');
    if (current) staff.where('s.id <> :id', { id: current.id });
    if (await staff.clone().andWhere('LOWER(s.username) = :u', { u: input.username.toLowerCase() }).getExists()) {
      errors.username = 'Another agent already has that username.';
    }
    if (await staff.clone().andWhere('LOWER(s.email) = :e', { e: input.email.toLowerCase() }).getExists()) {
      errors.email = 'Another agent already uses that email address.';
    }
    const departmentIds = [input.departmentId, ...input.extendedAccess.flatMap((r) => (r.departmentId ? [r.departmentId] : []))];
    const roleIds = [input.roleId, ...input.extendedAccess.flatMap((r) => (r.roleId ? [r.roleId] : []))];
    const [departments, roles, teams] = await Promise.all([
      m.findBy(Department, { id: In(departmentIds) }),
      m.findBy(Role, { id: In(roleIds) }),
      input.teamIds.length > 0 ? m.countBy(Team, { id: In(input.teamIds) }) : Promise.resolve(0),
    ]);
    const names = new Map(departments.map((d) => [d.id, d.name]));
    if (!names.has(input.departmentId)) errors.departmentId = 'Choose a department from the list.';
    if (!roles.some((r) => r.id === input.roleId)) errors.roleId = 'Choose a role from the list.';
    const accessProblem = extendedAccessProblem(input.departmentId, input.extendedAccess, (id) => names.get(id) ?? 'That department');
    if (accessProblem) errors.extendedAccess = accessProblem;
    else if (departmentIds.some((d) => !names.has(d)) || roleIds.some((r) => !roles.some((role) => role.id === r))) {
      errors.extendedAccess = 'Choose departments and roles from the lists.';
    }
    if (teams !== new Set(input.teamIds).size) errors.teamIds = 'Choose teams from the list.';
    Object.assign(errors, selfLockoutErrors(isSelf, input));
    if (current && !errors.isAdmin) {
      const lastAdmin = lastAdminProblem(current, input, await this.otherActiveAdmins(m, current.id));
      if (lastAdmin) errors.isAdmin = lastAdmin;
    }
    return errors;
  }

  private async otherActiveAdmins(m: EntityManager, id: number): Promise<number> {
    return m.countBy(Staff, { id: Not(id), isAdmin: true, isActive: true, isLocked: false });
  }

  /** A generated password, or a typed one that keeps the password policy (its problems keyed by form field). */
  private async preparePassword(choice: PasswordChoice, who: { username: string; email: string }): Promise<{ hash: string | null; generated: string | null; problems: FormErrors }> {
    if (choice.generate) {
      const password = generatePassword();
      return { hash: await hashPassword(password), generated: password, problems: {} };
    }
    if (!choice.password) return { hash: null, generated: null, problems: { password: 'Enter a password, or choose to generate one.' } };
    const policy = passwordPolicyErrors({ password: choice.password, confirm: choice.confirm, username: who.username, email: who.email, sameAsCurrent: false });
    const problems: FormErrors = {};
    if (policy.password) problems.password = policy.password;
    if (policy.confirm) problems.passwordConfirm = policy.confirm;
    return { hash: Object.keys(problems).length > 0 ? null : await hashPassword(choice.password), generated: null, problems };
  }

  private columns(input: AgentInput): Partial<Staff> {
    return {
      firstName: input.firstName, lastName: input.lastName, username: input.username, email: input.email.toLowerCase(),
      phone: input.phone, timezone: input.timezone, departmentId: input.departmentId, roleId: input.roleId,
      isAdmin: input.isAdmin, isActive: input.isActive, isLocked: input.isLocked, onVacation: input.onVacation,
      mustChangePassword: input.mustChangePassword, signature: input.signature,
    };
  }

  private async writeMemberships(m: EntityManager, staffId: number, input: Pick<AgentInput, 'extendedAccess' | 'teamIds'>): Promise<void> {
    const access = input.extendedAccess.map((r) => ({ staffId, departmentId: r.departmentId!, roleId: r.roleId! }));
    if (access.length > 0) await m.insert(StaffDepartmentAccess, access);
    const teams = [...new Set(input.teamIds)].map((teamId) => ({ staffId, teamId }));
    if (teams.length > 0) await m.insert(TeamMember, teams);
  }

  private async memberships(m: EntityManager, staffId: number): Promise<Pick<AgentInput, 'extendedAccess' | 'teamIds'>> {
    const [access, teams] = await Promise.all([
      m.find(StaffDepartmentAccess, { where: { staffId }, order: { departmentId: 'ASC' } }),
      m.find(TeamMember, { where: { staffId }, order: { teamId: 'ASC' } }),
    ]);
    return { extendedAccess: access.map((a) => ({ departmentId: a.departmentId, roleId: a.roleId })), teamIds: teams.map((t) => t.teamId) };
  }
}

/** SQLite's and MySQL's "a row elsewhere still references this one". */
function isForeignKeyViolation(err: unknown): boolean {
  const e = (err as { driverError?: { code?: unknown; errno?: unknown } }).driverError ?? (err as { code?: unknown; errno?: unknown });
  return e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e.errno === 1451;
}

const target = (agent: Staff) => ({ type: 'agent', id: agent.id, label: `${agent.firstName} ${agent.lastName}`.trim() || agent.username });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The audited picture of an agent: their fields (never the password hash), access rows and teams, in a
 * stable order. CASE: the audit log masks every field named like "password", so "must change password"
 * is recorded as `changeAtNextLogin` to stay readable.
 */
function snapshot(agent: Staff, memberships: Pick<AgentInput, 'extendedAccess' | 'teamIds'>): Snapshot {
  return {
    username: agent.username, email: agent.email, firstName: agent.firstName, lastName: agent.lastName, phone: agent.phone,
    timezone: agent.timezone, departmentId: agent.departmentId, roleId: agent.roleId, isAdmin: agent.isAdmin,
    isActive: agent.isActive, isLocked: agent.isLocked, onVacation: agent.onVacation, changeAtNextLogin: agent.mustChangePassword,
    signature: agent.signature,
    extendedAccess: [...memberships.extendedAccess].sort((a, b) => a.departmentId! - b.departmentId!).map((r) => `${r.departmentId}:${r.roleId}`),
    teamIds: [...new Set(memberships.teamIds)].sort((a, b) => a - b),
  };
}
