import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { StoredFiles } from '../attachments/attachments.service';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalidField, notFound } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { articleText, sanitizeArticleHtml, wordsOf } from './kb-text';
import { KbArticle, KbArticleFile, KbArticleTopic, KbArticleWord, KbCategory } from './kb.entities';
import { KbFilesService } from './kb-files.service';

export interface KbArticleInput {
  categoryId: number;
  title: string;
  /** HTML as typed; sanitized here before it is stored. */
  body: string;
  isPublished: boolean;
  topicIds: number[];
}

/** An article with what its page shows. */
export interface KbArticleDetail {
  article: KbArticle;
  topics: HelpTopic[];
  files: KbArticleFile[];
}

/** How many articles a page of the staff list shows. */
export const KB_PAGE_SIZE = 50;

/**
 * Knowledge base articles: the body is sanitized on save (and again when shown), the word index is
 * rewritten with every save, files follow the attachment limits. The portal sees an article only when it
 * is published in a public category; agents see them all.
 */
@Injectable()
export class KbArticlesService {
  constructor(
    @InjectRepository(KbArticle) private readonly articles: Repository<KbArticle>,
    private readonly dataSource: DataSource,
    private readonly files: KbFilesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A page of articles for agents, newest first, optionally of one category: keyset on the id (the
   * category+id index), so page 1,000 costs what page 1 does. `before` is the last id of the previous page.
   */
  async page(filter: { categoryId: number | null; before: number | null }): Promise<{ articles: KbArticle[]; nextBefore: number | null }> {
    const query = this.articles.createQueryBuilder('a').innerJoinAndSelect('a.category', 'c').orderBy('a.id', 'DESC').take(KB_PAGE_SIZE + 1);
    if (filter.categoryId !== null) query.andWhere('a.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (filter.before !== null) query.andWhere('a.id < :before', { before: filter.before });
    const rows = await query.getMany();
    const articles = rows.slice(0, KB_PAGE_SIZE);
    return { articles, nextBefore: rows.length > KB_PAGE_SIZE ? articles[articles.length - 1].id : null };
  }

  /** The published articles of a public category, by title, for the portal (at most 200: categories stay small). */
  listPublished(categoryId: number): Promise<KbArticle[]> {
    return this.articles.find({ where: { categoryId, isPublished: true }, order: { title: 'ASC', id: 'ASC' }, take: 200 });
  }

  /** Any article, for agents. */
  async detail(id: number): Promise<KbArticleDetail> {
    const article = await this.articles.findOne({ where: { id }, relations: { category: true } });
    if (!article) throw notFound('article');
    return this.withParts(article);
  }

  /** SECURITY 1: a draft, or an article of an internal category, is a page that does not exist on the portal. */
  async publicDetail(id: number): Promise<KbArticleDetail> {
    const article = await this.articles.findOne({ where: { id, isPublished: true, category: { isPublic: true } }, relations: { category: true } });
    if (!article) throw notFound('article');
    return this.withParts(article);
  }

  /** Whether the portal may show this article (deflections are recorded only for those). */
  isPublic(article: KbArticle & { category: KbCategory }): boolean {
    return article.isPublished && article.category.isPublic;
  }

  async create(actor: AuditActor, input: KbArticleInput, uploads: UploadedFile[], uploadError?: string): Promise<KbArticle> {
    return this.withStoredFiles(uploads, uploadError, (manager, stored) => this.save(manager, actor, null, input, uploads, stored));
  }

  async update(actor: AuditActor, id: number, input: KbArticleInput, uploads: UploadedFile[], uploadError?: string): Promise<KbArticle> {
    return this.withStoredFiles(uploads, uploadError, (manager, stored) => this.save(manager, actor, id, input, uploads, stored));
  }

  async delete(actor: AuditActor, id: number): Promise<KbArticle> {
    let storedNames: string[] = [];
    const deleted = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(KbArticle).findOneBy({ id });
      if (!current) throw notFound('article');
      storedNames = (await manager.getRepository(KbArticleFile).findBy({ articleId: id })).map((f) => f.storedName);
      await manager.getRepository(KbArticle).delete({ id }); // words, topics, files and deflections cascade
      await this.audit.record(actor, { action: 'kb.article.deleted', target: target(current), before: snapshot(current, []) }, manager);
      return current;
    });
    this.files.unlink(storedNames);
    return deleted;
  }

