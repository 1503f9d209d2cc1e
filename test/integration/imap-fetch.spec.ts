import { randomBytes } from 'node:crypto';
import { DataSource, In, Not } from 'typeorm';
import { runCli } from '../../src/cli/cli';
import { AppConfig } from '../../src/config/app-config';
import { EmailAccount } from '../../src/email-accounts/email-account.entity';
import { EmailAccountsService } from '../../src/email-accounts/email-accounts.service';
import { ImapFetcher } from '../../src/imap-fetch/imap-fetcher.service';
import { MailboxCursor } from '../../src/imap-fetch/mailbox-cursor.entity';
import { MailboxCursorsService } from '../../src/imap-fetch/mailbox-cursors.service';
import { MailFetchJob } from '../../src/imap-fetch/mail-fetch.job';
import { ImapMailSource, MailReceiver, ReceiveOutcome } from '../../src/imap-fetch/mail-receiver';
import { InboundMail } from '../../src/inbound-mail/inbound-mail.entity';
import { InboundMailService } from '../../src/inbound-mail/inbound-mail.service';
import { JobRunnerService } from '../../src/jobs/job-runner.service';
import { LeaseService } from '../../src/jobs/lease.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { Clock } from '../../src/common/clock';
import { createTestApp, TestApp } from '../support/create-test-app';
import { Dovecot } from '../support/dovecot';
import { testDbKind } from '../support/test-db';

const USERS = ['help', 'archive', 'flaky', 'race', 'renumber', 'locked', 'after', 'odd', 'tls', 'cli'];
const PASSWORDS = Object.fromEntries(USERS.map((u) => [u, `pw-${u}-${randomBytes(4).toString('hex')}`]));
const admin = { type: 'system' as const, id: null, name: 'test', ip: null };

/** A plain text mail; returns the raw bytes and the Message-ID a reply would quote. */
function mail(from: string, subject: string, body: string, extra: Record<string, string> = {}): { raw: string; messageId: string } {
  const messageId = `<${randomBytes(8).toString('hex')}@mail.example.com>`;
  const headers = {
    From: from, To: 'help@desk.test', Subject: subject, Date: 'Mon, 23 Nov 2026 10:00:00 +0000', 'Message-ID': messageId,
    'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset=utf-8', ...extra,
  };
  return { raw: `${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`, messageId };
}

/** Hands mail to the real intake, except while `refuse` says no (as when the database is unreachable). */
class RefusingReceiver extends MailReceiver {
  refuse: (raw: Buffer) => boolean = () => false;
  constructor(private readonly inner: InboundMailService) {
    super();
  }
  receive(raw: Buffer, source: ImapMailSource): Promise<ReceiveOutcome> {
    if (this.refuse(raw)) return Promise.reject(new Error('database unavailable'));
    return this.inner.receive(raw, source);
  }
}

/** Hands mail to the real intake, but only once the test opens the gate. */
class GatedReceiver extends MailReceiver {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  private signal!: () => void;
  readonly started = new Promise<void>((resolve) => (this.signal = resolve));
  constructor(private readonly inner: InboundMailService) {
    super();
  }
  async receive(raw: Buffer, source: ImapMailSource): Promise<ReceiveOutcome> {
    this.signal();
    await this.gate;
    return this.inner.receive(raw, source);
  }
  release(): void {
    this.open();
  }
}

