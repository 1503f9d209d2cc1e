import { NewMail } from '../mail/mail-outbox.service';

export interface ResetMailFacts {
  helpdeskName: string;
  agentName: string;
  username: string;
  email: string;
  link: string;
  validMinutes: number;
}

/** The password reset message: plain text, marked auto-generated (RFC 3834), its body blanked once sent. */
export function passwordResetMail(facts: ResetMailFacts): NewMail {
  return {
    to: facts.email,
    subject: `Reset your ${facts.helpdeskName} password`,
    text: [
      `Hello ${facts.agentName},`,
      '',
      `Someone asked to reset the password of your ${facts.helpdeskName} account "${facts.username}".`,
      `To choose a new password, open this link within ${facts.validMinutes} minutes:`,
      '',
      facts.link,
      '',
      'The link works once. If you did not ask for this, ignore this message: your password stays as it is.',
      '',
      '-- ',
      facts.helpdeskName,
      '',
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
    sensitive: true,
  };
}
