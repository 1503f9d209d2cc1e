import { Controller, Get, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { SettingsService } from '../../settings/settings.service';
import { AgentScope } from '../../tickets/ticket-access';
import { TicketOptionsService } from '../../tickets/ticket-options.service';
import { AdminGuard } from '../admin.guard';
import { SettingsFormDto, toSettingsInput } from './settings-form.dto';
import { postedFormValues, SettingsChoices, settingsFormValues, SettingsPageVM, SettingsPresenter, TicketDefaults } from './settings.presenter';

const VIEW = 'admin/settings/index';

/** /scp/admin/settings: one form for the help desk's settings; a POST saves them all or none. */
@Controller('scp/admin/settings')
@UseGuards(AdminGuard)
export class AdminSettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly options: TicketOptionsService,
    private readonly presenter: SettingsPresenter,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Render(VIEW)
  async show(): Promise<SettingsPageVM> {
    const [settings, choices, defaults] = await Promise.all([this.settings.get(), this.choices(), this.ticketDefaults()]);
    return this.presenter.page(choices, defaults, this.settings.context, settingsFormValues(settings), {});
  }

  /** Saves the form: 303 back with a flash, or 422 with one message per bad field and everything typed kept. */
  @Post()
  async save(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const rerender = async (errors: FormErrors) => {
      const [choices, defaults] = await Promise.all([this.choices(), this.ticketDefaults()]);
      res.status(422).render(VIEW, this.presenter.page(choices, defaults, this.settings.context, postedFormValues(req.body), errors));
    };
    const parsed = parseForm(SettingsFormDto, req.body);
    if (!parsed.ok) return rerender(parsed.errors);
    let changed: number;
    try {
      changed = (await this.settings.update(staffActor(scope, req.ip), toSettingsInput(parsed.value))).changed.length;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return rerender(err.fields);
      throw err;
    }
    req.flash?.(changed > 0 ? 'success' : 'info', changed > 0 ? 'Settings saved.' : 'Nothing changed: the settings already had these values.');
    res.redirect(303, `${this.config.basePath}/scp/admin/settings`);
  }

  private async choices(): Promise<SettingsChoices> {
    const [departments, topics] = await Promise.all([this.options.listDepartments(), this.options.listTopics('user')]);
    return {
      departments: departments.map((d) => ({ id: d.id, name: d.name })),
      helpTopics: topics.map((t) => ({ id: t.id, name: t.fullName })),
    };
  }

  private async ticketDefaults(): Promise<TicketDefaults> {
    const [status, priority, slaPlan] = await Promise.all([
      this.options.defaultOpenStatus(), this.options.defaultPriority(), this.options.defaultSlaPlan(),
    ]);
    return { statusName: status.name, priorityName: priority.name, slaPlanName: slaPlan?.name ?? null };
  }
}
