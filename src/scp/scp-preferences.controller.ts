import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { AgentPreferences, AgentPreferencesService } from '../preferences/agent-preferences.service';
import { SettingsService } from '../settings/settings.service';
import { timeZoneChoices } from '../settings/settings.schema';
import { isValidTimeZone } from '../sla/business-hours';
import { AgentScope } from '../tickets/ticket-access';
import { PAGE_SIZE_MAX, PAGE_SIZE_MIN } from '../tickets/ticket-queue-rules';
import { PreferencesDto } from './dto/preferences.dto';
import { ScpListPages } from './scp-list-pages.service';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';
import { ScpPreferencesVM } from './scp.view-models';

type Values = ScpPreferencesVM['form']['values'];

/** /scp/profile/preferences: the signed-in agent's signature, time zone, page size and landing queue. */
@Controller('scp/profile/preferences')
@UseGuards(StaffGuard)
export class ScpPreferencesController {
  constructor(
    private readonly prefs: AgentPreferencesService,
    private readonly lists: ScpListPages,
    private readonly settings: SettingsService,
    private readonly presenter: ScpPresenter,
  ) {}

  @Get()
  async page(@CurrentAgent() scope: AgentScope, @Res() res: Response): Promise<void> {
    const p = await this.prefs.get(scope.staffId);
    await this.render(res, 200, scope, { signature: p.signature, timezone: p.timezone ?? '', pageSize: p.pageSize === null ? '' : String(p.pageSize), defaultQueue: p.defaultQueue ?? '' });
  }

  @Post()
  async save(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed: Values = {
      signature: typeof body.signature === 'string' ? body.signature : '', timezone: typeof body.timezone === 'string' ? body.timezone : '',
      pageSize: typeof body.pageSize === 'string' ? body.pageSize : '', defaultQueue: typeof body.defaultQueue === 'string' ? body.defaultQueue : '',
    };
    const form = parseForm(PreferencesDto, body);
    if (!form.ok) return this.render(res, 422, scope, typed, form.errors);
    const { signature, timezone, pageSize, defaultQueue } = form.value;
    const errors: FormErrors = {};
    if (timezone && !isValidTimeZone(timezone)) errors.timezone = 'Choose a time zone from the list.';
    const size = pageSize === '' ? null : Number(pageSize);
    if (size !== null && (size < PAGE_SIZE_MIN || size > PAGE_SIZE_MAX)) errors.pageSize = `Enter a page size from ${PAGE_SIZE_MIN} to ${PAGE_SIZE_MAX}.`;
    if (Object.keys(errors).length > 0) return this.render(res, 422, scope, typed, errors);
    const prefs: AgentPreferences = {
      // Plain text: line breaks normalised, kept as typed otherwise (escaped wherever it is shown).
      signature: signature.replace(/\r\n?/g, '\n').trim(),
      timezone: timezone ? new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone : null,
      pageSize: size,
      defaultQueue: defaultQueue || null,
    };
    try {
      await this.prefs.update(scope, prefs);
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fields).length > 0) return this.render(res, err.status, scope, typed, err.fields);
      throw err;
    }
    req.flash?.('success', 'Your preferences have been saved.');
    res.redirect(303, this.presenter.url('/scp/profile/preferences'));
  }

  private async render(res: Response, status: number, scope: AgentScope, values: Values, errors: FormErrors = {}): Promise<void> {
    const [counts, queues, settings] = await Promise.all([this.lists.counts(scope), this.lists.landingChoices(scope), this.settings.get()]);
    const vm: ScpPreferencesVM = {
      title: 'Preferences', nav: this.presenter.nav(counts, null), form: { values, errors }, timezones: timeZoneChoices(), queues,
      pageSizeHint: `From ${PAGE_SIZE_MIN} to ${PAGE_SIZE_MAX}; empty uses the help desk's ${settings.defaultPageSize}.`, helpdeskTimezone: settings.timezone,
    };
    res.status(status).render('scp/profile/preferences', { ...vm, layout: SCP_LAYOUT });
  }
}
