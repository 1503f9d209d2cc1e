import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { notFound } from '../../common/errors';
import { AppRequest } from '../../common/request-context';
import { sendAttachment } from '../../common/send-file';
import { parseId } from '../../scp/dto/id';
import { KbArticlesService } from '../kb-articles.service';
import { KbCategoriesService } from '../kb-categories.service';
import { KbDeflectionsService } from '../kb-deflections.service';
import { KbFilesService } from '../kb-files.service';
import { KbSearchService } from '../kb-search.service';
import { KbPresenter } from './kb.presenter';

/** The portal's knowledge base: public categories, published articles, search, files, typing suggestions. */
@Controller('kb')
export class PortalKbController {
  constructor(
    private readonly categories: KbCategoriesService,
    private readonly articles: KbArticlesService,
    private readonly search: KbSearchService,
    private readonly files: KbFilesService,
    private readonly deflections: KbDeflectionsService,
    private readonly presenter: KbPresenter,
  ) {}

  /** The categories, and with `?q=` the search results over public, published articles. */
  @Get()
  async home(@Query('q') q: unknown, @Res() res: Response): Promise<void> {
    const query = searchText(q);
    const [categories, hits] = await Promise.all([this.categories.list('public'), query ? this.search.search(query, 'public', { limit: 25 }) : null]);
    res.render('kb/portal/index', this.presenter.portalHome(categories, query, hits));
  }

  /**
   * GET /kb/suggestions?q=&topicId=: articles matching what the user is typing as the summary of a new
   * ticket (JSON, for the open form's script). Read-only, public articles only.
   */
  @Get('suggestions')
  async suggestions(@Query('q') q: unknown, @Query('topicId') topicId: unknown, @Res() res: Response): Promise<void> {
    const topic = typeof topicId === 'string' && /^[1-9]\d{0,9}$/.test(topicId) ? Number(topicId) : null;
    const hits = await this.search.search(searchText(q), 'public', { limit: 5, topicId: topic });
    res.json(this.presenter.suggestions(hits));
  }

  @Get('categories/:id')
  async category(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const category = await this.categories.getPublic(parseId(id, 'category'));
    res.render('kb/portal/category', this.presenter.portalCategory(category, await this.articles.listPublished(category.id)));
  }

  /** An article; `?from=ticket` (a suggestion on the open form) adds "This answered my question". */
  @Get('articles/:id')
  async article(@Param('id') id: string, @Query('from') from: unknown, @Res() res: Response): Promise<void> {
    const detail = await this.articles.publicDetail(parseId(id, 'article'));
    res.render('kb/portal/article', this.presenter.portalArticle(detail, from === 'ticket'));
  }

  /** "This answered my question" under a suggested article: counts a deflection, then thanks the reader. */
  @Post('articles/:id/helped')
  async helped(@Param('id') id: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const articleId = parseId(id, 'article');
    await this.deflections.record(articleId, '');
    req.flash?.('success', 'Thank you! We are glad the article helped.');
    res.redirect(303, this.presenter.portalArticleUrl(articleId));
  }

  /** A file of a published article in a public category; anything else is a 404 (SECURITY 4). */
  @Get('files/:id')
  async file(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = await this.files.get(parseId(id, 'file'));
    if (!this.articles.isPublic(file.article)) throw notFound('file');
    sendAttachment(res, file, this.files.open(file));
  }
}

/** A search box's text: a string, trimmed, at most 200 characters; anything else searches nothing. */
export function searchText(q: unknown): string {
  return typeof q === 'string' ? q.trim().slice(0, 200) : '';
}
