import { Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { AgentScope } from '../tickets/ticket-access';
import { TicketCollaborationService } from '../tickets/ticket-collaboration.service';
import { CollaboratorDto } from './dto/collaborator.dto';
import { IdParam, parseId } from './dto/id';
import { ScpPages } from './scp-pages.service';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

/**
 * The ticket page's collaborators box. Bad input re-renders the ticket (422) with the box open and what
 * was typed; a refusal (the role lacks 'ticket.edit') goes back to the ticket with the reason; a ticket
 * the agent may not see is a 404 from the service.
 */
@Controller('scp/tickets/:id/collaborators')
@UseGuards(StaffGuard)
export class ScpTicketCollaboratorsController {
  constructor(
    private readonly collaboration: TicketCollaborationService,
    private readonly pages: ScpPages,
    private readonly presenter: ScpPresenter,
  ) {}

  @Post()
  async add(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(CollaboratorDto, body);
    let errors: FormErrors;
    if (parsed.ok) {
      try {
        const user = await this.collaboration.add(scope, id, { email: parsed.value.email, name: parsed.value.name ?? '' });
        req.flash?.('success', `${user.name} added as a collaborator.`);
        return res.redirect(303, this.presenter.ticketUrl(id));
      } catch (err) {
        if (!(err instanceof DomainError) || !['validation_failed', 'forbidden'].includes(err.code)) throw err;
        if (err.code === 'forbidden') return this.refused(req, res, id, err.message);
        errors = Object.keys(err.fields).length > 0 ? err.fields : { email: err.message };
      }
    } else {
      errors = parsed.errors;
    }
    const vm = await this.pages.ticket(scope, id);
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    res.status(422).render('scp/ticket', { ...vm, collaboratorForm: { values: { email: text('email'), name: text('name') }, errors }, layout: SCP_LAYOUT });
  }

  @Post('revoke-links')
  async revokeLinks(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const revoked = await this.collaboration.revokeAccessLinks(scope, id);
      req.flash?.('success', revoked === 1 ? 'One access link revoked.' : `${revoked} access links revoked.`);
      res.redirect(303, this.presenter.ticketUrl(id));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'forbidden') throw err;
      this.refused(req, res, id, err.message);
    }
  }

  @Post(':userId/remove')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Param('userId') userId: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const collaboratorId = parseId(userId, 'collaborator');
    try {
      const user = await this.collaboration.remove(scope, id, collaboratorId);
      req.flash?.('success', `${user.name} is no longer a collaborator.`);
      res.redirect(303, this.presenter.ticketUrl(id));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'forbidden') throw err;
      this.refused(req, res, id, err.message);
    }
  }

  private refused(req: AppRequest, res: Response, id: number, message: string): void {
    req.flash?.('error', message);
    res.redirect(303, this.presenter.ticketUrl(id));
  }
}