  async removeFile(actor: AuditActor, articleId: number, fileId: number): Promise<KbArticleFile> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const file = await manager.getRepository(KbArticleFile).findOne({ where: { id: fileId, articleId }, relations: { article: true } });
      if (!file) throw notFound('file');
      await manager.getRepository(KbArticleFile).delete({ id: file.id });
      await this.audit.record(actor, { action: 'kb.article.file_removed', target: target(file.article), before: { fileName: file.fileName } }, manager);
      return file;
    });
    this.files.unlink([removed.storedName]);
    return removed;
  }

  private async save(manager: EntityManager, actor: AuditActor, id: number | null, input: KbArticleInput, uploads: UploadedFile[], stored: StoredFiles): Promise<KbArticle> {
    if (!(await manager.getRepository(KbCategory).existsBy({ id: input.categoryId }))) throw invalidField('categoryId', 'Choose a category from the list.');
    const topicIds = [...new Set(input.topicIds)];
    if (topicIds.length > 0 && (await manager.getRepository(HelpTopic).countBy({ id: In(topicIds) })) !== topicIds.length) {
      throw invalidField('topicIds', 'Choose help topics from the list.');
    }
    const body = sanitizeArticleHtml(input.body);
    if (!articleText(body) && !/<img\b/i.test(body)) throw invalidField('body', 'The article has no text left once unsafe markup is removed.');
    const repo = manager.getRepository(KbArticle);
    const now = this.clock.now();
    const values = { categoryId: input.categoryId, title: input.title, body, isPublished: input.isPublished, updatedAt: now };
    let article: KbArticle;
    if (id === null) {
      article = await repo.save(repo.create({ ...values, createdBy: actor.type === 'staff' ? actor.id : null, createdAt: now }));
      await this.audit.record(actor, { action: 'kb.article.created', target: target(article), after: snapshot(article, topicIds) }, manager);
    } else {
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('article');
      const beforeTopics = (await manager.getRepository(KbArticleTopic).findBy({ articleId: id })).map((t) => t.helpTopicId).sort((a, b) => a - b);
      const before = snapshot(current, beforeTopics);
      await repo.update({ id }, values);
      article = Object.assign(current, values);
      const changes = changedFields(before, snapshot(article, [...topicIds].sort((a, b) => a - b)));
      if (Object.keys(changes.after).length > 0 || uploads.length > 0) {
        await this.audit.record(actor, { action: 'kb.article.updated', target: target(article), ...changes, after: { ...changes.after, ...(uploads.length ? { filesAdded: uploads.length } : {}) } }, manager);
      }
    }
    await this.writeTopics(manager, article.id, topicIds);
    await this.writeWords(manager, article);
    await this.files.store(manager, article.id, uploads, stored);
    return article;
  }

  private async writeTopics(manager: EntityManager, articleId: number, topicIds: number[]): Promise<void> {
    const repo = manager.getRepository(KbArticleTopic);
    await repo.delete({ articleId });
    if (topicIds.length > 0) await repo.insert(topicIds.map((helpTopicId) => ({ articleId, helpTopicId })));
  }

  /** The search index: every distinct word of the title and text, replaced as a whole. */
  private async writeWords(manager: EntityManager, article: KbArticle): Promise<void> {
    const repo = manager.getRepository(KbArticleWord);
    await repo.delete({ articleId: article.id });
    const words = wordsOf(`${article.title} ${articleText(article.body)}`);
    for (let i = 0; i < words.length; i += 200) {
      await repo.insert(words.slice(i, i + 200).map((word) => ({ word, articleId: article.id })));
    }
  }

  private async withParts(article: KbArticle): Promise<KbArticleDetail> {
    const [links, files] = await Promise.all([
      this.dataSource.getRepository(KbArticleTopic).find({ where: { articleId: article.id }, relations: { helpTopic: true } }),
      this.dataSource.getRepository(KbArticleFile).find({ where: { articleId: article.id }, order: { id: 'ASC' } }),
    ]);
    const topics = links.map((l) => l.helpTopic).sort((a, b) => a.fullName.localeCompare(b.fullName));
    return { article, topics, files };
  }

  /** Checks the uploads, runs the save in one transaction, and removes copied files if it rolls back. */
  private async withStoredFiles<T>(uploads: UploadedFile[], uploadError: string | undefined, work: (manager: EntityManager, stored: StoredFiles) => Promise<T>): Promise<T> {
    await this.files.check(uploads, uploadError);
    const stored = new StoredFiles();
    try {
      return await this.dataSource.transaction((manager) => work(manager, stored));
    } catch (err) {
      stored.discard();
      throw err;
    }
  }
}

const target = (a: KbArticle) => ({ type: 'kb_article', id: a.id, label: a.title });
const AUDIT_BODY_CHARS = 1_000;
const snapshot = (a: KbArticle, topicIds: number[]): Record<string, unknown> => ({
  title: a.title, categoryId: a.categoryId, isPublished: a.isPublished, topicIds,
  body: a.body.length > AUDIT_BODY_CHARS ? `${a.body.slice(0, AUDIT_BODY_CHARS)}…` : a.body,
});
