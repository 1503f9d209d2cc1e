import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { invalidField, notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { Department } from '../departments/department.entity';
import { CannedVars, renderCanned } from './canned-render';
import { CannedResponse } from './canned.entities';

export interface CannedInput {
  title: string;
  body: string;
  /** null: every department. */
  departmentId: number | null;
  isActive: boolean;
}

/** Which responses the admin list shows: all, only the global ones, or one department's. */
export interface CannedFilter {
  department: 'all' | 'global' | number;
  q: string;
}

/** The most the admin list shows at once; a search narrows it. */
export const CANNED_LIST_LIMIT = 500;

/**
 * Canned responses: prepared replies, global or for one department. A title is unique within its
 * department (and among the global ones), compared without case.
 */
@Injectable()
export class CannedResponsesService {
  constructor(
    @InjectRepository(CannedResponse) private readonly responses: Repository<CannedResponse>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The admin list, by title, with each response's department; searches title and body. */
  list(filter: CannedFilter): Promise<CannedResponse[]> {
    const query = this.responses.createQueryBuilder('c').leftJoinAndSelect('c.department', 'd').orderBy('c.title', 'ASC').addOrderBy('c.id', 'ASC').take(CANNED_LIST_LIMIT);
    if (filter.department === 'global') query.andWhere('c.departmentId IS NULL');
    else if (typeof filter.department === 'number') query.andWhere('c.departmentId = :departmentId', { departmentId: filter.department });
    if (filter.q) {
      query.andWhere("(LOWER(c.title) LIKE :q ESCAPE '!' OR LOWER(c.body) LIKE :q ESCAPE '!')", { q: containsPattern(filter.q.toLowerCase()) });
    }
    return query.getMany();
  }

  /** Departments a response may belong to, by name (inactive ones too: their responses stay editable). */
  departmentChoices(): Promise<Department[]> {
    return this.departments.find({ order: { name: 'ASC' } });
  }

  async get(id: number): Promise<CannedResponse> {
    const response = await this.responses.findOne({ where: { id }, relations: { department: true } });
    if (!response) throw notFound('canned response');
    return response;
  }

  /** The active responses an agent may insert on a ticket of this department: the global ones and its own. */
  listForTicket(departmentId: number): Promise<CannedResponse[]> {
    return this.responses.find({
      where: [{ departmentId: IsNull(), isActive: true }, { departmentId, isActive: true }],
      order: { title: 'ASC', id: 'ASC' },
    });
  }

  /**
   * A response an agent may insert on a ticket of `departmentId`: active, and global or that department's.
   * Any other id reads as unknown (404), like a response that does not exist.
   */
  async forTicket(id: number, departmentId: number): Promise<CannedResponse> {
    const response = await this.responses.findOneBy({ id, isActive: true });
    if (!response || (response.departmentId !== null && response.departmentId !== departmentId)) throw notFound('canned response');
    return response;
  }

  /** A response's body with the ticket's values filled in (plain substitution, never a template). */
  render(body: string, vars: CannedVars): string {
    return renderCanned(body, vars);
  }

  async create(actor: AuditActor, input: CannedInput): Promise<CannedResponse> {
    return this.write(async (manager) => {
      await this.checkInput(manager, input, null);
      const now = this.clock.now();
      const repo = manager.getRepository(CannedResponse);
      const saved = await repo.save(repo.create({ ...input, createdAt: now, updatedAt: now }));
      await this.audit.record(actor, { action: 'canned.created', target: target(saved), after: shortened(snapshot(saved)) }, manager);
      return saved;
    });
  }

  async update(actor: AuditActor, id: number, input: CannedInput): Promise<CannedResponse> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(CannedResponse);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('canned response');
      await this.checkInput(manager, input, id);
      const before = snapshot(current);
      Object.assign(current, input, { updatedAt: this.clock.now() });
      await repo.update({ id }, { ...input, updatedAt: current.updatedAt });
      const changes = changedFields(before, snapshot(current));
      if (Object.keys(changes.after).length > 0) {
        await this.audit.record(actor, { action: 'canned.updated', target: target(current), before: shortened(changes.before), after: shortened(changes.after) }, manager);
      }
      return current;
    });
  }

  async delete(actor: AuditActor, id: number): Promise<CannedResponse> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(CannedResponse);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('canned response');
      await repo.delete({ id });
      await this.audit.record(actor, { action: 'canned.deleted', target: target(current), before: shortened(snapshot(current)) }, manager);
      return current;
    });
  }

  /** One transaction; a title taken by a concurrent save ends as the same form error as one taken before. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw titleTaken();
      throw err;
    }
  }

  private async checkInput(manager: EntityManager, input: CannedInput, id: number | null): Promise<void> {
    if (input.departmentId !== null && !(await manager.getRepository(Department).existsBy({ id: input.departmentId }))) {
      throw invalidField('departmentId', 'Choose a department from the list.');
    }
    // CASE: the unique index cannot catch two global responses with one title (NULLs never collide).
    const query = manager.getRepository(CannedResponse).createQueryBuilder('c').where('LOWER(c.title) = :title', { title: input.title.toLowerCase() });
    if (input.departmentId === null) query.andWhere('c.departmentId IS NULL');
    else query.andWhere('c.departmentId = :departmentId', { departmentId: input.departmentId });
    if (id !== null) query.andWhere('c.id <> :id', { id });
    if ((await query.getCount()) > 0) throw titleTaken();
  }
}

const titleTaken = () => invalidField('title', 'Another canned response in that department already has this title.');
const target = (c: CannedResponse) => ({ type: 'canned_response', id: c.id, label: c.title });
const snapshot = (c: CannedResponse): Record<string, unknown> => ({ title: c.title, departmentId: c.departmentId, isActive: c.isActive, body: c.body });

/** The audit log keeps the start of a long body: enough to recognise it, and within a TEXT column on MySQL. */
const AUDIT_BODY_CHARS = 1_000;
const shortened = (values: Record<string, unknown>) =>
  typeof values.body === 'string' && values.body.length > AUDIT_BODY_CHARS ? { ...values, body: `${values.body.slice(0, AUDIT_BODY_CHARS)}…` } : values;
