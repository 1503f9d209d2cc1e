import { Controller, Get, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { EmailAccount } from '../../email-accounts/email-account.entity';
import { EmailAccountInput, EmailAccountsService } from '../../email-accounts/email-accounts.service';
import { MailboxProbe, ProbeResult } from '../../email-accounts/mailbox-probe';
import { MailboxCursorsService } from '../../imap-fetch/mailbox-cursors.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminEmailAccountsPresenter, typedEmailAccountValues } from './admin-email-accounts.presenter';
import { EmailAccountDto, toEmailAccountInput } from './email-account.dto';

/** /scp/admin/email-accounts: list, create, edit, delete, and test the SMTP and IMAP settings. */
@Controller('scp/admin/email-accounts')
@UseGuards(AdminGuard)
export class AdminEmailAccountsController {
  constructor(
    private readonly accounts: EmailAccountsService,
    private readonly probe: MailboxProbe,
    private readonly cursors: MailboxCursorsService,
    private readonly presenter: AdminEmailAccountsPresenter,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Render('admin/email-accounts/index')
  async index() {
    const accounts = await this.accounts.list();
    return this.presenter.list(accounts, await this.cursors.statuses(accounts.map((a) => a.id)));
  }

  @Get('new')
  @Render('admin/email-accounts/form')
  async newForm() {
    return this.presenter.form(await this.accounts.choices(), this.presenter.blank());
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.save(req, res, null, (input) => this.accounts.create(staffActor(scope, req.ip), input), 'added');
  }

  @Get(':id')
  @Render('admin/email-accounts/form')
  async edit(@IdParam() id: number) {
    const [account, choices] = await Promise.all([this.accounts.get(id), this.accounts.choices()]);
    return this.presenter.form(choices, this.presenter.values(account), {}, account);
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const existing = await this.accounts.get(id);
    await this.save(req, res, existing, (input) => this.accounts.update(staffActor(scope, req.ip), id, input), 'saved');
  }

  @Post(':id/delete')
  async delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const deleted = await this.accounts.delete(staffActor(scope, req.ip), id);
    req.flash?.('success', `Email account ${deleted.address} deleted.`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/test-smtp')
  async testSmtp(@IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const account = await this.accounts.get(id);
    this.report(req, 'SMTP', account, await this.attempt(() => this.probe.smtp(id, this.config.mail.smtpUrl)));
    res.redirect(303, this.presenter.url(`/${id}`));
  }

  @Post(':id/test-imap')
  async testImap(@IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const account = await this.accounts.get(id);
    this.report(req, 'IMAP', account, await this.attempt(() => this.probe.imap(id)));
    res.redirect(303, this.presenter.url(`/${id}`));
  }

  /** A setting the probe cannot use (no IMAP host, an unreadable password) is a failed test, not an error page. */
  private async attempt(run: () => Promise<ProbeResult>): Promise<ProbeResult> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return { ok: false, reason: err.message };
      throw err;
    }
  }

  private report(req: AppRequest, protocol: string, account: EmailAccount, result: ProbeResult): void {
    if (result.ok) req.flash?.('success', `${protocol} test passed: logged in to the server of ${account.address}.`);
    else req.flash?.('error', `${protocol} test failed: ${result.reason}`);
  }

  /** Parses the form, makes the one service call, and answers: 303 to the list, or the form again with 422. */
  private async save(req: AppRequest, res: Response, existing: EmailAccount | null, run: (input: EmailAccountInput) => Promise<EmailAccount>, verb: string): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(EmailAccountDto, body);
    if (!parsed.ok) return this.refuse(res, existing, body, parsed.errors);
    try {
      const saved = await run(toEmailAccountInput(parsed.value));
      req.flash?.('success', `Email account ${saved.address} ${verb}.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return this.refuse(res, existing, body, err.fields);
      throw err;
    }
  }

  private async refuse(res: Response, existing: EmailAccount | null, body: Record<string, unknown>, errors: FormErrors): Promise<void> {
    res.status(422).render('admin/email-accounts/form', this.presenter.form(await this.accounts.choices(), typedEmailAccountValues(body), errors, existing));
  }
}
