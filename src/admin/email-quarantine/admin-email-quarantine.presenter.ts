import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { QuarantinePage } from '../../inbound-mail/inbound-mail-records.service';
import { adminPage } from '../admin-nav';

/** View-models of /scp/admin/email-quarantine (views/admin/email-quarantine/index.hbs). */
@Injectable()
export class AdminEmailQuarantinePresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/email-quarantine${path}`;
  }

  page(list: QuarantinePage, isFirstPage: boolean) {
    return {
      ...adminPage('email-quarantine', this.config.basePath, 'Email Quarantine'),
      isFirstPage,
      firstUrl: this.url(),
      nextUrl: list.nextBefore ? `${this.url()}?${new URLSearchParams({ before: String(list.nextBefore) })}` : null,
      mails: list.rows.map((row) => ({
        id: row.id,
        from: row.fromAddress ?? '(no sender)',
        subject: row.subject ?? '(no subject)',
        reason: row.reason ?? '',
        receivedAt: row.createdAt.toISOString(),
        size: row.size,
        source: row.source === 'pipe' ? 'Pipe' : 'IMAP',
        viewUrl: `${this.config.basePath}/scp/inbound-mail/${row.id}`,
        rawUrl: `${this.config.basePath}/scp/inbound-mail/${row.id}/raw`,
        reprocessUrl: this.url(`/${row.id}/reprocess`),
        discardUrl: this.url(`/${row.id}/discard`),
        discardConfirm: `Discard the mail from ${row.fromAddress ?? 'an unknown sender'}? Its raw bytes are deleted; this cannot be undone.`,
      })),
    };
  }
}
