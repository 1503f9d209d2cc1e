import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent, StaffGuard } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { PortalAccountsService } from '../../portal-accounts/portal-accounts.service';
import { AgentScope } from '../../tickets/ticket-access';
import { PortalInvitationDto } from '../dto/account.dto';

const VIEW = 'scp/portal-invitations/new';

/** /scp/portal-invitations: an agent invites an end user to a portal account (mail with a 7-day link). */
@Controller('scp/portal-invitations')
@UseGuards(StaffGuard)
export class ScpPortalInvitationsController {
  constructor(
    private readonly accounts: PortalAccountsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async form(@Res() res: Response): Promise<void> {
    res.render(VIEW, await this.vm({}, {}));
  }

  @Post()
  async invite(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(PortalInvitationDto, req.body);
    try {
      if (!form.ok) throw new DomainError('validation_failed', 'Please check the form.', form.errors);
      const user = await this.accounts.invite(staffActor(scope, req.ip), form.value);
      req.flash?.('success', `Invitation sent to ${user.email}.`);
      res.redirect(303, `${this.config.basePath}/scp/portal-invitations`);
    } catch (err) {
      if (!(err instanceof DomainError && (err.code === 'validation_failed' || err.code === 'invalid_transition'))) throw err;
      const errors = err.code === 'validation_failed' ? err.fields : { form: err.message };
      res.status(422).render(VIEW, await this.vm(req.body, errors));
    }
  }

  private async vm(body: unknown, errors: FormErrors) {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      title: 'Invite a User to the Portal', layout: 'layouts/scp',
      enabled: await this.accounts.accountsEnabled(),
      form: { values: { email: text(b.email), name: text(b.name) }, errors },
    };
  }
}
