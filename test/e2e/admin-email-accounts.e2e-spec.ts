import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { EmailAccount } from '../../src/email-accounts/email-account.entity';
import { EmailAccountsService } from '../../src/email-accounts/email-accounts.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { Dovecot } from '../support/dovecot';
import { SmtpSink } from '../support/smtp-sink';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

/** A loopback port nothing listens on: a connection there is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(`admin: email accounts (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let sink: SmtpSink;
  const rows = () => t.dataSource.getRepository(EmailAccount);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  async function post(path: string, fields: Record<string, string | string[]>, formPath = '/scp/admin/email-accounts/new') {
    const token = await formToken(admin, formPath);
    return admin.post(path).type('form').send({ _csrf: token, ...fields });
  }
  const base = { name: 'Support', smtpSecurity: 'none', imapSecurity: 'tls', imapFolder: 'INBOX', isActive: ['0', '1'] };

  it('creates an account with its passwords encrypted, audited without them, and never shows them back', async () => {
    const empty = await admin.get('/scp/admin/email-accounts').expect(200);
    expect(empty.text).toContain('There are no email accounts yet.');
    const res = await post('/scp/admin/email-accounts', {
      ...base, address: ' Support@Example.COM ', departmentId: '2', priorityId: '', helpTopicId: '',
      smtpHost: '127.0.0.1', smtpPort: String(sink.port), smtpUser: 'mailer', smtpPassword: 'smtp-Secret-1',
      imapHost: 'imap.example.com', imapPort: '', imapUser: '', imapPassword: 'imap-Secret-2', imapArchiveFolder: 'Processed', fetchEnabled: ['0', '1'],
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/email-accounts');

    const row = await rows().findOneByOrFail({ address: 'support@example.com' });
    expect(row).toMatchObject({ name: 'Support', departmentId: 2, smtpHost: '127.0.0.1', smtpPort: sink.port, smtpSecurity: 'none', imapPort: null, fetchEnabled: true, imapArchiveFolder: 'Processed' });
    expect(row.smtpPassword).toMatch(/^v1\./);
    expect(row.smtpPassword).not.toContain('smtp-Secret-1');
    expect(row.imapPassword).not.toContain('imap-Secret-2');

    const [created] = await audits('email_account.created');
    expect(created).toMatchObject({ targetType: 'email_account', targetId: row.id, targetLabel: 'support@example.com' });
    expect(JSON.stringify(created)).not.toMatch(/Secret/);

    const list = await admin.get('/scp/admin/email-accounts').expect(200);
    expect(list.text).toContain('Email account support@example.com added.');
    expect(list.text).toContain('imap.example.com / INBOX');
    const edit = await admin.get(`/scp/admin/email-accounts/${row.id}`).expect(200);
    expect(edit.text).toContain('A password is saved: leave empty to keep it.');
    expect(edit.text).not.toMatch(/Secret|v1\./);
    expect(edit.text).toContain('data-confirm="Delete the email account support@example.com?');

    const service = t.app.get(EmailAccountsService);
    const imap = await service.imapSettings(row.id);
    expect(imap).toMatchObject({
      address: 'support@example.com', folder: 'INBOX', archiveFolder: 'Processed', defaults: { departmentId: 2, priorityId: null, helpTopicId: null },
      connection: { host: 'imap.example.com', port: 993, secure: true, auth: { user: 'support@example.com', pass: 'imap-Secret-2' } },
    });
    expect((await service.findByAddress('SUPPORT@example.com'))?.id).toBe(row.id);
    expect(await service.findByAddress('other@example.com')).toBeNull();
    expect((await service.listFetchable()).map((a) => a.id)).toEqual([row.id]);
  });

  it('keeps a blank password, replaces a typed one, removes one on request, and audits only that it changed', async () => {
    const row = await rows().findOneByOrFail({ address: 'support@example.com' });
    const path = `/scp/admin/email-accounts/${row.id}`;
    const fields = {
      ...base, address: 'support@example.com', departmentId: '2', priorityId: '', helpTopicId: '', smtpHost: '127.0.0.1', smtpPort: String(sink.port),
      smtpUser: 'mailer', smtpPassword: '', imapHost: 'imap.example.com', imapPort: '', imapUser: '', imapPassword: '', imapArchiveFolder: 'Processed', fetchEnabled: ['0', '1'],
    };
    expect((await post(path, { ...fields, name: 'Help' }, path)).status).toBe(303);
    const kept = await rows().findOneByOrFail({ id: row.id });
    expect(kept.name).toBe('Help');
    expect(kept.smtpPassword).toBe(row.smtpPassword);
    expect(kept.imapPassword).toBe(row.imapPassword);

    expect((await post(path, { ...fields, name: 'Help', imapPassword: 'new-Secret-3', clearSmtpPassword: ['0', '1'] }, path)).status).toBe(303);
    const changed = await rows().findOneByOrFail({ id: row.id });
    expect(changed.smtpPassword).toBeNull();
    expect((await t.app.get(EmailAccountsService).imapSettings(row.id)).connection.auth.pass).toBe('new-Secret-3');
    const updates = await audits('email_account.updated');
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatchObject({ before: { name: 'Support' }, after: { name: 'Help' } });
    expect(updates[1].after).toEqual({ credentialsChanged: 'smtp, imap' });
    expect(JSON.stringify(updates)).not.toMatch(/Secret/);
  });

  it('refuses bad input with messages, keeps what was typed (never a password), and writes nothing', async () => {
    const before = await rows().count();
    const bad = await post('/scp/admin/email-accounts', {
      ...base, address: 'not an address', smtpPort: '70000', smtpSecurity: 'rot13', imapHost: 'bad host!', imapPassword: 'typed-Secret', departmentId: 'x',
    });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'account-address')).toBe('Enter an email address, like support@example.com.');
    expect(fieldError(bad.text, 'account-smtp-port')).toContain('Enter a port from 1 to 65535');
    expect(fieldError(bad.text, 'account-smtp-security')).toBe('Choose how the connection is secured.');
    expect(fieldError(bad.text, 'account-imap-host')).toContain('Enter a host name');
    expect(fieldError(bad.text, 'account-department')).toBe('Choose a department from the list.');
    expect(bad.text).toContain('value="not an address"');
    expect(bad.text).not.toContain('typed-Secret');

    const taken = await post('/scp/admin/email-accounts', { ...base, address: 'SUPPORT@example.com' });
    expect(taken.status).toBe(422);
    expect(fieldError(taken.text, 'account-address')).toBe('Another email account already has this address.');
    const noImap = await post('/scp/admin/email-accounts', { ...base, address: 'sales@example.com', fetchEnabled: ['0', '1'] });
    expect(fieldError(noImap.text, 'account-imap-host')).toBe('Enter the IMAP server to fetch mail from, or turn fetching off.');
    const unknownDept = await post('/scp/admin/email-accounts', { ...base, address: 'sales@example.com', departmentId: '999' });
    expect(fieldError(unknownDept.text, 'account-department')).toBe('Choose a department from the list.');
    expect(await rows().count()).toBe(before);
    await admin.get('/scp/admin/email-accounts/999').expect(404);
  });

  it('tests SMTP against the real server, and reports a refused connection with its reason', async () => {
    const row = await rows().findOneByOrFail({ address: 'support@example.com' });
    const path = `/scp/admin/email-accounts/${row.id}`;
    const ok = await post(`${path}/test-smtp`, {}, path);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(path);
    expect((await admin.get(path)).text).toContain('SMTP test passed: logged in to the server of support@example.com.');

    const port = await closedPort();
    await rows().update({ id: row.id }, { smtpPort: port, imapHost: '127.0.0.1', imapPort: port, imapSecurity: 'none' });
    await post(`${path}/test-smtp`, {}, path);
    expect((await admin.get(path)).text).toContain(`SMTP test failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    await post(`${path}/test-imap`, {}, path);
    expect((await admin.get(path)).text).toMatch(/IMAP test failed: [^<]*ECONNREFUSED/);
  });

  it('tests IMAP against a real Dovecot: logs in with the saved password and finds the folder, or says why not', async () => {
    const dovecot = await Dovecot.start({ 'desk@example.com': 'imap-Pass-9' });
    try {
      const row = await rows().findOneByOrFail({ address: 'support@example.com' });
      const path = `/scp/admin/email-accounts/${row.id}`;
      const fields = {
        ...base, address: 'support@example.com', departmentId: '', priorityId: '', helpTopicId: '', smtpHost: '', smtpPort: '', smtpUser: '', smtpPassword: '',
        imapHost: dovecot.host, imapPort: String(dovecot.port), imapSecurity: 'none', imapUser: 'desk@example.com', imapPassword: 'imap-Pass-9', imapArchiveFolder: '',
      };
      expect((await post(path, fields, path)).status).toBe(303);
      await post(`${path}/test-imap`, {}, path);
      expect((await admin.get(path)).text).toContain('IMAP test passed: logged in to the server of support@example.com.');

      expect((await post(path, { ...fields, imapPassword: 'wrong-password' }, path)).status).toBe(303);
      await post(`${path}/test-imap`, {}, path);
      expect((await admin.get(path)).text).toMatch(/IMAP test failed: [^<]*(Authentication failed|AUTHENTICATIONFAILED|Login refused)/i);

      expect((await post(path, { ...fields, imapFolder: 'Nowhere' }, path)).status).toBe(303);
      await post(`${path}/test-imap`, {}, path);
      expect((await admin.get(path)).text).toMatch(/IMAP test failed: /);
    } finally {
      await dovecot.stop();
    }
  });

  it('deletes after confirmation, audited; only admins reach the pages', async () => {
    const row = await rows().findOneByOrFail({ address: 'support@example.com' });
    const path = `/scp/admin/email-accounts/${row.id}`;
    const res = await post(`${path}/delete`, {}, path);
    expect(res.status).toBe(303);
    expect(await rows().findOneBy({ id: row.id })).toBeNull();
    expect(await audits('email_account.deleted')).toHaveLength(1);
    await request(t.http).get('/scp/admin/email-accounts').expect(303);
  });
});
