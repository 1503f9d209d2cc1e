import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { notFound } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { IdParam } from '../../scp/dto/id';
import { AgentStatus } from '../../staff/agent-rules';
import { AgentDirectoryService } from '../../staff/agent-directory.service';
import { AgentsAdminService, PasswordOutcome } from '../../staff/agents-admin.service';
import { AgentScope } from '../../tickets/ticket-access';
import { TwoFactorService } from '../../two-factor/two-factor.service';
import { AdminGuard } from '../admin.guard';
import { AgentPageDetails, agentFormValues, AgentsPresenter, detailsValues, NEW_AGENT_VALUES, PasswordFormState } from './agents.presenter';
import { AgentFormDto, AgentListQueryDto, NewAgentFormDto, PasswordFormDto, toAgentInput, toPasswordChoice } from './dto/agent-form.dto';
import { attempt, refusalOf } from './form-outcome';

const FORM = 'admin/agents/form';

/**
 * /scp/admin/agents: the agent list, the create and edit form, password reset and delete. Each POST
 * makes one AgentsAdminService call; bad input re-renders the form with 422 and what was typed.
 */
@Controller('scp/admin/agents')
@UseGuards(AdminGuard)
export class AdminAgentsController {
  constructor(
    private readonly directory: AgentDirectoryService,
    private readonly agents: AgentsAdminService,
    private readonly twoFactor: TwoFactorService,
    private readonly presenter: AgentsPresenter,
  ) {}

  /** ?q=&dept=&status=&before=: a malformed filter is a page that does not exist (404). */
  @Get()
  @Render('admin/agents/list')
  async list(@Query() query: Record<string, unknown>) {
    const parsed = parseForm(AgentListQueryDto, query);
    if (!parsed.ok) throw notFound();
    const { q, dept, status, before } = parsed.value;
    const [page, choices] = await Promise.all([
      this.directory.list({ q, departmentId: dept ? Number(dept) : null, status: (status || null) as AgentStatus | null, before: before ? Number(before) : null }),
      this.directory.choices(),
    ]);
    return this.presenter.list(page, { q, dept, status }, !before, choices);
  }

  @Get('new')
  @Render(FORM)
  async newForm() {
    return this.presenter.form(await this.directory.choices(), null, NEW_AGENT_VALUES, {});
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    const rerender = async (errors: FormErrors) =>
      res.status(422).render(FORM, this.presenter.form(await this.directory.choices(), null, agentFormValues(req.body), errors));
    const parsed = parseForm(NewAgentFormDto, req.body);
    if (!parsed.ok) return rerender(parsed.errors);
    const created = await attempt(() => this.agents.create(staffActor(scope, req.ip), toAgentInput(parsed.value), toPasswordChoice(parsed.value)));
    if (!created.ok) return rerender(created.errors);
    this.done(req, res, created.value, true);
  }

  @Get(':id')
  @Render(FORM)
  async editForm(@IdParam() id: number) {
    const details = await this.details(id);
    return this.presenter.form(await this.directory.choices(), details, detailsValues(details), {});
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    const details = await this.details(id);
    const rerender = async (errors: FormErrors) =>
      res.status(422).render(FORM, this.presenter.form(await this.directory.choices(), details, agentFormValues(req.body), errors));
    const parsed = parseForm(AgentFormDto, req.body);
    if (!parsed.ok) return rerender(parsed.errors);
    const updated = await attempt(() => this.agents.update(staffActor(scope, req.ip), id, toAgentInput(parsed.value)));
    if (!updated.ok) return rerender(updated.errors);
    req.flash?.('success', `Agent “${updated.value.name}” updated.`);
    res.redirect(303, this.presenter.listUrl());
  }

  /** Sets a typed or generated password and makes the agent change it at their next login. */
  @Post(':id/password')
  async resetPassword(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    const details = await this.details(id);
    const rerender = async (errors: FormErrors) => {
      const reset: PasswordFormState = { errors, generatePassword: agentFormValues(req.body).generatePassword };
      res.status(422).render(FORM, this.presenter.form(await this.directory.choices(), details, detailsValues(details), {}, reset));
    };
    const parsed = parseForm(PasswordFormDto, req.body);
    if (!parsed.ok) return rerender(parsed.errors);
    const reset = await attempt(() => this.agents.resetPassword(staffActor(scope, req.ip), id, toPasswordChoice(parsed.value)));
    if (!reset.ok) return rerender(reset.errors);
    this.done(req, res, reset.value, false);
  }

  @Post(':id/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    const { agent } = await this.directory.details(id);
    const refusal = await refusalOf(() => this.agents.delete(staffActor(scope, req.ip), id));
    req.flash?.(refusal ? 'error' : 'success', refusal ?? `Agent “${agent.name}” deleted.`);
    res.redirect(303, refusal ? this.presenter.agentUrl(id) : this.presenter.listUrl());
  }

  /** The agent the edit form shows (404 when there is none), with their two-factor status. */
  private async details(id: number): Promise<AgentPageDetails> {
    const [details, twoFactorOn] = await Promise.all([this.directory.details(id), this.twoFactor.isOn(id)]);
    return { ...details, twoFactorOn };
  }

  /**
   * After a create or reset: a generated password is shown right here, once (no-store, never in the
   * session or a URL); a typed one needs no page of its own, so back with a flash.
   */
  private done(req: AppRequest, res: Response, outcome: PasswordOutcome, created: boolean): void {
    const { agent, generatedPassword } = outcome;
    if (generatedPassword) {
      res.setHeader('Cache-Control', 'no-store');
      return res.status(200).render('admin/agents/secret', this.presenter.secretOnce(agent, generatedPassword, created));
    }
    req.flash?.('success', created ? `Agent “${agent.name}” created.` : `New password set for ${agent.name}; they must change it at their next login.`);
    res.redirect(303, created ? this.presenter.listUrl() : this.presenter.agentUrl(agent.id));
  }
}
