import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { Department } from '../departments/department.entity';
import { TeamMember } from '../teams/team-member.entity';
import { Team } from '../teams/team.entity';
import { AgentStatus } from './agent-rules';
import { Role } from './role.entity';
import { StaffDepartmentAccess } from './staff-department-access.entity';
import { Staff } from './staff.entity';

export const AGENTS_PAGE_SIZE = 25;

export interface AgentListQuery {
  /** Words to find in the name, username or email; each word must match one of them. */
  q: string;
  /** Agents with this department as their primary one or through extended access. */
  departmentId: number | null;
  status: AgentStatus | null;
  /** Keyset cursor: the id the previous page ended at (newest first). */
  before: number | null;
}

export interface AgentListPage {
  agents: Staff[]; // with department and role loaded
  nextBefore: number | null;
}

/** An agent with everything the edit form shows. */
export interface AgentDetails {
  agent: Staff; // with department and role loaded
  access: StaffDepartmentAccess[];
  teamIds: number[];
}

export interface AgentFormChoices {
  departments: Department[];
  roles: Role[];
  teams: Team[];
}

/** The admin's view of agents: the searchable list, one agent's details, and the form's choices. */
@Injectable()
export class AgentDirectoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page of agents, newest first, filtered by words, department and status. */
  async list(query: AgentListQuery): Promise<AgentListPage> {
    const qb = this.db.getRepository(Staff).createQueryBuilder('s')
      .innerJoinAndSelect('s.department', 'department')
      .innerJoinAndSelect('s.role', 'role')
      .orderBy('s.id', 'DESC')
      .take(AGENTS_PAGE_SIZE + 1);
    const words = query.q.split(/\s+/).filter(Boolean).slice(0, 5);
    words.forEach((word, i) => {
      qb.andWhere(new Brackets((w) => {
        for (const column of ['s.firstName', 's.lastName', 's.username', 's.email']) {
          w.orWhere(`LOWER(${column}) LIKE :w${i} ESCAPE '!'`);
        }
      }), { [`w${i}`]: containsPattern(word.toLowerCase()) });
    });
    if (query.departmentId !== null) {
      qb.andWhere(new Brackets((w) => {
        w.where('s.departmentId = :dept').orWhere(
          `EXISTS (SELECT 1 FROM staff_department_access a WHERE a.staff_id = s.id AND a.department_id = :dept)`,
        );
      }), { dept: query.departmentId });
    }
    if (query.status === 'disabled') qb.andWhere('s.isActive = :no', { no: false });
    if (query.status === 'active' || query.status === 'locked') {
      qb.andWhere('s.isActive = :yes AND s.isLocked = :locked', { yes: true, locked: query.status === 'locked' });
    }
    if (query.before !== null) qb.andWhere('s.id < :before', { before: query.before });
    const rows = await qb.getMany();
    const agents = rows.slice(0, AGENTS_PAGE_SIZE);
    return { agents, nextBefore: rows.length > AGENTS_PAGE_SIZE ? agents[agents.length - 1].id : null };
  }

  /** The agent with their extended access and teams; 404 when there is no such agent. */
  async details(id: number): Promise<AgentDetails> {
    const agent = await this.db.getRepository(Staff).findOne({ where: { id }, relations: { department: true, role: true } });
    if (!agent) throw notFound('agent');
    const [access, teams] = await Promise.all([
      this.db.getRepository(StaffDepartmentAccess).find({ where: { staffId: id }, order: { departmentId: 'ASC' } }),
      this.db.getRepository(TeamMember).find({ where: { staffId: id } }),
    ]);
    return { agent, access, teamIds: teams.map((t) => t.teamId) };
  }

  /** Departments, roles and teams to choose from, by name (disabled departments too: an agent may stay in one). */
  async choices(): Promise<AgentFormChoices> {
    const [departments, roles, teams] = await Promise.all([
      this.db.getRepository(Department).find({ order: { name: 'ASC' } }),
      this.db.getRepository(Role).find({ order: { name: 'ASC' } }),
      this.db.getRepository(Team).find({ order: { name: 'ASC' } }),
    ]);
    return { departments, roles, teams };
  }
}
