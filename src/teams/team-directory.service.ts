import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { notFound } from '../common/errors';
import { Staff } from '../staff/staff.entity';
import { Ticket } from '../tickets/ticket.entity';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';

export interface TeamListItem {
  team: Team;
  leadName: string | null;
  members: number;
  tickets: number;
}

export interface TeamDetail {
  team: Team;
  memberIds: number[];
  tickets: number;
}

/**
 * Reads for the teams admin: the list with member and ticket counts (one grouped query each, tickets
 * through tickets_team_state_id_idx), one team with its members, and the agents its form offers.
 */
@Injectable()
export class TeamDirectoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every team whose name contains `q`, case-insensitively, by name. Teams are a small table, read whole. */
  async list(q: string): Promise<TeamListItem[]> {
    const m = this.db.manager;
    const [teams, members, tickets] = await Promise.all([
      m.find(Team, { relations: { lead: true }, order: { name: 'ASC' } }),
      this.grouped(TeamMember, 'teamId'),
      this.grouped(Ticket, 'teamId'),
    ]);
    const needle = q.toLowerCase();
    return teams
      .filter((team) => team.name.toLowerCase().includes(needle))
      .map((team) => ({ team, leadName: team.lead?.name ?? null, members: members.get(team.id) ?? 0, tickets: tickets.get(team.id) ?? 0 }));
  }

  async detail(id: number): Promise<TeamDetail> {
    const m = this.db.manager;
    const team = await m.findOneBy(Team, { id });
    if (!team) throw notFound('team');
    const [rows, tickets] = await Promise.all([m.findBy(TeamMember, { teamId: id }), m.countBy(Ticket, { teamId: id })]);
    return { team, memberIds: rows.map((r) => r.staffId), tickets };
  }

  /** The agents a team form lists: every active agent, and current members who have been disabled since. */
  async agents(memberIds: number[]): Promise<Staff[]> {
    const m = this.db.manager;
    const order = { firstName: 'ASC', lastName: 'ASC', id: 'ASC' } as const;
    const [active, inactiveMembers] = await Promise.all([
      m.find(Staff, { where: { isActive: true }, order }),
      memberIds.length > 0 ? m.find(Staff, { where: { id: In(memberIds), isActive: false }, order }) : Promise.resolve([]),
    ]);
    return [...active, ...inactiveMembers];
  }

  private async grouped(entity: typeof Ticket | typeof TeamMember, column: 'teamId'): Promise<Map<number, number>> {
    const rows: { id: number | string; n: number | string }[] = await this.db.manager
      .createQueryBuilder(entity, 'x')
      .select(`x.${column}`, 'id')
      .addSelect('COUNT(*)', 'n')
      .where(`x.${column} IS NOT NULL`)
      .groupBy(`x.${column}`)
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  }
}
