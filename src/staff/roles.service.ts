import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { Permission, PERMISSIONS } from './permissions';
import { Role } from './role.entity';

export interface RoleInput {
  name: string;
  permissions: Permission[];
}

export interface RoleSummary {
  role: Role;
  /** Agents holding the role as their primary role or in any extended access row, each counted once. */
  agentCount: number;
}

export const MAX_ROLE_NAME = 64;

/**
 * Roles: named permission sets. A role in use (primary or extended access) cannot be deleted, but it
 * can be disabled: disabling retires it from new assignments only, and agents who hold it keep it, and
 * its permissions, until an admin gives them another role. Each change commits with its audit record.
 */
@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Roles whose name contains `q`, case-insensitively, by name, with how many agents use each. */
  async list(q = ''): Promise<RoleSummary[]> {
    const roles = await this.db.getRepository(Role).find({ order: { name: 'ASC' } });
    const counts = await this.agentCounts(this.db.manager);
    const needle = q.toLowerCase();
    return roles.filter((role) => role.name.toLowerCase().includes(needle)).map((role) => ({ role, agentCount: counts.get(role.id) ?? 0 }));
  }

  async get(id: number): Promise<RoleSummary> {
    const role = await this.db.getRepository(Role).findOneBy({ id });
    if (!role) throw notFound('role');
    return { role, agentCount: (await this.agentCounts(this.db.manager, id)).get(id) ?? 0 };
  }

  /** Creates a role; its name is unique in any letter case. */
  async create(actor: AuditActor, input: RoleInput): Promise<Role> {
    return this.db.transaction(async (m) => {
      await this.checkName(m, input.name, null);
      const repo = m.getRepository(Role);
      const role = await repo.save(repo.create({ name: input.name, permissions: ordered(input.permissions), createdAt: this.clock.now() }));
      await this.audit.record(actor, { action: 'role.created', target: target(role), after: snapshot(role) }, m);
      return role;
    });
  }

  /** Renames a role or changes its permissions; every agent holding it gets the new set at their next request. */
  async update(actor: AuditActor, id: number, input: RoleInput): Promise<Role> {
    return this.db.transaction(async (m) => {
      const role = await this.load(m, id);
      await this.checkName(m, input.name, id);
      const before = snapshot(role);
      role.name = input.name;
      role.permissions = ordered(input.permissions);
      await m.getRepository(Role).save(role);
      const diff = changedFields(before, snapshot(role));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'role.updated', target: target(role), ...diff }, m);
      return role;
    });
  }

  /**
   * Disables or enables a role. A role in use may be disabled: its agents keep it (see the class note),
   * the agents form stops offering it. CASE: the last enabled role stays enabled, so agents can still be
   * created.
   */
  async setActive(actor: AuditActor, id: number, active: boolean): Promise<Role> {
    return this.db.transaction(async (m) => {
      // Every role row, so two admins disabling the last two enabled roles at once cannot both succeed.
      if (!active && this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM roles FOR UPDATE');
      const role = await this.load(m, id);
      if (role.isActive === active) return role;
      if (!active && (await m.getRepository(Role).countBy({ isActive: true })) <= 1) {
        throw new DomainError('conflict', `“${role.name}” is the only enabled role; new agents need one to choose.`);
      }
      role.isActive = active;
      await m.getRepository(Role).save(role);
      await this.audit.record(actor, {
        action: active ? 'role.enabled' : 'role.disabled', target: target(role), before: { isActive: !active }, after: { isActive: active },
      }, m);
      return role;
    });
  }

  /** Deletes a role nobody holds; while agents use it, says how many and changes nothing. */
  async delete(actor: AuditActor, id: number): Promise<Role> {
    return this.db.transaction(async (m) => {
      const role = await this.load(m, id);
      const inUse = (await this.agentCounts(m, id)).get(id) ?? 0;
      if (inUse > 0) {
        const agents = inUse === 1 ? '1 agent' : `${inUse} agents`;
        throw new DomainError('conflict', `The role “${role.name}” is used by ${agents}; give them another role first.`);
      }
      await m.delete(Role, { id });
      await this.audit.record(actor, { action: 'role.deleted', target: target(role), before: snapshot(role) }, m);
      return role;
    });
  }

  private async load(m: EntityManager, id: number): Promise<Role> {
    if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM roles WHERE id = ? FOR UPDATE', [id]);
    const role = await m.getRepository(Role).findOneBy({ id });
    if (!role) throw notFound('role');
    return role;
  }

  private async checkName(m: EntityManager, name: string, exceptId: number | null): Promise<void> {
    const qb = m.getRepository(Role).createQueryBuilder('r').where('LOWER(r.name) = :name', { name: name.toLowerCase() });
    if (exceptId !== null) qb.andWhere('r.id <> :id', { id: exceptId });
    if (await qb.getExists()) throw invalidField('name', 'Another role already has that name.');
  }

  /**
   * role id -> distinct agents holding it. UNION (not UNION ALL) counts an agent once per role even when
   * the role is both their primary role and one of their extended ones.
   */
  private async agentCounts(m: EntityManager, roleId?: number): Promise<Map<number, number>> {
    const where = roleId === undefined ? '' : ' WHERE u.role_id = ?';
    const rows: { role_id: number | string; n: number | string }[] = await m.query(
      'SELECT u.role_id, COUNT(*) AS n FROM (SELECT id AS staff_id, role_id FROM staff UNION SELECT staff_id, role_id FROM staff_department_access) u'
        + `${where} GROUP BY u.role_id`,
      roleId === undefined ? [] : [roleId],
    );
    return new Map(rows.map((r) => [Number(r.role_id), Number(r.n)]));
  }
}

/** Permissions in the order of PERMISSIONS, so the stored list (and the audit diff) never depends on the form's order. */
const ordered = (permissions: Permission[]): Permission[] => PERMISSIONS.filter((p) => permissions.includes(p));
const target = (role: Role) => ({ type: 'role', id: role.id, label: role.name });
const snapshot = (role: Role) => ({ name: role.name, permissions: [...role.permissions] });
