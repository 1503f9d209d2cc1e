import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../../auth/staff.guard';
import { notFound } from '../../common/errors';
import { sendAttachment } from '../../common/send-file';
import { IdParam, parseId } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { canManageKb } from '../kb-access';
import { KbArticlesService } from '../kb-articles.service';
import { KbCategoriesService } from '../kb-categories.service';
import { KbDeflectionsService } from '../kb-deflections.service';
import { KbFilesService } from '../kb-files.service';
import { KbSearchService } from '../kb-search.service';
import { searchText } from './portal-kb.controller';
import { KbPresenter } from './kb.presenter';

/** /scp/kb for every agent: categories, articles (internal and drafts too) with their deflections, search, files. */
@Controller('scp/kb')
@UseGuards(StaffGuard)
export class ScpKbController {
  constructor(
    private readonly categories: KbCategoriesService,
    private readonly articles: KbArticlesService,
    private readonly search: KbSearchService,
    private readonly files: KbFilesService,
    private readonly deflections: KbDeflectionsService,
    private readonly presenter: KbPresenter,
  ) {}

  /** `?categoryId=` narrows the list, `?before=` pages it (keyset), `?q=` searches every article. */
  @Get()
  async index(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const categoryId = optionalQueryId(query.categoryId);
    const before = optionalQueryId(query.before);
    const q = searchText(query.q);
    const [categories, page, hits] = await Promise.all([
      this.categories.list('agent'),
      q ? { articles: [], nextBefore: null } : this.articles.page({ categoryId, before }),
      q ? this.search.search(q, 'all', { limit: 50 }) : null,
    ]);
    const deflections = await this.deflections.counts(page.articles.map((a) => a.id));
    res.render('kb/scp/index', this.presenter.scpIndex({
      categories, articles: page.articles, deflections, canManage: canManageKb(scope), categoryId, q, hits, nextBefore: page.nextBefore, paged: before !== null,
    }));
  }

  @Get('articles/:id')
  async article(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Res() res: Response): Promise<void> {
    const detail = await this.articles.detail(id);
    const deflections = (await this.deflections.counts([id])).get(id) ?? 0;
    res.render('kb/scp/article', this.presenter.scpArticle(detail, deflections, canManageKb(scope)));
  }

  @Get('files/:id')
  async file(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = await this.files.get(parseId(id, 'file'));
    sendAttachment(res, file, this.files.open(file));
  }
}

/** An optional positive id in the query string; anything else there is a page that does not exist. */
function optionalQueryId(value: unknown): number | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw notFound();
  return parseId(value);
}
