import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { hashPassword } from '../common/password';
import { TeamMember } from '../teams/team-member.entity';
import { AgentScope } from '../tickets/ticket-access';
import { StaffDepartmentAccess } from './staff-department-access.entity';
import { Staff } from './staff.entity';

export interface NewAgent {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  departmentId: number;
  roleId: number;
  isAdmin?: boolean;
}

@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @InjectRepository(StaffDepartmentAccess) private readonly access: Repository<StaffDepartmentAccess>,
    @InjectRepository(TeamMember) private readonly teamMembers: Repository<TeamMember>,
    private readonly clock: Clock,
  ) {}

  /** Agents log in with username or email; both are unique. Returns the row with its password hash. */
  findForLogin(login: string): Promise<Staff | null> {
    const value = login.trim().toLowerCase();
    return this.staff
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('LOWER(s.username) = :value OR s.email = :value', { value })
      .getOne();
  }

  /** An agent who may be signed in: active and not locked (a lock ends open sessions at their next request). */
  findActive(id: number): Promise<Staff | null> {
    return this.staff.findOneBy({ id, isActive: true, isLocked: false });
  }

  count(): Promise<number> {
    return this.staff.count();
  }

  async recordLogin(id: number): Promise<void> {
    await this.staff.update({ id }, { lastLoginAt: this.clock.now() });
  }

  /** Creates an agent. Username and email must be free (compared case-insensitively). */
  async create(input: NewAgent): Promise<Staff> {
    const email = input.email.trim().toLowerCase();
    const taken = await this.staff
      .createQueryBuilder('s')
      .where('LOWER(s.username) = :u OR s.email = :e', { u: input.username.toLowerCase(), e: email })
      .getCount();
    if (taken > 0) throw new DomainError('conflict', 'An agent with that username or email already exists.');
    const now = this.clock.now();
    return this.staff.save(
      this.staff.create({
        username: input.username.trim(),
        email,
        firstName: input.firstName,
        lastName: input.lastName,
        passwordHash: await hashPassword(input.password),
        departmentId: input.departmentId,
        roleId: input.roleId,
        isAdmin: input.isAdmin ?? false,
        isActive: true,
        isLocked: false,
        onVacation: false,
        mustChangePassword: false,
        phone: null,
        timezone: null,
        signature: null,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async addToTeam(staffId: number, teamId: number): Promise<void> {
    await this.teamMembers.upsert({ staffId, teamId }, ['teamId', 'staffId']);
  }

  /** Everything access checks need about an agent, in three indexed queries. */
  async scope(staffId: number): Promise<AgentScope | null> {
    // One joined query: findOne with a relation adds a DISTINCT id query first (its `take: 1`), on every request.
    const agent = await this.staff.createQueryBuilder('s').innerJoinAndSelect('s.role', 'role')
      .where('s.id = :staffId AND s.isActive = :active AND s.isLocked = :locked', { staffId, active: 1, locked: 0 }).getOne();
    if (!agent) return null;
    const [extended, teams] = await Promise.all([
      this.access.find({ where: { staffId }, relations: { role: true } }),
      this.teamMembers.find({ where: { staffId } }),
    ]);
    const permissionsByDepartment: AgentScope['permissionsByDepartment'] = { [agent.departmentId]: agent.role.permissions };
    for (const row of extended) permissionsByDepartment[row.departmentId] = row.role.permissions;
    return {
      staffId: agent.id,
      name: agent.name,
      isAdmin: agent.isAdmin,
      primaryDepartmentId: agent.departmentId,
      departmentIds: [agent.departmentId, ...extended.map((r) => r.departmentId)],
      teamIds: teams.map((t) => t.teamId),
      permissionsByDepartment,
      mustChangePassword: agent.mustChangePassword,
    };
  }
}
