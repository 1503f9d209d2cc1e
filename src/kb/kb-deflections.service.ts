import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { KbArticlesService } from './kb-articles.service';
import { KbDeflection } from './kb.entities';

/**
 * Deflections: a visitor about to open a ticket said an article answered their question instead.
 * Counted per article for the staff list.
 */
@Injectable()
export class KbDeflectionsService {
  constructor(
    @InjectRepository(KbDeflection) private readonly deflections: Repository<KbDeflection>,
    private readonly articles: KbArticlesService,
    private readonly clock: Clock,
  ) {}

  /** Records one for an article the portal may show (anything else is a 404), with the summary typed. */
  async record(articleId: number, subject: string): Promise<void> {
    const { article } = await this.articles.publicDetail(articleId);
    await this.deflections.insert({ articleId: article.id, subject: subject.slice(0, 255), createdAt: this.clock.now() });
  }

  /** Deflections per article, for the articles of one list page (index on article_id; no table scan). */
  async counts(articleIds: number[]): Promise<Map<number, number>> {
    if (articleIds.length === 0) return new Map();
    const rows: { articleId: number; n: number | string }[] = await this.deflections.createQueryBuilder('d')
      .select('d.articleId', 'articleId').addSelect('COUNT(*)', 'n')
      .where({ articleId: In(articleIds) }).groupBy('d.articleId').getRawMany();
    return new Map(rows.map((r) => [Number(r.articleId), Number(r.n)]));
  }
}
