import * as fs from 'node:fs';
import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { InboundMail } from '../../src/inbound-mail/inbound-mail.entity';
import { InboundMailService } from '../../src/inbound-mail/inbound-mail.service';
import { StaffService } from '../../src/staff/staff.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { rawMail, simpleMail } from '../support/mail-builder';
import { testDbKind } from '../support/test-db';

const pipe = { kind: 'pipe' as const, emailAccountId: null };
type Agent = Awaited<ReturnType<typeof loginAgent>>;

describe(`inbound mail for agents and the admin quarantine (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let sales: Agent;
  const inbound = () => t.app.get(InboundMailService);
  const row = (id: number) => t.dataSource.getRepository(InboundMail).findOneByOrFail({ id });
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).findBy({ action });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    // Sales (department 2) cannot see tickets in Support (department 1), where mail lands by default.
    await t.app.get(StaffService).create({ username: 'sam', email: 'sam@example.com', firstName: 'Sam', lastName: 'Sales', password: 'sam-pass-1234', departmentId: 2, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    sales = await loginAgent(t.http, 'sam', 'sam-pass-1234');
  });
  afterAll(() => t.close());

  it('shows agents why a mail landed on the ticket, with its full original and raw download', async () => {
    const created = await inbound().receive(simpleMail('Karen <karen@example.com>', 'VPN', 'It drops.\n\n-- \nKaren Lee, ACME'), pipe);
    const ticket = await t.dataSource.getRepository(Ticket).findOneByOrFail({ number: created.ticketNumber! });
    const page = await admin.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(page.text).toContain('by email, new ticket: no reference to a known ticket');
    expect(page.text).toContain(`href="/scp/inbound-mail/${created.inboundId}"`);

    const original = await admin.get(`/scp/inbound-mail/${created.inboundId}`).expect(200);
    expect(original.text).toContain('Karen Lee, ACME'); // the signature trimmed from the thread is in the original
    const raw = await admin.get(`/scp/inbound-mail/${created.inboundId}/raw`).expect(200);
    expect(raw.headers['content-disposition']).toMatch(/^attachment; filename="mail-\d+\.eml"/);
    expect(raw.headers['x-content-type-options']).toBe('nosniff');

    // An agent who may not see the ticket gets the same 404 as for a mail that does not exist.
    await sales.get(`/scp/inbound-mail/${created.inboundId}`).expect(404);
    await sales.get(`/scp/inbound-mail/${created.inboundId}/raw`).expect(404);
    await admin.get('/scp/inbound-mail/999999').expect(404);
    await admin.get('/scp/inbound-mail/abc').expect(404);
  });

  it('lists quarantined mail with its reason for admins only; reprocess and discard are audited', async () => {
    const broken = await inbound().receive(rawMail({ From: 'loop@example.com', Subject: 'Deep', 'Message-ID': '<deep@example.com>', 'MIME-Version': '1.0' }, 'x'), pipe);
    // Made quarantined by hand: a rule that refused it once (e.g. a filter since changed).
    await t.dataSource.getRepository(InboundMail).update({ id: broken.inboundId }, { status: 'quarantined', reason: 'refused: test', ticketId: null, threadEntryId: null });
    const junk = await inbound().receive(Buffer.from('no headers at all'), pipe);
    expect(junk.status).toBe('quarantined');

    const list = await admin.get('/scp/admin/email-quarantine').expect(200);
    expect(list.text).toContain('not a mail message (no header section)');
    expect(list.text).toContain('refused: test');
    expect(list.text).toContain('data-confirm=');
    await sales.get('/scp/admin/email-quarantine').expect(404);
    expect((await request(t.http).get('/scp/admin/email-quarantine')).status).toBe(303);

    const token = await formToken(admin, '/scp/admin/email-quarantine');
    const again = await admin.post(`/scp/admin/email-quarantine/${broken.inboundId}/reprocess`).type('form').send({ _csrf: token }).expect(303);
    expect(again.headers.location).toBe('/scp/admin/email-quarantine');
    expect(await row(broken.inboundId)).toMatchObject({ status: 'created' });
    expect(await audits('inbound_mail.reprocessed')).toHaveLength(1);
    // Not quarantined any more: a second reprocess is a 404, nothing written.
    await admin.post(`/scp/admin/email-quarantine/${broken.inboundId}/reprocess`).type('form').send({ _csrf: token }).expect(404);

    const stored = await row(junk.inboundId);
    await admin.post(`/scp/admin/email-quarantine/${junk.inboundId}/discard`).type('form').send({ _csrf: token }).expect(303);
    expect((await row(junk.inboundId)).status).toBe('discarded');
    expect(fs.existsSync(`${t.config.inboundMail.dir}/${stored.storedName}`)).toBe(false);
    expect(await audits('inbound_mail.discarded')).toHaveLength(1);
    await admin.post(`/scp/admin/email-quarantine/${junk.inboundId}/discard`).type('form').send({ _csrf: token }).expect(404);
    // Without the CSRF token nothing happens.
    await admin.post(`/scp/admin/email-quarantine/${junk.inboundId}/discard`).type('form').send({}).expect(403);
    expect((await admin.get('/scp/admin/email-quarantine').expect(200)).text).toContain('No mail is in quarantine.');
  });

  it('pages the quarantine by id (keyset)', async () => {
    for (let i = 0; i < 52; i++) await inbound().receive(Buffer.from(`junk ${i}`), pipe);
    const first = await admin.get('/scp/admin/email-quarantine').expect(200);
    const next = /href="(\/scp\/admin\/email-quarantine\?before(?:=|&#x3D;)\d+)"/.exec(first.text)?.[1]?.replace('&#x3D;', '=');
    expect(next).toBeDefined();
    const second = await admin.get(next!).expect(200);
    expect((second.text.match(/<tr>/g) ?? []).length).toBe(1 + 2); // header row + the 2 oldest
    await admin.get('/scp/admin/email-quarantine?before=abc').expect(404);
  });
});
