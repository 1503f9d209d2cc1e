import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError, notFound } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { AutomationInput } from '../../jobs/automation-rules';
import { AutomationRulesService } from '../../jobs/automation-rules.service';
import { AUTOMATION_KINDS, AutomationKind, AutomationRule } from '../../jobs/jobs.entities';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminAutomationsPresenter, typedAutomationValues } from './admin-automations.presenter';
import { AutomationDto, automationFormInput } from './automation.dto';

/** /scp/admin/automations: the rules (create, edit, disable, enable, delete) and the log of recent job runs. */
@Controller('scp/admin/automations')
@UseGuards(AdminGuard)
export class AdminAutomationsController {
  constructor(
    private readonly rules: AutomationRulesService,
    private readonly presenter: AdminAutomationsPresenter,
  ) {}

  @Get()
  @Render('admin/automations/index')
  async index() {
    const [rules, runs, choices] = await Promise.all([this.rules.list(), this.rules.recentRuns(), this.rules.choices()]);
    return this.presenter.list(rules, runs, choices);
  }

  @Get('new')
  @Render('admin/automations/form')
  async newForm(@Query('kind') kind: unknown) {
    const chosen = parseKind(kind);
    const choices = await this.rules.choices();
    return this.presenter.form(choices, this.presenter.defaults(chosen, choices));
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.save(req, res, null, (input) => this.rules.create(staffActor(scope, req.ip), input), 'created');
  }

  @Get(':id')
  @Render('admin/automations/form')
  async edit(@IdParam() id: number) {
    const [rule, choices] = await Promise.all([this.rules.get(id), this.rules.choices()]);
    return this.presenter.form(choices, this.presenter.values(rule), {}, rule);
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const existing = await this.rules.get(id);
    await this.save(req, res, existing, (input) => this.rules.update(staffActor(scope, req.ip), id, input), 'saved');
  }

  @Post(':id/disable')
  async disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const rule = await this.rules.setActive(staffActor(scope, req.ip), id, false);
    req.flash?.('success', `Automation rule “${rule.name}” disabled.`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/enable')
  async enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const rule = await this.rules.setActive(staffActor(scope, req.ip), id, true);
    req.flash?.('success', `Automation rule “${rule.name}” enabled.`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/delete')
  async delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const rule = await this.rules.delete(staffActor(scope, req.ip), id);
    req.flash?.('success', `Automation rule “${rule.name}” deleted.`);
    res.redirect(303, this.presenter.url());
  }

  /** Parses the form, makes the one service call, and answers: 303 to the list, or the form again with 422. */
  private async save(req: AppRequest, res: Response, existing: AutomationRule | null, run: (input: AutomationInput) => Promise<{ name: string }>, verb: string): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // The kind of an existing rule is fixed; a new one's comes from the form (the page it was opened as).
    const kind = existing?.kind ?? (typeof body.kind === 'string' && isKind(body.kind) ? body.kind : 'auto_close');
    const parsed = parseForm(AutomationDto, existing ? { ...body, kind } : body);
    if (!parsed.ok) return this.refuse(res, existing, body, kind, parsed.errors);
    try {
      const saved = await run(automationFormInput(parsed.value));
      req.flash?.('success', `Automation rule “${saved.name}” ${verb}.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return this.refuse(res, existing, body, kind, err.fields);
      throw err;
    }
  }

  private async refuse(res: Response, existing: AutomationRule | null, body: Record<string, unknown>, kind: AutomationKind, errors: FormErrors): Promise<void> {
    const choices = await this.rules.choices();
    res.status(422).render('admin/automations/form', this.presenter.form(choices, typedAutomationValues(body, kind), errors, existing));
  }
}

const isKind = (value: string): value is AutomationKind => (AUTOMATION_KINDS as readonly string[]).includes(value);

/** `?kind=auto_close|escalate`; anything else is a page that does not exist. */
function parseKind(kind: unknown): AutomationKind {
  if (kind === undefined) return 'auto_close';
  if (typeof kind !== 'string' || !isKind(kind)) throw notFound();
  return kind;
}
