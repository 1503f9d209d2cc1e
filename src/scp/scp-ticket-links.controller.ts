import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { AppRequest } from '../common/request-context';
import { TicketMergeService } from '../ticket-links/ticket-merge.service';
import { AgentScope } from '../tickets/ticket-access';
import { IdParam, optionalId } from './dto/id';
import { LinkDto, MergeDto, ticketNumbers } from './dto/ticket-action.dto';
import { ScpTicketResponder } from './scp-ticket-responder';
import { ScpPresenter } from './scp.presenter';

/** Merge tickets into this one, link it to another, remove a link. Answered like every ticket form. */
@Controller('scp/tickets/:id')
@UseGuards(StaffGuard)
export class ScpTicketLinksController {
  constructor(
    private readonly merges: TicketMergeService,
    private readonly respond: ScpTicketResponder,
    private readonly presenter: ScpPresenter,
  ) {}

  @Post('merge')
  merge(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'merge', dto: MergeDto, run: async (v) => {
      const merged = await this.merges.merge(scope, id, ticketNumbers(v.tickets), optionalId(v.lastEntryId));
      return `Merged #${merged.join(', #')} into this ticket.`;
    } });
  }

  @Post('link')
  link(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'link', dto: LinkDto, run: async (v) => {
      const number = await this.merges.link(scope, id, v.number.replace(/^#/, ''), v.reason ?? '', optionalId(v.lastEntryId));
      return `Linked to #${number}.`;
    } });
  }

  /** POST /scp/tickets/:id/links/:otherId/delete: removes a related link (both ways). */
  @Post('links/:otherId/delete')
  async unlink(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @IdParam('otherId') otherId: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const number = await this.merges.unlink(scope, id, otherId);
      req.flash?.('success', `Removed the link to #${number}.`);
    } catch (err) {
      if (!(err instanceof DomainError) || !['validation_failed', 'forbidden'].includes(err.code)) throw err;
      req.flash?.('error', err.message);
    }
    res.redirect(303, this.presenter.ticketUrl(id));
  }
}
