import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EmailAccount } from '../email-accounts/email-account.entity';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { OutboxMail } from '../mail/outbox-mail.entity';
import { ReplyTokenHolder, ReplyTokensService } from '../mail/reply-tokens.service';
import { fromHeader, taggedReplyTo, threadIndex } from '../mail/ticket-threading';
import { AccessLinksService } from '../portal-access/access-links.service';
import { Ticket } from '../tickets/ticket.entity';
import { TemplateText, TemplateVars, renderTemplate } from './template-render';

/** One person a ticket mail goes to: an end user (gets portal links) or an agent. */
export type MailRecipient = { email: string; name: string } & ({ userId: number; staffId?: never } | { staffId: number; userId?: never });

export interface TicketMailOptions {
  /** Sent by the system (autoresponse, alert, notice): marked `Auto-Submitted: auto-replied`. */
  automatic: boolean;
  /** The body holds a link that opens the ticket by itself: blanked in the log once sent. */
  sensitive?: boolean;
}

/** How many of a ticket's earlier mails feed its Thread-Index (Outlook needs no more to group them). */
const THREAD_INDEX_REPLIES = 40;

/**
 * Renders a notice for one recipient and queues it with the headers that thread it back (SECURITY 7,
 * DOMAIN "Email threading"): a stable Message-ID per outbox row, In-Reply-To and References pointing at
 * the ticket's earlier mail, an Outlook Thread-Index, and a Reply-To tagged with a reply token issued
 * to that recipient (`local+<token>@domain`, which the inbound side resolves).
 */
@Injectable()
export class TicketMailer {
  constructor(
    private readonly outbox: MailOutboxService,
    private readonly replyTokens: ReplyTokensService,
    private readonly accessLinks: AccessLinksService,
    private readonly config: AppConfig,
  ) {}

  /** The staff panel page of a ticket. */
  staffUrl(ticket: { id: number }): string {
    return `${this.config.publicUrl}/scp/tickets/${ticket.id}`;
  }

  async send(manager: EntityManager, ticket: Ticket, to: MailRecipient, template: TemplateText, vars: TemplateVars, options: TicketMailOptions): Promise<OutboxMail> {
    const filled: TemplateVars = { ...vars, 'recipient.name': to.name, 'ticket.staff_url': this.staffUrl(ticket) };
    const usesPortalLink = [template.subject, template.text, template.html].some((part) => part.includes('%{ticket.portal_url}'));
    // A signed link per user and mail, only when the wording shows one (each is a way into the ticket).
    if (to.userId !== undefined && usesPortalLink) {
      filled['ticket.portal_url'] = `${this.config.publicUrl}/tickets/access/${await this.accessLinks.issue(manager, ticket.id, to.userId)}`;
    }
    const rendered = renderTemplate(template, filled);
    const from = await this.fromFor(manager, ticket.departmentId);
    const holder: ReplyTokenHolder = to.userId !== undefined ? { userId: to.userId } : { staffId: to.staffId! };
    const token = await this.replyTokens.issue(manager, ticket.id, holder);
    const headers: Record<string, string> = { ...(await this.threadingHeaders(manager, ticket)) };
    const replyTo = taggedReplyTo(from ?? this.config.mail.from, token);
    if (replyTo) headers['Reply-To'] = replyTo;
    if (options.automatic) headers['Auto-Submitted'] = 'auto-replied';
    return this.outbox.enqueue(manager, {
      to: to.email, from, ticketId: ticket.id,
      subject: rendered.subject, text: rendered.text, html: rendered.html, headers, sensitive: options.sensitive ?? false,
    });
  }

  /** The department's own active mailbox as From, else null (MAIL_FROM). */
  private async fromFor(manager: EntityManager, departmentId: number): Promise<string | null> {
    const account = await manager.findOne(EmailAccount, { where: { departmentId, isActive: true }, order: { id: 'ASC' } });
    return account ? fromHeader(account.name, account.address) : null;
  }

  /**
   * In-Reply-To the user's last mail on the ticket when we have its Message-ID, else our first mail on
   * it; References both (oldest first); Thread-Index from the ticket and our earlier mails.
   */
  private async threadingHeaders(manager: EntityManager, ticket: Ticket): Promise<Record<string, string>> {
    const earlier = await manager.find(OutboxMail, {
      select: { id: true, messageId: true, createdAt: true }, where: { ticketId: ticket.id }, order: { id: 'ASC' }, take: THREAD_INDEX_REPLIES,
    });
    const inbound = await this.lastInboundMessageId(manager, ticket.id);
    const ours = earlier[0]?.messageId ?? null;
    const headers: Record<string, string> = { 'Thread-Index': threadIndex(ticket, this.outbox.host, earlier.map((m) => ({ at: m.createdAt }))) };
    const parent = inbound ?? ours;
    if (parent) {
      headers['In-Reply-To'] = parent;
      headers.References = [...new Set([ours, inbound].filter((id): id is string => !!id))].join(' ');
    }
    return headers;
  }

  /**
   * The Message-ID of the user's last mail on the ticket, from the inbound mail log when this install
   * has one (the inbound channel owns that table; read by name so this side does not depend on it).
   */
  private async lastInboundMessageId(manager: EntityManager, ticketId: number): Promise<string | null> {
    const inbound = manager.connection.entityMetadatas.find((m) => m.tableName === 'inbound_mails');
    if (!inbound || !inbound.findColumnWithPropertyName('messageId') || !inbound.findColumnWithPropertyName('ticketId')) return null;
    const row = await manager.createQueryBuilder(inbound.target, 'm')
      .select('m.messageId', 'messageId')
      .where('m.ticketId = :ticketId', { ticketId })
      .andWhere('m.messageId IS NOT NULL')
      .orderBy('m.id', 'DESC')
      .limit(1)
      .getRawOne<{ messageId: string }>();
    return row?.messageId ? (row.messageId.startsWith('<') ? row.messageId : `<${row.messageId}>`) : null;
  }
}
