import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { excerpt, prefixRange, searchTerms } from './kb-text';
import { KbArticle, KbArticleWord } from './kb.entities';

/** What the portal may see, what an agent may link a user to, or everything (the staff list). */
export type KbAudience = 'public' | 'published' | 'all';

export interface KbHit {
  id: number;
  title: string;
  excerpt: string;
  categoryName: string;
  isPublic: boolean;
  isPublished: boolean;
}

/**
 * Search over titles and texts through the word index (kb_article_words): each search word, as a prefix,
 * is a range on its primary key, the same plan on SQLite and MySQL; articles rank by how many of their
 * words matched, plus a lift for those related to the help topic the asker chose. Portable and exact
 * enough for a knowledge base of thousands of articles; no database-specific full-text engine to keep
 * in step with two schemas.
 */
@Injectable()
export class KbSearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(query: string, audience: KbAudience, options: { limit?: number; topicId?: number | null } = {}): Promise<KbHit[]> {
    const terms = searchTerms(query);
    if (terms.length === 0) return [];
    const limit = Math.min(options.limit ?? 10, 50);
    const ranked = this.dataSource.getRepository(KbArticleWord).createQueryBuilder('w')
      .innerJoin('w.article', 'a').innerJoin('a.category', 'c')
      .select('w.articleId', 'id').addSelect('COUNT(*)', 'score')
      .groupBy('w.articleId').orderBy('score', 'DESC').addOrderBy('w.articleId', 'DESC').limit(limit);
    const ranges = terms.map((term, i) => {
      const { from, to } = prefixRange(term);
      ranked.setParameter(`from${i}`, from).setParameter(`to${i}`, to);
      return `(w.word >= :from${i} AND w.word < :to${i})`;
    });
    ranked.where(`(${ranges.join(' OR ')})`);
    if (audience !== 'all') ranked.andWhere('a.isPublished = 1');
    if (audience === 'public') ranked.andWhere('c.isPublic = 1');
    if (options.topicId) {
      // At most one row per article (the pair is the primary key), so the join multiplies nothing.
      ranked.leftJoin('kb_article_topics', 't', 't.article_id = w.article_id AND t.help_topic_id = :topicId', { topicId: options.topicId })
        .addSelect('MAX(CASE WHEN t.article_id IS NULL THEN 0 ELSE 1 END)', 'related')
        .orderBy('related', 'DESC').addOrderBy('score', 'DESC').addOrderBy('w.articleId', 'DESC');
    }
    const rows: { id: number | string }[] = await ranked.getRawMany();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const articles = await this.dataSource.getRepository(KbArticle).find({ where: ids.map((id) => ({ id })), relations: { category: true } });
    const byId = new Map(articles.map((a) => [a.id, a]));
    return ids.flatMap((id) => {
      const a = byId.get(id);
      return a ? [{ id, title: a.title, excerpt: excerpt(a.body), categoryName: a.category.name, isPublic: a.category.isPublic, isPublished: a.isPublished }] : [];
    });
  }
}
