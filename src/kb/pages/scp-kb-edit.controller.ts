import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentsService } from '../../attachments/attachments.service';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent, StaffGuard } from '../../auth/staff.guard';
import { DomainError, notFound } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { HelpTopicsService } from '../../help-topics/help-topics.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { canManageKb } from '../kb-access';
import { KbArticleDetail, KbArticleInput, KbArticlesService } from '../kb-articles.service';
import { KbCategoriesService, KbCategoryInput } from '../kb-categories.service';
import { KbArticleDto, KbCategoryDto } from './kb-forms.dto';
import { KbArticleValues, KbPresenter, typedArticleValues, typedCategoryValues } from './kb.presenter';

/**
 * Adding, editing and deleting categories and articles: agents with 'kb.manage' (or admins). Others get
 * the same 404 as for a page that does not exist.
 */
@Controller('scp/kb')
@UseGuards(StaffGuard)
export class ScpKbEditController {
  constructor(
    private readonly categories: KbCategoriesService,
    private readonly articles: KbArticlesService,
    private readonly topics: HelpTopicsService,
    private readonly attachments: AttachmentsService,
    private readonly presenter: KbPresenter,
  ) {}

  // ----- categories

  @Get('categories/new')
  newCategory(@CurrentAgent() scope: AgentScope, @Res() res: Response): void {
    requireManager(scope);
    res.render('kb/scp/category-form', this.presenter.categoryForm({ name: '', description: '', isPublic: true, sortOrder: '0' }));
  }

  @Post('categories')
  async createCategory(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    await this.saveCategory(req, res, null, (input) => this.categories.create(staffActor(scope, req.ip), input), 'added');
  }

  @Get('categories/:id')
  async editCategory(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Res() res: Response): Promise<void> {
    requireManager(scope);
    const category = await this.categories.get(id);
    res.render('kb/scp/category-form', this.presenter.categoryForm(this.presenter.categoryValues(category), {}, category));
  }

  @Post('categories/:id')
  async updateCategory(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    await this.categories.get(id);
    await this.saveCategory(req, res, id, (input) => this.categories.update(staffActor(scope, req.ip), id, input), 'saved');
  }

  @Post('categories/:id/delete')
  async deleteCategory(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    try {
      const deleted = await this.categories.delete(staffActor(scope, req.ip), id);
      req.flash?.('success', `Category “${deleted.name}” deleted.`);
      res.redirect(303, this.presenter.url('/scp/kb'));
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'conflict')) throw err;
      req.flash?.('error', err.message);
      res.redirect(303, this.presenter.url(`/scp/kb/categories/${id}`));
    }
  }

  // ----- articles

  @Get('articles/new')
  async newArticle(@CurrentAgent() scope: AgentScope, @Res() res: Response): Promise<void> {
    requireManager(scope);
    await this.renderArticleForm(res, 200, { categoryId: '', title: '', body: '', isPublished: false, topicIds: [] });
  }

  @Post('articles')
  async createArticle(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    await this.saveArticle(req, res, null, (input) => this.articles.create(staffActor(scope, req.ip), input, req.uploads ?? [], req.uploadError), 'added');
  }

  @Get('articles/:id/edit')
  async editArticle(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Res() res: Response): Promise<void> {
    requireManager(scope);
    const detail = await this.articles.detail(id);
    await this.renderArticleForm(res, 200, this.presenter.articleValues(detail), {}, detail);
  }

  @Post('articles/:id')
  async updateArticle(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    const detail = await this.articles.detail(id);
    await this.saveArticle(req, res, detail, (input) => this.articles.update(staffActor(scope, req.ip), id, input, req.uploads ?? [], req.uploadError), 'saved');
  }

  @Post('articles/:id/delete')
  async deleteArticle(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    const deleted = await this.articles.delete(staffActor(scope, req.ip), id);
    req.flash?.('success', `Article “${deleted.title}” deleted.`);
    res.redirect(303, this.presenter.url('/scp/kb'));
  }

  @Post('articles/:id/files/:fileId/delete')
  async removeFile(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @IdParam('fileId') fileId: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    requireManager(scope);
    const removed = await this.articles.removeFile(staffActor(scope, req.ip), id, fileId);
    req.flash?.('success', `File “${removed.fileName}” removed.`);
    res.redirect(303, this.presenter.url(`/scp/kb/articles/${id}/edit`));
  }

  // ----- helpers

  private async saveCategory(req: AppRequest, res: Response, id: number | null, run: (input: KbCategoryInput) => Promise<{ name: string }>, verb: string): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(KbCategoryDto, body);
    const refuse = async (errors: FormErrors) => {
      const existing = id === null ? null : await this.categories.get(id);
      res.status(422).render('kb/scp/category-form', this.presenter.categoryForm(typedCategoryValues(body), errors, existing));
    };
    if (!parsed.ok) return refuse(parsed.errors);
    const { name, description, isPublic, sortOrder } = parsed.value;
    try {
      const saved = await run({ name, description: description ?? '', isPublic, sortOrder: Number(sortOrder) });
      req.flash?.('success', `Category “${saved.name}” ${verb}.`);
      res.redirect(303, this.presenter.url('/scp/kb'));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return refuse(err.fields);
      throw err;
    }
  }

  private async saveArticle(req: AppRequest, res: Response, existing: KbArticleDetail | null, run: (input: KbArticleInput) => Promise<{ id: number; title: string }>, verb: string): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(KbArticleDto, body);
    const refuse = (errors: FormErrors) => this.renderArticleForm(res, 422, typedArticleValues(body), errors, existing);
    if (!parsed.ok) return refuse({ ...(req.uploadError ? { attachments: req.uploadError } : {}), ...parsed.errors });
    const v = parsed.value;
    try {
      const saved = await run({ categoryId: Number(v.categoryId), title: v.title, body: v.body, isPublished: v.isPublished, topicIds: v.topicIds.map(Number) });
      req.flash?.('success', `Article “${saved.title}” ${verb}.`);
      res.redirect(303, this.presenter.url(`/scp/kb/articles/${saved.id}`));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return refuse(err.fields);
      throw err;
    }
  }

  private async renderArticleForm(res: Response, status: number, values: KbArticleValues, errors: FormErrors = {}, existing: KbArticleDetail | null = null): Promise<void> {
    const [categories, tree, limits] = await Promise.all([this.categories.list('agent'), this.topics.list(), this.attachments.limits()]);
    const topics = tree.map((t) => t.topic);
    res.status(status).render('kb/scp/article-form', this.presenter.articleForm(categories, topics, limits, values, errors, existing));
  }
}

function requireManager(scope: AgentScope): void {
  if (!canManageKb(scope)) throw notFound();
}
