import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { HelpTopic } from '../../help-topics/help-topic.entity';
import { HelpTopicInput, HelpTopicsService } from '../../help-topics/help-topics.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { HelpTopicDto } from './dto/help-topic.dto';
import { conflictMessage, optionalId, sortNumber, validationErrors } from './form-values';
import { HelpTopicsPresenter } from './help-topics.presenter';

const toInput = (dto: HelpTopicDto): HelpTopicInput => ({
  name: dto.name, parentId: optionalId(dto.parentId), departmentId: optionalId(dto.departmentId), priorityId: optionalId(dto.priorityId),
  slaPlanId: optionalId(dto.slaPlanId), statusId: optionalId(dto.statusId), staffId: optionalId(dto.staffId), teamId: optionalId(dto.teamId),
  formId: optionalId(dto.formId), isPublic: dto.isPublic, isActive: dto.isActive, sort: sortNumber(dto.sort),
});

/** /scp/admin/help-topics: the topic tree, and adding, changing, disabling and deleting topics. */
@Controller('scp/admin/help-topics')
@UseGuards(AdminGuard)
export class AdminHelpTopicsController {
  constructor(
    private readonly topics: HelpTopicsService,
    private readonly presenter: HelpTopicsPresenter,
  ) {}

  @Get()
  async list(@Query('q') q: unknown, @Res() res: Response): Promise<void> {
    const search = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    res.render('admin/help-topics/index', this.presenter.list(await this.topics.list(search), search));
  }

  @Get('new')
  async newTopic(@Res() res: Response): Promise<void> {
    await this.renderEdit(res, 200, null);
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(HelpTopicDto, req.body);
    if (!form.ok) return this.renderEdit(res, 422, null, req.body, form.errors);
    try {
      const topic = await this.topics.create(staffActor(scope, req.ip), toInput(form.value));
      req.flash?.('success', `Help topic “${topic.fullName}” created.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      await this.renderEdit(res, 422, null, req.body, validationErrors(err, 'name'));
    }
  }

  @Get(':id')
  async edit(@IdParam() id: number, @Res() res: Response): Promise<void> {
    await this.renderEdit(res, 200, await this.topics.get(id));
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const topic = await this.topics.get(id);
    const form = parseForm(HelpTopicDto, req.body);
    if (!form.ok) return this.renderEdit(res, 422, topic, req.body, form.errors);
    try {
      const saved = await this.topics.update(staffActor(scope, req.ip), id, toInput(form.value));
      req.flash?.('success', `Help topic “${saved.fullName}” saved.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      await this.renderEdit(res, 422, topic, req.body, validationErrors(err, 'name'));
    }
  }

  @Post(':id/disable')
  async disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const topic = await this.topics.setActive(staffActor(scope, req.ip), id, false);
    req.flash?.('success', `Help topic “${topic.fullName}” disabled.`);
    res.redirect(303, this.presenter.url(`/${id}`));
  }

  @Post(':id/enable')
  async enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const topic = await this.topics.setActive(staffActor(scope, req.ip), id, true);
    req.flash?.('success', `Help topic “${topic.fullName}” enabled.`);
    res.redirect(303, this.presenter.url(`/${id}`));
  }

  /** A refused delete goes back to the topic with the reason; nothing changed. */
  @Post(':id/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const topic = await this.topics.delete(staffActor(scope, req.ip), id);
      req.flash?.('success', `Help topic “${topic.fullName}” deleted.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      req.flash?.('error', conflictMessage(err));
      res.redirect(303, this.presenter.url(`/${id}`));
    }
  }

  private async renderEdit(res: Response, status: number, topic: HelpTopic | null, body?: unknown, errors: FormErrors = {}): Promise<void> {
    const vm = this.presenter.edit(topic, await this.topics.choices(), body, errors);
    res.status(status).render('admin/help-topics/edit', vm);
  }
}
