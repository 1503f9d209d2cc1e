import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { SlaPlan } from '../sla/sla-plan.entity';
import { StaffDepartmentAccess } from '../staff/staff-department-access.entity';
import { Staff } from '../staff/staff.entity';
import { Department } from './department.entity';
import { departmentPaths, descendantIds } from './department-tree';
import { DepartmentUsage, departmentUsage, NO_USAGE, usageByDepartment } from './department-usage';

export interface DepartmentListItem {
  department: Department;
  /** "Support / Tier 2": the name with its parents'. */
  path: string;
  managerName: string | null;
  usage: DepartmentUsage;
}

export interface DepartmentDetail {
  department: Department;
  path: string;
  usage: DepartmentUsage;
  /** Agents whose primary department this is. */
  agents: Staff[];
  /** Agents with extended access to it, and the role they hold here. */
  extendedAgents: { agent: Staff; roleName: string }[];
}

/** What the choices on a department form are. */
export interface DepartmentChoices {
  /** Departments that may be the parent: not the department itself nor one of its sub-departments. */
  parents: { id: number; name: string }[];
  managers: Staff[];
  slaPlans: SlaPlan[];
}

/**
 * Reads for the departments admin: the list with its counts (one grouped query per table), one
 * department with its members, and the choices its form offers. Departments are a small table, read
 * whole; tickets are only ever counted through an index.
 */
@Injectable()
export class DepartmentDirectoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every department whose name (or a parent's) contains `q`, case-insensitively, in tree order. */
  async list(q: string): Promise<DepartmentListItem[]> {
    const m = this.db.manager;
    const [all, usage] = await Promise.all([m.find(Department, { relations: { manager: true } }), usageByDepartment(m)]);
    const paths = departmentPaths(all);
    const needle = q.toLowerCase();
    return all
      .map((department) => ({
        department, path: paths.get(department.id)!, managerName: department.manager?.name ?? null, usage: usage.get(department.id) ?? NO_USAGE,
      }))
      .filter((item) => item.path.toLowerCase().includes(needle))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  async detail(id: number): Promise<DepartmentDetail> {
    const m = this.db.manager;
    const department = await m.findOneBy(Department, { id });
    if (!department) throw notFound('department');
    const [all, usage, agents, access] = await Promise.all([
      m.find(Department),
      departmentUsage(m, id),
      m.find(Staff, { where: { departmentId: id }, order: { firstName: 'ASC', lastName: 'ASC', id: 'ASC' } }),
      m.find(StaffDepartmentAccess, { where: { departmentId: id }, relations: { staff: true, role: true } }),
    ]);
    const extendedAgents = access
      .map((row) => ({ agent: row.staff, roleName: row.role.name }))
      .sort((a, b) => a.agent.name.localeCompare(b.agent.name));
    return { department, path: departmentPaths(all).get(id)!, usage, agents, extendedAgents };
  }

  /** The form's choices; the department's current manager and SLA plan stay listed even when disabled. */
  async choices(department: Department | null): Promise<DepartmentChoices> {
    const m = this.db.manager;
    const [all, staff, plans] = await Promise.all([
      m.find(Department),
      m.find(Staff, { where: { isActive: true }, order: { firstName: 'ASC', lastName: 'ASC', id: 'ASC' } }),
      m.find(SlaPlan, { where: { isActive: true }, order: { name: 'ASC' } }),
    ]);
    const paths = departmentPaths(all);
    const excluded = department ? new Set([department.id, ...descendantIds(all, department.id)]) : new Set<number>();
    const parents = all.filter((d) => !excluded.has(d.id)).map((d) => ({ id: d.id, name: paths.get(d.id)! })).sort((a, b) => a.name.localeCompare(b.name));
    const currentManager = department?.managerId && !staff.some((s) => s.id === department.managerId)
      ? await m.findOneBy(Staff, { id: department.managerId }) : null;
    const currentPlan = department?.slaPlanId && !plans.some((p) => p.id === department.slaPlanId)
      ? await m.findOneBy(SlaPlan, { id: department.slaPlanId }) : null;
    return {
      parents,
      managers: currentManager ? [...staff, currentManager] : staff,
      slaPlans: currentPlan ? [...plans, currentPlan] : plans,
    };
  }
}
