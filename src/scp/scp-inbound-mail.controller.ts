import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { sendAttachment } from '../common/send-file';
import { AppConfig } from '../config/app-config';
import { InboundMailRecordsService } from '../inbound-mail/inbound-mail-records.service';
import { originalMailPage } from './scp-inbound-mail.presenter';
import { AgentScope } from '../tickets/ticket-access';
import { IdParam } from './dto/id';

/**
 * /scp/inbound-mail/:id: the full original of a mail behind a thread entry (quoted history and
 * signature included), and its raw bytes as a download. Only for agents who may see its ticket.
 */
@Controller('scp/inbound-mail')
@UseGuards(StaffGuard)
export class ScpInboundMailController {
  constructor(
    private readonly records: InboundMailRecordsService,
    private readonly config: AppConfig,
  ) {}

  @Get(':id')
  async show(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'private, no-store');
    res.render('scp/inbound-mail', originalMailPage(await this.records.original(scope, id), this.config.basePath));
  }

  @Get(':id/raw')
  async raw(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Res() res: Response): Promise<void> {
    const { record, bytes } = await this.records.raw(scope, id);
    sendAttachment(res, { fileName: `mail-${record.id}.eml`, mimeType: 'message/rfc822' }, Readable.from([bytes]));
  }
}
