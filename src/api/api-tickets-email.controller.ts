import { Controller, HttpCode, InternalServerErrorException, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireScope } from '../api-keys/api-key.guard';
import { isDatabaseUnavailable } from '../common/database-errors';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { InboundMailService } from '../inbound-mail/inbound-mail.service';
import { looksLikeMessage } from '../inbound-mail/mime-limits';
import { PipeApiKeyGuard } from './pipe-api-key.guard';

const ACCEPTED_TYPES = ['message/rfc822', 'text/plain'];

/**
 * POST /api/tickets.email: the mail server's pipe (osTicket's automail.pl/php contract). The body is
 * one raw RFC 822 message; the answer is 201 with the ticket number as plain text, also for a mail
 * delivered again (idempotent). Only a mail that can never succeed gets a 4xx (the mail server bounces
 * it); one that could not be stored gets 500 (it retries). Quarantined or ignored mail was stored: 202.
 */
@Controller('api')
export class ApiTicketsEmailController {
  private readonly logger = new Logger(ApiTicketsEmailController.name);

  constructor(
    private readonly inbound: InboundMailService,
    private readonly config: AppConfig,
  ) {}

  @Post('tickets.email')
  @UseGuards(PipeApiKeyGuard)
  @RequireScope('tickets.email')
  @HttpCode(201)
  async pipe(@Req() req: Request, @Res() res: Response): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) throw new DomainError('unsupported_media_type', 'Send the raw mail with Content-Type: message/rfc822 (or text/plain).');
    // Read only after the key was checked (the guard ran): nobody without a key makes us buffer megabytes.
    const raw = await readBody(req, this.config.inboundMail.maxBytes);
    if (raw.length === 0) throw new DomainError('bad_request', 'The request body is empty: send one raw mail message.');
    if (!looksLikeMessage(raw)) throw new DomainError('bad_request', 'The request body is not a mail message (no header section).');
    let result;
    try {
      result = await this.inbound.receive(raw, { kind: 'pipe', emailAccountId: null });
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.logger.warn(`inbound mail not stored: the database is unavailable (${err instanceof Error ? err.message : String(err)})`);
      throw new InternalServerErrorException('The mail was not stored; deliver it again later.');
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Inbound-Status', result.status);
    if (result.ticketNumber) {
      res.status(201).type('text/plain').send(result.ticketNumber);
      return;
    }
    res.status(202).type('text/plain').send(`${result.status}: ${result.reason ?? ''}`.trim());
  }
}

/** The body as bytes, refusing (413) beyond `limit` without holding more than that in memory. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const tooLarge = (limit: number) => new DomainError('payload_too_large', `The mail is larger than ${Math.floor(limit / 1024 / 1024)} MB, the limit of this help desk.`);
