import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { SettingsService } from '../settings/settings.service';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Staff } from '../staff/staff.entity';
import { Department } from './department.entity';
import { descendantIds } from './department-tree';
import { departmentUsage, describeUsage } from './department-usage';

export interface DepartmentInput {
  name: string;
  parentId: number | null;
  managerId: number | null;
  slaPlanId: number | null;
  /** Lower-cased by the service; null uses the help desk's default address. */
  email: string | null;
  isPublic: boolean;
}

/** What the audit log keeps of a department. */
export const departmentSnapshot = (d: Department) => ({
  name: d.name, parentId: d.parentId, managerId: d.managerId, slaPlanId: d.slaPlanId, email: d.email, isPublic: d.isPublic, isActive: d.isActive,
});

/**
 * Departments as admins manage them: unique names, a parent tree without cycles, an active manager,
 * and deletes refused while anything still points at the department. Every change is audited in the
 * transaction that makes it.
 */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  /** Whether the department exists and is enabled (help topics may only point at such a department). */
  async isActive(id: number): Promise<boolean> {
    return (await this.db.getRepository(Department).countBy({ id, isActive: true })) > 0;
  }

  /** Creates an enabled department after the checks `update` makes too. */
  async create(actor: AuditActor, input: DepartmentInput): Promise<Department> {
    return this.write(async (m) => {
      await this.check(m, null, input);
      const repo = m.getRepository(Department);
      const department = await repo.save(repo.create({ ...this.columns(input), isActive: true }));
      await this.audit.record(actor, { action: 'department.created', target: target(department), after: departmentSnapshot(department) }, m);
      return department;
    });
  }

  /**
   * Updates a department. CASE: the parent may be neither the department itself nor one of its
   * sub-departments (at any depth), which would make a cycle.
   */
  async update(actor: AuditActor, id: number, input: DepartmentInput): Promise<Department> {
    return this.write(async (m) => {
      const department = await this.load(m, id);
      await this.check(m, department, input);
      const before = departmentSnapshot(department);
      Object.assign(department, this.columns(input));
      await m.getRepository(Department).save(department);
      const diff = changedFields(before, departmentSnapshot(department));
      if (Object.keys(diff.after).length > 0) {
        await this.audit.record(actor, { action: 'department.updated', target: target(department), ...diff }, m);
      }
      return department;
    });
  }

  /**
   * Disables or enables a department. A disabled department keeps its agents and tickets; new tickets
   * and help topics can no longer choose it.
   */
  async setActive(actor: AuditActor, id: number, active: boolean): Promise<Department> {
    const defaultId = await this.defaultDepartmentId();
    return this.write(async (m) => {
      const department = await this.load(m, id);
      if (department.isActive === active) return department;
      if (!active) await this.checkCanDisable(m, department, defaultId);
      department.isActive = active;
      await m.getRepository(Department).save(department);
      await this.audit.record(actor, {
        action: active ? 'department.enabled' : 'department.disabled', target: target(department),
        before: { isActive: !active }, after: { isActive: active },
      }, m);
      return department;
    });
  }

  /** Deletes a department nothing points at any more; otherwise says what still does. */
  async delete(actor: AuditActor, id: number): Promise<Department> {
    const defaultId = await this.defaultDepartmentId();
    try {
      return await this.write(async (m) => {
        const department = await this.load(m, id);
        checkNotDefault(department, defaultId, 'delete');
        const usage = describeUsage(await departmentUsage(m, id));
        if (usage) {
          throw new DomainError('conflict', `The department “${department.name}” still has ${usage}; move them first or disable it instead.`);
        }
        await m.getRepository(Department).delete({ id });
        await this.audit.record(actor, { action: 'department.deleted', target: target(department), before: departmentSnapshot(department) }, m);
        return department;
      });
    } catch (err) {
      // CASE: something added since the check (or a table this service does not count) still refers to it.
      if (isConstraintViolation(err, 'foreign_key')) {
        throw new DomainError('conflict', 'The department is still in use elsewhere; disable it instead.');
      }
      throw err;
    }
  }

  /**
   * CASE: new tickets need somewhere to land, so the last enabled department stays enabled; and a help
   * topic that routes tickets here would send them to a department that no longer takes any.
   */
  private async checkCanDisable(m: EntityManager, department: Department, defaultId: number): Promise<void> {
    checkNotDefault(department, defaultId, 'disable');
    if ((await m.getRepository(Department).countBy({ isActive: true })) <= 1) {
      throw new DomainError('conflict', 'At least one department must stay enabled.');
    }
    const topics = await m.getRepository(HelpTopic).countBy({ departmentId: department.id, isActive: true });
    if (topics > 0) {
      throw new DomainError('conflict', `${topics === 1 ? '1 active help topic sends' : `${topics} active help topics send`} tickets to “${department.name}”; `
        + 'point them at another department or disable them first.');
    }
  }

  /** Read before a transaction opens: on SQLite a read that waits for the one writer must not come from it. */
  private async defaultDepartmentId(): Promise<number> {
    return (await this.settings.get()).defaultDepartmentId;
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (m) => {
        // One department write at a time (SQLite has a single writer anyway): two concurrent parent
        // changes (A under B, B under A) would each pass the cycle check on their own.
        if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM departments FOR UPDATE');
        return work(m);
      });
    } catch (err) {
      // CASE: two admins saving the same new name at once; the unique index has the last word.
      if (isConstraintViolation(err, 'unique')) throw invalidField('name', 'Another department already has this name.');
      throw err;
    }
  }

  private async load(m: EntityManager, id: number): Promise<Department> {
    const department = await m.getRepository(Department).findOneBy({ id });
    if (!department) throw notFound('department');
    return department;
  }

  private columns(input: DepartmentInput): Partial<Department> {
    return {
      name: input.name, parentId: input.parentId, managerId: input.managerId, slaPlanId: input.slaPlanId,
      email: input.email ? input.email.toLowerCase() : null, isPublic: input.isPublic,
    };
  }

  /** The rules a department's fields follow, each refused on its own field. */
  private async check(m: EntityManager, department: Department | null, input: DepartmentInput): Promise<void> {
    const all = await m.getRepository(Department).find();
    const lower = input.name.toLowerCase();
    if (all.some((d) => d.id !== department?.id && d.name.toLowerCase() === lower)) {
      throw invalidField('name', `A department named “${input.name}” already exists.`);
    }
    if (input.parentId !== null) {
      if (department && input.parentId === department.id) throw invalidField('parentId', 'A department cannot be its own parent.');
      if (!all.some((d) => d.id === input.parentId)) throw invalidField('parentId', 'Choose a parent department from the list.');
      if (department && descendantIds(all, department.id).has(input.parentId)) {
        throw invalidField('parentId', 'A department cannot sit inside its own sub-department.');
      }
    }
    if (input.managerId !== null && input.managerId !== department?.managerId) {
      if ((await m.getRepository(Staff).countBy({ id: input.managerId, isActive: true })) === 0) {
        throw invalidField('managerId', 'Choose an active agent as the manager.');
      }
    }
    if (input.slaPlanId !== null && input.slaPlanId !== department?.slaPlanId) {
      if ((await m.getRepository(SlaPlan).countBy({ id: input.slaPlanId, isActive: true })) === 0) {
        throw invalidField('slaPlanId', 'Choose an SLA plan from the list.');
      }
    }
  }
}

/** CASE: new tickets whose help topic names no department land in the default one (Settings). */
function checkNotDefault(department: Department, defaultId: number, verb: 'disable' | 'delete'): void {
  if (department.id !== defaultId) return;
  throw new DomainError('conflict', `“${department.name}” is the default department in Settings; choose another default before you ${verb} it.`);
}

const target = (d: Department) => ({ type: 'department', id: d.id, label: d.name });
