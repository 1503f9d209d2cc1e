import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { KbArticle, KbCategory } from './kb.entities';

export interface KbCategoryInput {
  name: string;
  description: string;
  isPublic: boolean;
  sortOrder: number;
}

/** A category with how many of its articles the reader may see. */
export interface KbCategoryWithCount {
  category: KbCategory;
  articleCount: number;
}

/**
 * Knowledge base categories. Names are unique (without case); a category that still holds articles
 * cannot be deleted. Internal categories never reach the portal.
 */
@Injectable()
export class KbCategoriesService {
  constructor(
    @InjectRepository(KbCategory) private readonly categories: Repository<KbCategory>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Every category (agents) or the public ones (portal), in their sort order, with their article
   * counts: all articles for agents, the published ones for the portal. One grouped query over the
   * category index; categories are few.
   */
  async list(audience: 'agent' | 'public'): Promise<KbCategoryWithCount[]> {
    const where = audience === 'public' ? { isPublic: true } : {};
    const categories = await this.categories.find({ where, order: { sortOrder: 'ASC', name: 'ASC' } });
    if (categories.length === 0) return [];
    const counts = this.dataSource.getRepository(KbArticle).createQueryBuilder('a')
      .select('a.categoryId', 'categoryId').addSelect('COUNT(*)', 'n')
      .where('a.categoryId IN (:...ids)', { ids: categories.map((c) => c.id) }).groupBy('a.categoryId');
    if (audience === 'public') counts.andWhere('a.isPublished = 1');
    const rows: { categoryId: number; n: number | string }[] = await counts.getRawMany();
    const byId = new Map(rows.map((r) => [Number(r.categoryId), Number(r.n)]));
    return categories.map((category) => ({ category, articleCount: byId.get(category.id) ?? 0 }));
  }

  async get(id: number): Promise<KbCategory> {
    const category = await this.categories.findOneBy({ id });
    if (!category) throw notFound('category');
    return category;
  }

  /** A category the portal may show: a public one; an internal one is a page that does not exist. */
  async getPublic(id: number): Promise<KbCategory> {
    const category = await this.categories.findOneBy({ id, isPublic: true });
    if (!category) throw notFound('category');
    return category;
  }

  async create(actor: AuditActor, input: KbCategoryInput): Promise<KbCategory> {
    return this.write(async (manager) => {
      await this.checkName(manager, input.name, null);
      const repo = manager.getRepository(KbCategory);
      const now = this.clock.now();
      const saved = await repo.save(repo.create({ ...input, createdAt: now, updatedAt: now }));
      await this.audit.record(actor, { action: 'kb.category.created', target: target(saved), after: snapshot(saved) }, manager);
      return saved;
    });
  }

  async update(actor: AuditActor, id: number, input: KbCategoryInput): Promise<KbCategory> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(KbCategory);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('category');
      await this.checkName(manager, input.name, id);
      const before = snapshot(current);
      Object.assign(current, input, { updatedAt: this.clock.now() });
      await repo.update({ id }, { ...input, updatedAt: current.updatedAt });
      const changes = changedFields(before, snapshot(current));
      if (Object.keys(changes.after).length > 0) await this.audit.record(actor, { action: 'kb.category.updated', target: target(current), ...changes }, manager);
      return current;
    });
  }

  /** CASE: a category with articles stays; its articles must move or go first (409 with a message). */
  async delete(actor: AuditActor, id: number): Promise<KbCategory> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(KbCategory);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('category');
      if (await manager.getRepository(KbArticle).existsBy({ categoryId: id })) {
        throw new DomainError('conflict', `“${current.name}” still holds articles: move or delete them first.`);
      }
      await repo.delete({ id });
      await this.audit.record(actor, { action: 'kb.category.deleted', target: target(current), before: snapshot(current) }, manager);
      return current;
    });
  }

  /** One transaction; a name taken by a concurrent save ends as the same form error as one taken before. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw nameTaken();
      throw err;
    }
  }

  private async checkName(manager: EntityManager, name: string, id: number | null): Promise<void> {
    const query = manager.getRepository(KbCategory).createQueryBuilder('c').where('LOWER(c.name) = :name', { name: name.toLowerCase() });
    if (id !== null) query.andWhere('c.id <> :id', { id });
    if ((await query.getCount()) > 0) throw nameTaken();
  }
}

const nameTaken = () => invalidField('name', 'Another category already has this name.');
const target = (c: KbCategory) => ({ type: 'kb_category', id: c.id, label: c.name });
const snapshot = (c: KbCategory): Record<string, unknown> => ({ name: c.name, description: c.description, isPublic: c.isPublic, sortOrder: c.sortOrder });
