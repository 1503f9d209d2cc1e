import request from 'supertest';
import { EmailAccount } from '../../src/email-accounts/email-account.entity';
import { EmailAccountsService } from '../../src/email-accounts/email-accounts.service';
import { MailFetchJob } from '../../src/imap-fetch/mail-fetch.job';
import { createTestApp, TestApp } from '../support/create-test-app';
import { Dovecot } from '../support/dovecot';
import { loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

const system = { type: 'system' as const, id: null, name: 'test', ip: null };

/** The email accounts list shows how fetching each mailbox last went, with the server's reason when it failed. */
describe(`admin: email accounts fetch status (${testDbKind})`, () => {
  let t: TestApp;
  let dovecot: Dovecot;
  let admin: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    dovecot = await Dovecot.start({ good: 'good-pass-1', locked: 'locked-pass-1' });
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  const account = (user: string, password: string, fetchEnabled = true): Promise<EmailAccount> => t.app.get(EmailAccountsService).create(system, {
    address: `${user}@desk.test`, name: '', departmentId: null, priorityId: null, helpTopicId: null,
    smtpHost: null, smtpPort: null, smtpSecurity: 'none', smtpUser: null, smtpPassword: null, clearSmtpPassword: false,
    imapHost: dovecot.host, imapPort: dovecot.port, imapSecurity: 'none', imapUser: user, imapPassword: password, clearImapPassword: false,
    imapFolder: 'INBOX', imapArchiveFolder: null, fetchEnabled, isActive: true,
  });
  const rowOf = (html: string, address: string) => html.split('<tr').find((row) => row.includes(`>${address}</a>`)) ?? '';

  it('shows never, OK, or the failure with its reason', async () => {
    await account('good', 'good-pass-1');
    await account('locked', 'wrong-password');
    await account('idle', 'whatever', false);
    const results = await t.app.get(MailFetchJob).runPass();
    expect(results.map((r) => [r.address, r.outcome])).toEqual([['good@desk.test', 'ok'], ['locked@desk.test', 'failed']]);

    const list = await admin.get('/scp/admin/email-accounts').expect(200);
    expect(list.text).toContain('<th scope="col">Last fetch</th>');
    expect(rowOf(list.text, 'good@desk.test')).toMatch(/<time datetime="[^"]+">[^<]+<\/time> <span class="badge badge-ok">OK<\/span>/);
    expect(rowOf(list.text, 'locked@desk.test')).toMatch(/<span class="badge badge-warn">Failed<\/span> Login refused: [^<]*[Aa]uthentication failed/);
    expect(rowOf(list.text, 'idle@desk.test')).toContain('<span class="badge badge-muted">Never</span>');
  });
});
