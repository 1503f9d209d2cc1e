import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppRequest } from '../common/request-context';
import { sendAttachment } from '../common/send-file';
import { TicketViewService } from '../tickets/ticket-view.service';
import { parseId } from './dto/id';

/** Files on the visitor's tickets, served only through this check (SECURITY 4), never from a static folder. */
@Controller('attachments')
export class PortalAttachmentsController {
  constructor(private readonly view: TicketViewService) {}

  /** GET /attachments/:id: a file on a ticket this browser may see, never one from an internal note; 404 otherwise. */
  @Get(':id')
  async download(@Param('id') id: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const file = await this.view.attachmentForUser(req.session.portal, parseId(id, 'file'));
    sendAttachment(res, file, this.view.openFile(file));
  }
}
