import { NewMail } from '../mail/mail-outbox.service';

export interface AccountMailFacts {
  helpdeskName: string;
  name: string;
  email: string;
  link: string;
  validFor: string;
}

const AUTO = { 'Auto-Submitted': 'auto-generated' };

function mail(facts: AccountMailFacts, subject: string, lines: string[]): NewMail {
  return {
    to: facts.email,
    subject,
    text: [`Hello ${facts.name},`, '', ...lines, '', '-- ', facts.helpdeskName, ''].join('\n'),
    headers: AUTO,
    sensitive: true,
  };
}

/** Plain text mails of portal accounts; each carries a single-use link and is blanked once sent. */
export const accountMails = {
  verify: (f: AccountMailFacts) => mail(f, `Confirm your ${f.helpdeskName} account`, [
    `To finish creating your ${f.helpdeskName} account for ${f.email}, open this link within ${f.validFor}:`,
    '', f.link, '', 'If you did not sign up, ignore this message: no account is created without it.',
  ]),
  reset: (f: AccountMailFacts) => mail(f, `Reset your ${f.helpdeskName} password`, [
    `Someone asked to reset the password of your ${f.helpdeskName} account ${f.email}.`,
    `To choose a new password, open this link within ${f.validFor}:`,
    '', f.link, '', 'The link works once. If you did not ask for this, ignore this message: your password stays as it is.',
  ]),
  invite: (f: AccountMailFacts) => mail(f, `Your invitation to ${f.helpdeskName}`, [
    `You are invited to create an account on ${f.helpdeskName} for ${f.email}, to follow your tickets in one place.`,
    `To choose your password, open this link within ${f.validFor}:`,
    '', f.link,
  ]),
  alreadyRegistered: (f: AccountMailFacts) => mail(f, `Your ${f.helpdeskName} account`, [
    `Someone tried to sign up on ${f.helpdeskName} with ${f.email}, which already has an account.`,
    'If it was you, sign in, or reset your password here:',
    '', f.link, '', 'If it was not you, ignore this message.',
  ]),
};
