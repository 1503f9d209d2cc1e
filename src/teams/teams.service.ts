import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Staff } from '../staff/staff.entity';
import { Ticket } from '../tickets/ticket.entity';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';

export interface TeamInput {
  name: string;
  leadId: number | null;
  memberIds: number[];
}

/** What the audit log keeps of a team (members as sorted ids). */
const snapshot = (team: Team, memberIds: number[]) => ({
  name: team.name, leadId: team.leadId, isActive: team.isActive, memberIds: [...memberIds].sort((a, b) => a - b),
});

/**
 * Teams as admins manage them: a unique name, members chosen among active agents, a lead who is one
 * of the members, and deletes refused while tickets are assigned to the team. Every change is audited
 * in the transaction that makes it.
 */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuditActor, team: TeamInput): Promise<Team> {
    const input = distinctMembers(team);
    return this.write(async (m) => {
      await this.check(m, null, [], input);
      const team = await m.getRepository(Team).save(m.getRepository(Team).create({ name: input.name, leadId: input.leadId, isActive: true }));
      await this.replaceMembers(m, team.id, [], input.memberIds);
      await this.audit.record(actor, { action: 'team.created', target: target(team), after: snapshot(team, input.memberIds) }, m);
      return team;
    });
  }

  /**
   * Renames the team, sets its lead and its members. CASE: the lead cannot be taken off the team while
   * still its lead ("Choose another lead first.").
   */
  async update(actor: AuditActor, id: number, changes: TeamInput): Promise<Team> {
    const input = distinctMembers(changes);
    return this.write(async (m) => {
      const team = await this.load(m, id);
      const currentIds = await this.memberIds(m, id);
      await this.check(m, team, currentIds, input);
      const before = snapshot(team, currentIds);
      Object.assign(team, { name: input.name, leadId: input.leadId });
      await m.getRepository(Team).save(team);
      await this.replaceMembers(m, id, currentIds, input.memberIds);
      const diff = changedFields(before, snapshot(team, input.memberIds));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'team.updated', target: target(team), ...diff }, m);
      return team;
    });
  }

  /** Disables or enables a team. Its members and assigned tickets stay; new assignments cannot choose it. */
  async setActive(actor: AuditActor, id: number, active: boolean): Promise<Team> {
    return this.write(async (m) => {
      const team = await this.load(m, id);
      if (team.isActive === active) return team;
      team.isActive = active;
      await m.getRepository(Team).save(team);
      await this.audit.record(actor, {
        action: active ? 'team.enabled' : 'team.disabled', target: target(team), before: { isActive: !active }, after: { isActive: active },
      }, m);
      return team;
    });
  }

  /** Deletes a team no ticket is assigned to and no help topic assigns to, with its memberships. */
  async delete(actor: AuditActor, id: number): Promise<Team> {
    try {
      return await this.write(async (m) => {
        const team = await this.load(m, id);
        const [tickets, topics] = await Promise.all([m.countBy(Ticket, { teamId: id }), m.countBy(HelpTopic, { teamId: id })]);
        if (tickets > 0) {
          throw new DomainError('conflict', `The team “${team.name}” still has ${plural(tickets, 'ticket')} assigned; reassign ${tickets === 1 ? 'it' : 'them'} first or disable the team instead.`);
        }
        if (topics > 0) {
          throw new DomainError('conflict', `${plural(topics, 'help topic')} assign new tickets to “${team.name}”; change them first or disable the team instead.`);
        }
        const memberIds = await this.memberIds(m, id);
        await m.delete(TeamMember, { teamId: id });
        await m.delete(Team, { id });
        await this.audit.record(actor, { action: 'team.deleted', target: target(team), before: snapshot(team, memberIds) }, m);
        return team;
      });
    } catch (err) {
      if (isConstraintViolation(err, 'foreign_key')) throw new DomainError('conflict', 'The team is still in use elsewhere; disable it instead.');
      throw err;
    }
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw invalidField('name', 'Another team already has this name.');
      throw err;
    }
  }

  /** Loads the team, locked on MySQL so two saves of one team's members queue (SQLite has one writer). */
  private async load(m: EntityManager, id: number): Promise<Team> {
    if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM teams WHERE id = ? FOR UPDATE', [id]);
    const team = await m.findOneBy(Team, { id });
    if (!team) throw notFound('team');
    return team;
  }

  private async memberIds(m: EntityManager, teamId: number): Promise<number[]> {
    return (await m.findBy(TeamMember, { teamId })).map((row) => row.staffId);
  }

  private async replaceMembers(m: EntityManager, teamId: number, currentIds: number[], wantedIds: number[]): Promise<void> {
    const removed = currentIds.filter((id) => !wantedIds.includes(id));
    const added = wantedIds.filter((id) => !currentIds.includes(id));
    if (removed.length > 0) await m.delete(TeamMember, { teamId, staffId: In(removed) });
    if (added.length > 0) await m.insert(TeamMember, added.map((staffId) => ({ teamId, staffId })));
  }

  /** The rules a team's fields follow, each refused on its own field. */
  private async check(m: EntityManager, team: Team | null, currentIds: number[], input: TeamInput): Promise<void> {
    const sameName = await m.createQueryBuilder(Team, 't').where('LOWER(t.name) = :name', { name: input.name.toLowerCase() }).getOne();
    if (sameName && sameName.id !== team?.id) throw invalidField('name', `A team named “${input.name}” already exists.`);
    // CASE: members disabled since they joined may stay; new members must be active agents.
    const newIds = input.memberIds.filter((id) => !currentIds.includes(id));
    if (newIds.length > 0 && (await m.countBy(Staff, { id: In(newIds), isActive: true })) !== newIds.length) {
      throw invalidField('memberIds', 'Choose members from the list of active agents.');
    }
    if (input.leadId === null || input.memberIds.includes(input.leadId)) return;
    if (team && input.leadId === team.leadId) {
      const lead = await m.findOneBy(Staff, { id: input.leadId });
      throw invalidField('memberIds', `${lead?.name ?? 'The lead'} leads this team and must stay a member. Choose another lead first.`);
    }
    throw invalidField('leadId', 'The lead must be one of the team’s members: tick them under Members too.');
  }
}

const distinctMembers = (input: TeamInput): TeamInput => ({ ...input, memberIds: [...new Set(input.memberIds)] });

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const target = (team: Team) => ({ type: 'team', id: team.id, label: team.name });
