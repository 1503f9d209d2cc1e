import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { EmailLogFilter, EmailLogPage, OUTBOX_STATUSES } from '../../mail/email-log.service';
import { OutboxMail, OutboxStatus } from '../../mail/outbox-mail.entity';
import { adminPage } from '../admin-nav';

const STATUS_LABELS: Record<OutboxStatus, string> = { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' };
const STATUS_BADGES: Record<OutboxStatus, string> = { queued: 'badge-muted', sending: 'badge-muted', sent: 'badge-ok', failed: 'badge-warn' };

/** View-models of the email log pages. */
@Injectable()
export class AdminEmailLogPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/email-log${path}`;
  }

  list(page: EmailLogPage, filter: EmailLogFilter) {
    const query = (before: number | null) => {
      const params = new URLSearchParams();
      if (filter.status) params.set('status', filter.status);
      if (filter.recipient) params.set('recipient', filter.recipient);
      if (before) params.set('before', String(before));
      const text = params.toString();
      return this.url(text ? `?${text}` : '');
    };
    return {
      ...adminPage('email-log', this.config.basePath, 'Email Log'),
      listUrl: this.url(),
      filter: {
        recipient: filter.recipient ?? '',
        statuses: OUTBOX_STATUSES.map((s) => ({ id: s, name: STATUS_LABELS[s], selected: filter.status === s })),
      },
      isFiltered: filter.status !== null || filter.recipient !== null,
      rows: page.rows.map((m) => ({
        to: m.toAddress, subject: m.subject, statusLabel: STATUS_LABELS[m.status], badge: STATUS_BADGES[m.status], attempts: m.attempts,
        reason: m.status === 'sent' ? null : m.lastError, createdAt: m.createdAt.toISOString(), viewUrl: this.url(`/${m.id}`),
      })),
      firstUrl: filter.before ? query(null) : null,
      nextUrl: page.nextBefore ? query(page.nextBefore) : null,
    };
  }

  detail(m: OutboxMail) {
    return {
      ...adminPage('email-log', this.config.basePath, `Message to ${m.toAddress}`),
      listUrl: this.url(),
      mail: {
        to: m.toAddress, from: m.fromAddress ?? this.config.mail.from, subject: m.subject, messageId: m.messageId,
        statusLabel: STATUS_LABELS[m.status], badge: STATUS_BADGES[m.status], attempts: m.attempts, reason: m.lastError,
        createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null,
        ticketUrl: m.ticketId ? `${this.config.basePath}/scp/tickets/${m.ticketId}` : null,
        headers: Object.entries(m.headers ?? {}).map(([name, value]) => ({ name, value })),
        // CASE: a message holding a one-time link never shows its body here, sent or not.
        text: m.sensitive ? null : m.textBody,
        sensitive: m.sensitive,
      },
      resend: m.sensitive ? null : { url: this.url(`/${m.id}/resend`), confirm: `Send a copy of this message to ${m.toAddress} again?` },
      retry: m.status === 'failed' && !m.sensitive ? { url: this.url(`/${m.id}/retry`) } : null,
    };
  }
}
