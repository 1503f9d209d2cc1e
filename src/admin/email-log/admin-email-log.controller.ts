import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError, notFound } from '../../common/errors';
import { AppRequest } from '../../common/request-context';
import { EmailLogFilter, EmailLogService, OUTBOX_STATUSES } from '../../mail/email-log.service';
import { OutboxStatus } from '../../mail/outbox-mail.entity';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminEmailLogPresenter } from './admin-email-log.presenter';

/** /scp/admin/email-log: outgoing mail by status and recipient, one message, resend and retry. */
@Controller('scp/admin/email-log')
@UseGuards(AdminGuard)
export class AdminEmailLogController {
  constructor(
    private readonly log: EmailLogService,
    private readonly presenter: AdminEmailLogPresenter,
  ) {}

  @Get()
  @Render('admin/email-log/index')
  async index(@Query() query: Record<string, unknown>) {
    const filter = parseFilter(query);
    return this.presenter.list(await this.log.page(filter), filter);
  }

  @Get(':id')
  @Render('admin/email-log/show')
  async show(@IdParam() id: number) {
    return this.presenter.detail(await this.log.get(id));
  }

  @Post(':id/resend')
  async resend(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.answer(req, res, id, async () => {
      const copy = await this.log.resend(staffActor(scope, req.ip), id);
      req.flash?.('success', `A copy to ${copy.toAddress} is queued.`);
      return copy.id;
    });
  }

  @Post(':id/retry')
  async retry(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.answer(req, res, id, async () => {
      const mail = await this.log.retry(staffActor(scope, req.ip), id);
      req.flash?.('success', `The message to ${mail.toAddress} is queued again.`);
      return id;
    });
  }

  /** A refusal (a sensitive or not-failed message) comes back as a flash on the message's page. */
  private async answer(req: AppRequest, res: Response, id: number, run: () => Promise<number>): Promise<void> {
    try {
      const target = await run();
      res.redirect(303, this.presenter.url(`/${target}`));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
      req.flash?.('error', err.message);
      res.redirect(303, this.presenter.url(`/${id}`));
    }
  }
}

/** `?status=&recipient=&before=`; a value that cannot be one is a page that does not exist. */
function parseFilter(query: Record<string, unknown>): EmailLogFilter {
  const text = (value: unknown) => (value === undefined || value === '' ? null : typeof value === 'string' ? value.trim() : undefined);
  const status = text(query.status);
  const recipient = text(query.recipient);
  const before = text(query.before);
  if (status === undefined || (status !== null && !OUTBOX_STATUSES.includes(status as OutboxStatus))) throw notFound();
  if (recipient === undefined || (recipient !== null && recipient.length > 255)) throw notFound();
  if (before === undefined || (before !== null && !/^[1-9]\d{0,9}$/.test(before))) throw notFound();
  return { status: status as OutboxStatus | null, recipient: recipient || null, before: before ? Number(before) : null };
}
