import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { CannedResponsesService } from '../canned/canned.service';
import { cannedVarsFor } from '../canned/canned-vars';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { AgentScope } from '../tickets/ticket-access';
import { TicketViewService } from '../tickets/ticket-view.service';
import { IdParam } from './dto/id';
import { CannedInsertDto, joinCannedIds } from './dto/canned-insert.dto';
import { ScpPages } from './scp-pages.service';
import { SCP_LAYOUT } from './scp.presenter';

/**
 * Canned responses in the reply form. With JavaScript the select fetches the rendered text (GET .../canned/:cannedId,
 * JSON) and fills the textarea; without it the "Insert" button posts the reply form here and gets the page
 * back with the text added to the draft. Both check the ticket (the page's 404) and that the response is
 * one this ticket's department offers (404 otherwise).
 */
@Controller('scp/tickets/:id')
@UseGuards(StaffGuard)
export class ScpTicketCannedController {
  constructor(
    private readonly view: TicketViewService,
    private readonly canned: CannedResponsesService,
    private readonly pages: ScpPages,
  ) {}

  @Get('canned/:cannedId')
  async rendered(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @IdParam('cannedId') cannedId: number) {
    const { id: cid, title, body } = await this.render(scope, id, cannedId);
    return { id: cid, title, body };
  }

  @Post('reply/canned')
  async insert(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const parsed = parseForm(CannedInsertDto, (req.body ?? {}) as Record<string, unknown>);
    if (!parsed.ok) {
      const vm = await this.pages.ticket(scope, id, { openForm: 'reply' });
      return res.status(422).render('scp/ticket', { ...vm, flash: [{ type: 'error', message: Object.values(parsed.errors)[0] }], layout: SCP_LAYOUT });
    }
    const v = parsed.value;
    const { id: cid, body } = await this.render(scope, id, Number(v.cannedId));
    const message = v.message ? `${v.message}\n\n${body}` : body;
    const vm = await this.pages.ticket(scope, id, {
      openForm: 'reply',
      seenEntryId: v.lastEntryId ? Number(v.lastEntryId) : undefined,
      reply: { message, statusId: v.statusId ?? '', appendSignature: v.appendSignature === '1' ? '1' : '', cannedIds: joinCannedIds(v.cannedIds, cid) },
    });
    res.status(200).render('scp/ticket', { ...vm, layout: SCP_LAYOUT });
  }

  private async render(scope: AgentScope, ticketId: number, cannedId: number) {
    const ticket = await this.view.visibleToAgent(scope, ticketId);
    const response = await this.canned.forTicket(cannedId, ticket.departmentId);
    return { id: response.id, title: response.title, body: this.canned.render(response.body, cannedVarsFor(ticket, scope.name)) };
  }
}
