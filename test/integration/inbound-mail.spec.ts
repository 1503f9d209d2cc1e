import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { CannedResponsesService } from '../../src/canned/canned.service';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { IntakeFiltersService } from '../../src/filters/intake-filters.service';
import { InboundMail } from '../../src/inbound-mail/inbound-mail.entity';
import { InboundMailService } from '../../src/inbound-mail/inbound-mail.service';
import { RawMailStore } from '../../src/inbound-mail/raw-mail-store';
import { SettingsService } from '../../src/settings/settings.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { ReplyTokensService } from '../../src/mail/reply-tokens.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketStatus } from '../../src/tickets/ticket-status.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { rawMail, simpleMail } from '../support/mail-builder';
import { testDbKind } from '../support/test-db';

const pipe = { kind: 'pipe' as const, emailAccountId: null };

describe(`inbound mail pipeline (${testDbKind})`, () => {
  let t: TestApp;
  let inbound: InboundMailService;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    inbound = t.app.get(InboundMailService);
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  const ticketOf = (number: string) => ds.getRepository(Ticket).findOneOrFail({ where: { number }, relations: { status: true, user: true } });
  const entries = (ticketId: number) => ds.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'ASC' } });

  it('stores the raw mail, opens a ticket from it and records why', async () => {
    const raw = simpleMail('Karen Lee <karen@example.com>', 'Printer on fire', 'It is on fire.\n\n-- \nKaren');
    const result = await inbound.receive(raw, pipe);
    expect(result).toMatchObject({ status: 'created', ticketNumber: expect.any(String) });
    const ticket = await ticketOf(result.ticketNumber!);
    expect(ticket).toMatchObject({ subject: 'Printer on fire', source: 'email' });
    expect(ticket.user.email).toBe('karen@example.com');
    const row = await ds.getRepository(InboundMail).findOneByOrFail({ id: result.inboundId });
    expect(row).toMatchObject({ status: 'created', ticketId: ticket.id, fromAddress: 'karen@example.com', autoRespond: true });
    expect(t.app.get(RawMailStore).read(row.storedName).equals(raw)).toBe(true);
    const message = (await entries(ticket.id)).find((e) => e.type === 'message')!;
    expect(message.body).toBe('It is on fire.');
    expect(row.threadEntryId).toBe(message.id);
  });

  it('answers a second delivery of the same mail as a duplicate with the same ticket, writing nothing', async () => {
    const raw = simpleMail('dup@example.com', 'Twice', 'Once please');
    const first = await inbound.receive(raw, pipe);
    const tickets = await ds.getRepository(Ticket).count();
    // The same mail by another route: only trace headers differ.
    const again = await inbound.receive(Buffer.concat([Buffer.from('Received: from relay2.example.net\r\n'), raw]), pipe);
    expect(again).toMatchObject({ status: 'duplicate', inboundId: first.inboundId, ticketNumber: first.ticketNumber });
    expect(await ds.getRepository(Ticket).count()).toBe(tickets);
  });

  it('threads a reply by In-Reply-To to a Message-ID we sent, and a stranger quoting the number gets a new ticket', async () => {
    const opened = await inbound.receive(simpleMail('owner@example.com', 'Laptop', 'Broken'), pipe);
    const ticket = await ticketOf(opened.ticketNumber!);
    const sent = await ds.getRepository(OutboxMail).save(ds.getRepository(OutboxMail).create({
      toAddress: 'owner@example.com', ticketId: ticket.id, subject: `[#${ticket.number}] Laptop`, textBody: 'We are on it', htmlBody: null,
      messageId: '<sent-1@localhost>', headers: null, sensitive: false, status: 'sent', attempts: 1, lastError: null, nextAttemptAt: new Date(), createdAt: new Date(), sentAt: new Date(),
    }));
    const reply = await inbound.receive(simpleMail('owner@example.com', `Re: [#${ticket.number}] Laptop`, 'Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00, Help <helpdesk@localhost> wrote:\n> We are on it', { 'In-Reply-To': sent.messageId }), pipe);
    expect(reply).toMatchObject({ status: 'appended', ticketNumber: ticket.number, reason: 'by email, matched by In-Reply-To <sent-1@localhost>' });
    const last = (await entries(ticket.id)).filter((e) => e.type === 'message').pop()!;
    expect(last.body).toBe('Thanks!');

    const stranger = await inbound.receive(simpleMail('mallory@evil.example', `Re: [#${ticket.number}] Laptop`, 'Let me in'), pipe);
    expect(stranger.status).toBe('created');
    expect(stranger.ticketNumber).not.toBe(ticket.number);
    expect(stranger.reason).toMatch(/not on that ticket/);
  });

  it('threads by the reply token and by the subject number for a collaborator; adds Cc recipients as collaborators', async () => {
    const opened = await inbound.receive(simpleMail('lead@example.com', 'Budget', 'Numbers attached', { Cc: 'Pat <pat@example.com>, helpdesk@localhost' }), pipe);
    const ticket = await ticketOf(opened.ticketNumber!);
    const collaborators = await ds.getRepository(TicketCollaborator).find({ where: { ticketId: ticket.id }, relations: { user: true } });
    expect(collaborators.map((c) => c.user.email)).toEqual(['pat@example.com']);

    const bySubject = await inbound.receive(simpleMail('pat@example.com', `Re: Budget [#${ticket.number}]`, 'Approved'), pipe);
    expect(bySubject).toMatchObject({ status: 'appended', ticketNumber: ticket.number });
    expect(bySubject.reason).toMatch(/in the subject, from a participant/);

    const token = await ds.transaction((m) => t.app.get(ReplyTokensService).issue(m, ticket.id, { userId: ticket.userId }));
    const byToken = await inbound.receive(simpleMail('lead@example.com', 'Another thing', 'More', { To: `helpdesk+${token}@localhost` }), pipe);
    expect(byToken).toMatchObject({ status: 'appended', ticketNumber: ticket.number });
    expect(byToken.reason).not.toContain(token);
  });

  it('reopens a closed reopenable ticket; a non-reopenable one gets a linked follow-up', async () => {
    const opened = await inbound.receive(simpleMail('close@example.com', 'Closing', 'x'), pipe);
    const ticket = await ticketOf(opened.ticketNumber!);
    const statuses = ds.getRepository(TicketStatus);
    const resolved = await statuses.findOneByOrFail({ name: 'Resolved' });
    await ds.getRepository(Ticket).update({ id: ticket.id }, { statusId: resolved.id, state: 'closed' });
    const reopened = await inbound.receive(simpleMail('close@example.com', `Re: [#${ticket.number}] Closing`, 'Still broken'), pipe);
    expect(reopened).toMatchObject({ status: 'appended', ticketNumber: ticket.number });
    expect((await ticketOf(ticket.number)).state).toBe('open');
    expect((await entries(ticket.id)).some((e) => e.event === 'reopened')).toBe(true);

    await statuses.update({ id: resolved.id }, { isReopenable: false });
    await ds.getRepository(Ticket).update({ id: ticket.id }, { statusId: resolved.id, state: 'closed' });
    const followUp = await inbound.receive(simpleMail('close@example.com', `Re: [#${ticket.number}] Closing`, 'Again'), pipe);
    await statuses.update({ id: resolved.id }, { isReopenable: true });
    expect(followUp.status).toBe('created');
    expect(followUp.ticketNumber).not.toBe(ticket.number);
    expect((await entries(ticket.id)).filter((e) => e.event === 'linked').map((e) => e.body)).toEqual([
      `System linked this ticket to #${followUp.ticketNumber} (a reply by mail to #${ticket.number}, which is closed and may not reopen)`,
    ]);
  });

  it('notes a bounce on the ticket whose mail bounced and never opens a ticket for it', async () => {
    const opened = await inbound.receive(simpleMail('gone@example.com', 'Bounce me', 'x'), pipe);
    const ticket = await ticketOf(opened.ticketNumber!);
    await ds.getRepository(OutboxMail).save(ds.getRepository(OutboxMail).create({
      toAddress: 'gone@example.com', ticketId: ticket.id, subject: 'Re', textBody: 'x', htmlBody: null, messageId: '<bounced-1@localhost>', headers: null,
      sensitive: false, status: 'sent', attempts: 1, lastError: null, nextAttemptAt: new Date(), createdAt: new Date(), sentAt: new Date(),
    }));
    const dsn = rawMail({
      From: 'Mail Delivery System <MAILER-DAEMON@mx.example.com>', To: 'helpdesk@localhost', Subject: 'Undelivered Mail Returned to Sender',
      'Message-ID': '<dsn-1@mx.example.com>', 'MIME-Version': '1.0', 'Auto-Submitted': 'auto-replied',
      'Content-Type': 'multipart/report; report-type=delivery-status; boundary="B"',
    }, [
      '--B', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
      '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.com', '', 'Final-Recipient: rfc822; gone@example.com', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 User unknown', '',
      '--B', 'Content-Type: text/rfc822-headers', '', 'From: helpdesk@localhost', 'To: gone@example.com', 'Message-ID: <bounced-1@localhost>', 'Subject: Re', '',
      '--B--', '',
    ].join('\n'));
    const tickets = await ds.getRepository(Ticket).count();
    const result = await inbound.receive(dsn, pipe);
    expect(result).toMatchObject({ status: 'bounce_recorded', ticketNumber: ticket.number });
    expect(await ds.getRepository(Ticket).count()).toBe(tickets);
    const bounce = (await entries(ticket.id)).find((e) => e.event === 'bounce')!;
    expect(bounce.body).toContain('5.1.1');
  });

  it('quarantines what it cannot take, with a reason, and keeps the raw bytes', async () => {
    const result = await inbound.receive(Buffer.from('just some words, not a mail'), pipe);
    expect(result).toMatchObject({ status: 'quarantined', reason: 'not a mail message (no header section)' });
    const row = await ds.getRepository(InboundMail).findOneByOrFail({ id: result.inboundId });
    expect(t.app.get(RawMailStore).read(row.storedName).toString()).toBe('just some words, not a mail');
  });

  it('caps automatic replies per sender per hour, and never allows one for automatic mail; Cc collaborators follow the setting', async () => {
    const settings = t.app.get(SettingsService);
    const system = { type: 'system' as const, id: null, name: 'test', ip: null };
    await settings.update(system, { autoresponsesPerSenderPerHour: 2, emailCcAsCollaborators: false });
    const flags: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await inbound.receive(simpleMail('chatty@example.com', `Question ${i}`, 'x', { Cc: 'watcher@example.com' }), pipe);
      flags.push((await ds.getRepository(InboundMail).findOneByOrFail({ id: r.inboundId })).autoRespond);
      expect(await ds.getRepository(TicketCollaborator).countBy({ ticketId: (await ticketOf(r.ticketNumber!)).id })).toBe(0);
    }
    expect(flags).toEqual([true, true, false]);
    const auto = await inbound.receive(simpleMail('robot@example.com', 'Report', 'x', { 'Auto-Submitted': 'auto-generated' }), pipe);
    expect(await ds.getRepository(InboundMail).findOneByOrFail({ id: auto.inboundId })).toMatchObject({ status: 'created', autoRespond: false });
    await settings.update(system, { autoresponsesPerSenderPerHour: 5, emailCcAsCollaborators: true });
  });

  it('queues the new-ticket autoresponse for a person, and none for automatic, list or bounced mail (RFC 3834)', async () => {
    const to = (address: string) => ds.getRepository(OutboxMail).findBy({ toAddress: address });
    await inbound.receive(simpleMail('person@example.com', 'Need help', 'Please'), pipe);
    const mails = await to('person@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0].headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
    const automatic: Record<string, string>[] = [
      { 'Auto-Submitted': 'auto-generated' }, { Precedence: 'bulk' }, { 'List-Id': '<news.example.com>' }, { 'X-RelayDesk-Loop': 'elsewhere' },
    ];
    for (const [i, headers] of automatic.entries()) {
      const sender = `machine${i}@example.com`;
      const r = await inbound.receive(simpleMail(sender, `Automatic ${i}`, 'x', headers), pipe);
      expect(['created', 'ignored']).toContain(r.status);
      expect(await to(sender)).toEqual([]);
    }
  });

  it('keeps an intake filter\'s canned reply in the thread but never mails it to automatic mail', async () => {
    const actor = { type: 'staff' as const, id: null, name: 'Test setup', ip: null };
    const canned = await t.app.get(CannedResponsesService).create(actor, { title: 'Got it', departmentId: null, isActive: true, body: 'We got #%{ticket.number}.' });
    await t.app.get(IntakeFiltersService).create(actor, {
      name: 'Acknowledge invoices', match: 'all', isActive: true,
      conditions: [{ field: 'subject', operator: 'contains', value: 'invoice' }], actions: [{ type: 'send_canned_reply', cannedResponseId: canned.id }],
    });
    const robot = await inbound.receive(simpleMail('billing-robot@example.com', 'Invoice 42', 'x', { 'Auto-Submitted': 'auto-generated' }), pipe);
    const ticket = await ticketOf(robot.ticketNumber!);
    expect((await entries(ticket.id)).filter((e) => e.type === 'response').map((e) => e.body)).toEqual([`We got #${ticket.number}.`]);
    expect(await ds.getRepository(OutboxMail).findBy({ toAddress: 'billing-robot@example.com' })).toEqual([]);
    await inbound.receive(simpleMail('clerk@example.com', 'Invoice 43', 'x'), pipe);
    expect((await ds.getRepository(OutboxMail).findBy({ toAddress: 'clerk@example.com' })).map((m) => m.textBody)).toContainEqual(expect.stringContaining('We got #'));
  });

  it('throws when it cannot commit (the database is down) and leaves no stray file', async () => {
    const down = await createTestApp();
    try {
      const service = down.app.get(InboundMailService);
      await down.dataSource.destroy();
      await expect(service.receive(simpleMail('a@example.com', 'Down', 'x'), pipe)).rejects.toThrow();
      expect(fs.readdirSync(down.config.inboundMail.dir)).toEqual([]);
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});