describe(`IMAP fetching against Dovecot (${testDbKind})`, () => {
  let t: TestApp;
  let ds: DataSource;
  let dovecot: Dovecot;
  let accounts: EmailAccountsService;
  let fetcher: ImapFetcher;
  let cursors: MailboxCursorsService;

  beforeAll(async () => {
    dovecot = await Dovecot.start(PASSWORDS);
    // A 1 MB limit, so an oversize mail is cheap to make.
    t = await createTestApp({ INBOUND_MAIL_MAX_MB: '1' });
    ds = t.dataSource;
    accounts = t.app.get(EmailAccountsService);
    fetcher = t.app.get(ImapFetcher);
    cursors = t.app.get(MailboxCursorsService);
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  async function account(user: string, opts: { archiveFolder?: string; password?: string; port?: number; security?: 'none' | 'starttls' } = {}): Promise<EmailAccount> {
    const created = await accounts.create(admin, {
      address: `${user}@desk.test`, name: '', departmentId: null, priorityId: null, helpTopicId: null,
      smtpHost: null, smtpPort: null, smtpSecurity: 'none', smtpUser: null, smtpPassword: null, clearSmtpPassword: false,
      imapHost: dovecot.host, imapPort: opts.port ?? dovecot.port, imapSecurity: opts.security ?? 'none', imapUser: user,
      imapPassword: opts.password ?? PASSWORDS[user], clearImapPassword: false,
      imapFolder: 'INBOX', imapArchiveFolder: opts.archiveFolder ?? null, fetchEnabled: true, isActive: true,
    });
    return created;
  }
  /** Passes over all mailboxes would also read the other tests' accounts: turn fetching off for those. */
  const onlyFetching = (ids: number[]) => ds.getRepository(EmailAccount).update({ id: Not(In(ids)) }, { fetchEnabled: false });
  const cursorOf = (emailAccountId: number) => ds.getRepository(MailboxCursor).findOneByOrFail({ emailAccountId });
  const inboundOf = (emailAccountId: number) => ds.getRepository(InboundMail).find({ where: { emailAccountId }, order: { id: 'ASC' } });
  const flags = async (user: string, folder = 'INBOX') => (await dovecot.messages(user, folder)).map((m) => [m.subject, m.flags]);

  it('turns new mail into tickets, threads replies, and flags each message \\Seen after intake', async () => {
    const acc = await account('help');
    const first = mail('Karen Lee <karen@example.com>', 'Printer on fire', 'It is on fire.');
    await dovecot.append('help', [first.raw, mail('Omar <omar@example.com>', 'VPN down', 'No VPN since 9.').raw]);
    await dovecot.append('help', [mail('Old <old@example.com>', 'Read long ago', 'Already read in the mailbox.').raw], 'INBOX', ['\\Seen']);

    const result = await fetcher.fetch(acc.id);
    expect(result).toEqual({ emailAccountId: acc.id, outcome: 'ok', handed: { created: 2 }, error: null });
    const tickets = await ds.getRepository(Ticket).find({ where: { subject: In(['Printer on fire', 'VPN down', 'Read long ago']) }, order: { id: 'ASC' } });
    expect(tickets.map((x) => x.subject)).toEqual(['Printer on fire', 'VPN down']);
    expect(await flags('help')).toEqual([['Printer on fire', ['\\Seen']], ['VPN down', ['\\Seen']], ['Read long ago', ['\\Seen']]]);
    expect(await cursorOf(acc.id)).toMatchObject({ uidvalidity: await dovecot.uidValidity('help'), lastUid: 2, lastError: null, lastFetchAt: expect.any(Date) });
    expect((await inboundOf(acc.id)).map((r) => [r.source, r.status, r.remoteRef])).toEqual([
      ['imap', 'created', `${await dovecot.uidValidity('help')}:1`], ['imap', 'created', `${await dovecot.uidValidity('help')}:2`],
    ]);

    const reply = mail('Karen Lee <karen@example.com>', 'Re: Printer on fire', 'Still burning.', { 'In-Reply-To': first.messageId, References: first.messageId });
    await dovecot.append('help', [reply.raw]);
    expect(await fetcher.fetch(acc.id)).toMatchObject({ outcome: 'ok', handed: { appended: 1 } });
    const entries = await ds.getRepository(ThreadEntry).find({ where: { ticketId: tickets[0].id }, order: { id: 'ASC' } });
    expect(entries.map((e) => e.body).join('\n')).toContain('Still burning.');
    expect(await ds.getRepository(Ticket).countBy({ subject: In(['Re: Printer on fire']) })).toBe(0);
    expect((await cursorOf(acc.id)).lastUid).toBe(4);

    // Nothing new: nothing handed, nothing downloaded again.
    expect(await fetcher.fetch(acc.id)).toEqual({ emailAccountId: acc.id, outcome: 'ok', handed: {}, error: null });
    expect(await inboundOf(acc.id)).toHaveLength(3);
  });

  it('moves handed mail to the archive folder, creating it when missing', async () => {
    const acc = await account('archive', { archiveFolder: 'Processed' });
    await dovecot.append('archive', [mail('ann@example.com', 'Invoice question', 'Hi').raw, mail('bob@example.com', 'Password reset', 'Hi').raw]);
    expect(await fetcher.fetch(acc.id)).toMatchObject({ outcome: 'ok', handed: { created: 2 } });
    expect(await dovecot.messages('archive')).toEqual([]);
    expect((await dovecot.messages('archive', 'Processed')).map((m) => m.subject)).toEqual(['Invoice question', 'Password reset']);
    expect(await ds.getRepository(Ticket).countBy({ subject: In(['Invoice question', 'Password reset']) })).toBe(2);
  });

  it('leaves a message intake could not commit unread and in place, and hands it over on the next pass', async () => {
    const acc = await account('flaky');
    const receiver = new RefusingReceiver(t.app.get(InboundMailService));
    const flakyFetcher = new ImapFetcher(accounts, cursors, receiver, t.app.get(AppConfig));
    await dovecot.append('flaky', ['Alpha', 'Bravo', 'Charlie'].map((s) => mail('cy@example.com', s, `About ${s}`).raw));
    receiver.refuse = (raw) => raw.toString().includes('Subject: Bravo');

    const failed = await flakyFetcher.fetch(acc.id);
    expect(failed).toMatchObject({ outcome: 'failed', handed: { created: 2 } });
    expect(failed.error).toMatch(/refused 1 message .*UID 2: database unavailable/);
    expect(await flags('flaky')).toEqual([['Alpha', ['\\Seen']], ['Bravo', []], ['Charlie', ['\\Seen']]]);
    // The cursor stops before the refused message, so the next pass looks at it again.
    expect(await cursorOf(acc.id)).toMatchObject({ lastUid: 1, lastError: failed.error });
    expect((await cursors.statuses([acc.id])).get(acc.id)).toEqual({ lastFetchAt: expect.any(Date), lastError: failed.error });

    receiver.refuse = () => false;
    expect(await flakyFetcher.fetch(acc.id)).toEqual({ emailAccountId: acc.id, outcome: 'ok', handed: { created: 1 }, error: null });
    expect(await flags('flaky')).toEqual([['Alpha', ['\\Seen']], ['Bravo', ['\\Seen']], ['Charlie', ['\\Seen']]]);
    expect(await cursorOf(acc.id)).toMatchObject({ lastUid: 2, lastError: null });
    expect((await inboundOf(acc.id)).map((r) => r.subject)).toEqual(['Alpha', 'Charlie', 'Bravo']);
  });

  it('never lets two instances read one mailbox at once', async () => {
    const acc = await account('race');
    await onlyFetching([acc.id]);
    await dovecot.append('race', [mail('dee@example.com', 'Race one', 'x').raw, mail('dee@example.com', 'Race two', 'y').raw]);
    const config = t.app.get(AppConfig);
    const gated = new GatedReceiver(t.app.get(InboundMailService));
    // A second instance: its own runner holder id, its own fetcher, the same database and mailboxes.
    const otherRunner = new JobRunnerService(ds, t.app.get(LeaseService), t.app.get(Clock), config);
    const other = new MailFetchJob(new ImapFetcher(accounts, cursors, gated, config), accounts, t.app.get(LeaseService), config, otherRunner);
    const mine = t.app.get(MailFetchJob);
    expect(other.holder).not.toBe(mine.holder);

    const slowPass = other.runPass();
    await gated.started;
    expect(await mine.runPass()).toEqual([{ emailAccountId: acc.id, address: 'race@desk.test', outcome: 'busy' }]);
    gated.release();
    expect(await slowPass).toEqual([{ emailAccountId: acc.id, address: 'race@desk.test', outcome: 'ok', handed: { created: 2 }, error: null }]);

    expect(await mine.runPass()).toEqual([{ emailAccountId: acc.id, address: 'race@desk.test', outcome: 'ok', handed: {}, error: null }]);
    expect((await inboundOf(acc.id)).map((r) => r.status)).toEqual(['created', 'created']);
    expect(await ds.getRepository(Ticket).countBy({ subject: In(['Race one', 'Race two']) })).toBe(2);
  });

  it('starts over when the server renumbers the folder (new UIDVALIDITY), without duplicate tickets', async () => {
    const acc = await account('renumber');
    await dovecot.append('renumber', [mail('eve@example.com', 'Renumber A', 'a').raw, mail('eve@example.com', 'Renumber B', 'b').raw]);
    expect(await fetcher.fetch(acc.id)).toMatchObject({ handed: { created: 2 } });
    const before = await cursorOf(acc.id);
    expect(before.lastUid).toBe(2);

    // A is deleted, B loses its \Seen flag, then the server rebuilds its index: B becomes UID 1, a new C UID 2,
    // both below the old cursor, so only a reset cursor finds them.
    await dovecot.expunge('renumber', [1]);
    await dovecot.setFlags('renumber', [2], { remove: ['\\Seen'] });
    const renumbered = await dovecot.resetUidValidity('renumber');
    await dovecot.append('renumber', [mail('eve@example.com', 'Renumber C', 'c').raw]);
    expect((await dovecot.messages('renumber')).map((m) => [m.uid, m.subject])).toEqual([[1, 'Renumber B'], [2, 'Renumber C']]);

    expect(await fetcher.fetch(acc.id)).toMatchObject({ outcome: 'ok', handed: { duplicate: 1, created: 1 } });
    expect(await cursorOf(acc.id)).toMatchObject({ uidvalidity: renumbered, lastUid: 2 });
    expect(await ds.getRepository(Ticket).countBy({ subject: In(['Renumber A', 'Renumber B', 'Renumber C']) })).toBe(3);
    expect(await flags('renumber')).toEqual([['Renumber B', ['\\Seen']], ['Renumber C', ['\\Seen']]]);
  });

  it('records a refused login or an unreachable server as last_error and goes on to the next mailbox', async () => {
    const locked = await account('locked', { password: 'not-the-password' });
    const closed = await account('after', { port: 1 });
    await ds.getRepository(EmailAccount).update({ id: closed.id }, { address: 'closed@desk.test' });
    const after = await account('after');
    await onlyFetching([locked.id, closed.id, after.id]);
    await dovecot.append('locked', [mail('fay@example.com', 'Locked out', 'x').raw]);
    await dovecot.append('after', [mail('fay@example.com', 'After the failures', 'y').raw]);

    const results = await t.app.get(MailFetchJob).runPass();
    expect(results.map((r) => [r.address, r.outcome])).toEqual([['locked@desk.test', 'failed'], ['closed@desk.test', 'failed'], ['after@desk.test', 'ok']]);
    const status = await cursors.statuses([locked.id, closed.id, after.id]);
    expect(status.get(locked.id)?.lastError).toMatch(/^Login refused: .*(authentication failed|AUTHENTICATIONFAILED)/i);
    expect(status.get(closed.id)?.lastError).toMatch(/ECONNREFUSED/);
    expect(status.get(after.id)).toEqual({ lastFetchAt: expect.any(Date), lastError: null });
    expect(await flags('locked')).toEqual([['Locked out', []]]);
    expect(await ds.getRepository(Ticket).countBy({ subject: In(['Locked out', 'After the failures']) })).toBe(1);
    // The lease of each mailbox was given back, with how the pass went.
    const lease = await t.app.get(LeaseService).find(`mail.fetch.${locked.id}`);
    expect(lease?.lastResult).toMatch(/^failed: Login refused/);
  });

  it('never sends the password in clear text when the account requires STARTTLS and the server does not offer it', async () => {
    const acc = await account('tls', { security: 'starttls' });
    await dovecot.append('tls', [mail('ida@example.com', 'Over plain text', 'x').raw]);
    const logBefore = dovecot.log();
    const result = await fetcher.fetch(acc.id);
    // The fetcher hung up before any login: Dovecot saw a connection without an auth attempt. Dovecot
    // writes that line after the client has gone, so wait for it (bounded) rather than read at once.
    let logged = '';
    for (let i = 0; i < 100 && !/no auth attempts|Login: /.test(logged); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      logged = dovecot.log().slice(logBefore.length);
    }
    expect(logged).toMatch(/no auth attempts/);
    expect(logged).not.toMatch(/Login: user=<tls>/);
    expect(result).toMatchObject({ outcome: 'failed', handed: {} });
    expect(result.error).toMatch(/STARTTLS/i);
    expect((await cursorOf(acc.id)).lastError).toBe(result.error);
    expect(await flags('tls')).toEqual([['Over plain text', []]]);
  });

  it('hands over a malformed or oversize message, which intake quarantines, and moves on', async () => {
    const acc = await account('odd');
    const huge = mail('gus@example.com', 'Huge attachment', 'x'.repeat(1100 * 1024));
    await dovecot.append('odd', ['this is not a mail message at all\r\n', huge.raw, mail('gus@example.com', 'After the odd ones', 'fine').raw]);

    expect(await fetcher.fetch(acc.id)).toMatchObject({ outcome: 'ok', handed: { quarantined: 2, created: 1 } });
    const rows = await inboundOf(acc.id);
    expect(rows.map((r) => r.status)).toEqual(['quarantined', 'quarantined', 'created']);
    expect(rows[0].reason).toMatch(/not a mail message/);
    expect(rows[1].reason).toMatch(/over a limit/);
    // Only the first 1 MB + 1 byte of the oversize mail was downloaded.
    expect(rows[1].size).toBe(1024 * 1024 + 1);
    expect((await dovecot.messages('odd')).map((m) => m.flags)).toEqual([['\\Seen'], ['\\Seen'], ['\\Seen']]);
  });

  it('fetch-mail runs one pass from the command line', async () => {
    const acc = await account('cli');
    await onlyFetching([acc.id]);
    await dovecot.append('cli', [mail('hal@example.com', 'From the command line', 'z').raw]);
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCli(['fetch-mail'], t.config, (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out).toEqual(['cli@desk.test: ok: 1 created']);
    expect(err).toEqual([]);
    expect(await ds.getRepository(Ticket).countBy({ subject: 'From the command line' })).toBe(1);

    await accounts.update(admin, acc.id, { ...(await accountInput(acc.id)), imapPassword: 'wrong-now' });
    out.length = 0;
    expect(await runCli(['fetch-mail'], t.config, (l) => out.push(l), (l) => err.push(l))).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^cli@desk\.test: failed: Login refused/)]);
  });

  async function accountInput(id: number) {
    const a = await ds.getRepository(EmailAccount).findOneByOrFail({ id });
    return {
      address: a.address, name: a.name, departmentId: a.departmentId, priorityId: a.priorityId, helpTopicId: a.helpTopicId,
      smtpHost: a.smtpHost, smtpPort: a.smtpPort, smtpSecurity: a.smtpSecurity, smtpUser: a.smtpUser, smtpPassword: null, clearSmtpPassword: false,
      imapHost: a.imapHost, imapPort: a.imapPort, imapSecurity: a.imapSecurity, imapUser: a.imapUser, imapPassword: null, clearImapPassword: false,
      imapFolder: a.imapFolder, imapArchiveFolder: a.imapArchiveFolder, fetchEnabled: a.fetchEnabled, isActive: a.isActive,
    };
  }
});
