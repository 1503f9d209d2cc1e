import { InboundMail } from '../inbound-mail/inbound-mail.entity';
import { MailAddress } from '../inbound-mail/inbound-parser';
import { OriginalMail } from '../inbound-mail/inbound-mail-records.service';

const STATUS_LABELS: Record<InboundMail['status'], string> = {
  received: 'Received, not yet processed', created: 'Opened a ticket', appended: 'Added to a ticket', bounce_recorded: 'Delivery report noted on a ticket',
  ignored: 'Ignored', quarantined: 'Quarantined', discarded: 'Discarded',
};

export const inboundStatusLabel = (status: InboundMail['status']) => STATUS_LABELS[status];

const list = (addresses: MailAddress[]) => addresses.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');

/** views/scp/inbound-mail.hbs: an inbound mail in full, as it arrived (text only; the raw file is a download). */
export function originalMailPage(mail: OriginalMail, base: string) {
  const { record, parsed } = mail;
  return {
    title: `Original mail: ${record.subject ?? '(no subject)'}`,
    id: record.id,
    statusLabel: STATUS_LABELS[record.status],
    reason: record.reason,
    receivedAt: record.createdAt.toISOString(),
    source: record.source === 'pipe' ? 'the mail pipe' : 'an IMAP mailbox',
    ticket: mail.ticket ? { number: mail.ticket.number, url: `${base}/scp/tickets/${mail.ticket.id}` } : null,
    rawUrl: `${base}/scp/inbound-mail/${record.id}/raw`,
    headers: parsed ? [
      { name: 'From', value: parsed.from ? list([parsed.from]) : '' },
      { name: 'To', value: list(parsed.to) },
      { name: 'Cc', value: list(parsed.cc) },
      { name: 'Subject', value: parsed.subject },
      { name: 'Message-ID', value: parsed.messageId ?? '' },
      { name: 'In-Reply-To', value: parsed.inReplyTo.join(' ') },
    ].filter((h) => h.value !== '') : [],
    text: parsed?.text ?? null,
    attachments: parsed?.attachments.map((a) => ({ name: a.fileName, type: a.mimeType, size: a.content.length })) ?? [],
  };
}
