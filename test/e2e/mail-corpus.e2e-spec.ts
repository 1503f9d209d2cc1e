import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { Attachment } from '../../src/attachments/attachment.entity';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { InboundMail } from '../../src/inbound-mail/inbound-mail.entity';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { ReplyTokensService } from '../../src/mail/reply-tokens.service';
import { Staff } from '../../src/staff/staff.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { testDbKind } from '../support/test-db';

/** One fixture's expected outcome (test/fixtures/mail/manifest.json, written by generate.js). */
interface Expected {
  id: string;
  file: string;
  status: 'created' | 'appended' | 'duplicate' | 'quarantined' | 'ignored' | 'bounce_recorded';
  /** 'new': a ticket no earlier fixture made; '<id>': the ticket fixture <id> ended on; null: none. */
  ticket: string | null;
  reason?: string;
  attachments?: number;
  fileNames?: string[];
  text?: string;
  notText?: string;
  collaborators?: string[];
  autoRespond?: boolean;
  subject?: string;
  userName?: string;
  entryType?: 'message' | 'response';
}

const DIR = path.join(__dirname, '..', 'fixtures', 'mail');
const MANIFEST: Expected[] = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8'));

describe(`the .eml corpus through the pipe endpoint (${testDbKind})`, () => {
  let t: TestApp;
  let key: string;
  const numbers = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ MAIL_FROM: 'Help Desk <helpdesk@helpdesk.test>', ATTACHMENT_MAX_MB: '1', ATTACHMENT_MAX_FILES: '5', ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    key = (await t.app.get(ApiKeysService).create({ type: 'system', id: null, name: 'corpus', ip: null }, { name: 'MTA', scopes: ['tickets.email'], ipAllowlist: '' })).plainKey;
  });
  afterAll(() => t.close());

  const ticketOf = (number: string) => t.dataSource.getRepository(Ticket).findOneOrFail({ where: { number }, relations: { user: true } });

  /** The fixture's bytes with its placeholders filled from what earlier fixtures made. */
  async function fill(raw: Buffer): Promise<Buffer> {
    let text = raw.toString('latin1');
    for (const match of text.matchAll(/@@(NUMBER|TOKEN|STAFFTOKEN):(\d+)@@/g)) {
      const number = numbers.get(match[2]);
      if (!number) throw new Error(`${match[0]}: fixture ${match[2]} made no ticket`);
      const ticket = await ticketOf(number);
      let value = number;
      if (match[1] !== 'NUMBER') {
        const admin = await t.dataSource.getRepository(Staff).findOneByOrFail({ email: 'admin@example.com' });
        const holder = match[1] === 'TOKEN' ? { userId: ticket.userId } : { staffId: admin.id };
        value = await t.dataSource.transaction((m) => t.app.get(ReplyTokensService).issue(m, ticket.id, holder));
      }
      text = text.replace(match[0], value);
    }
    return Buffer.from(text, 'latin1');
  }

  it('has at least 40 fixtures, each file present', () => {
    expect(MANIFEST.length).toBeGreaterThanOrEqual(40);
    for (const f of MANIFEST) expect(fs.existsSync(path.join(DIR, f.file))).toBe(true);
  });

  it.each(MANIFEST.map((f) => [f.file, f] as const))('%s', async (_file, f) => {
    const before = new Set(numbers.values());
    const res = await request(t.http).post('/api/tickets.email').set('Content-Type', 'message/rfc822').set('X-API-Key', key)
      .send(await fill(fs.readFileSync(path.join(DIR, f.file))));
    expect({ status: res.headers['x-inbound-status'], http: res.status, body: res.status >= 400 ? res.text : '' })
      .toEqual({ status: f.status, http: f.ticket ? 201 : 202, body: '' });
    const row = await t.dataSource.getRepository(InboundMail).findOneOrFail({ where: f.status === 'duplicate' ? { ticketId: (await ticketOf(res.text)).id } : {}, order: { id: 'DESC' } });
    if (f.reason) expect(row.reason).toContain(f.reason);
    if (f.ticket === null) {
      expect(row.ticketId).toBeNull();
      return;
    }
    const number = res.text;
    if (f.ticket === 'new') expect(before.has(number)).toBe(false);
    else expect(number).toBe(numbers.get(f.ticket));
    numbers.set(f.id, number);
    const ticket = await ticketOf(number);
    if (f.id === '01') {
      // A notification we "sent" for this ticket: later fixtures reply to it and bounce it.
      await t.dataSource.getRepository(OutboxMail).save(t.dataSource.getRepository(OutboxMail).create({
        toAddress: 'karen@example.com', ticketId: ticket.id, subject: `[#${number}] Mobile banking is down`, textBody: 'Which device do you use?', htmlBody: null,
        messageId: '<sent-0001@helpdesk.test>', headers: null, sensitive: false, status: 'sent', attempts: 1, lastError: null,
        nextAttemptAt: new Date(), createdAt: new Date(), sentAt: new Date(),
      }));
    }
    if (f.subject) expect(ticket.subject).toBe(f.subject);
    if (f.userName) expect(ticket.user.name).toBe(f.userName);
    if (f.autoRespond !== undefined) expect(row.autoRespond).toBe(f.autoRespond);
    if (f.collaborators) {
      const rows = await t.dataSource.getRepository(TicketCollaborator).find({ where: { ticketId: ticket.id }, relations: { user: true } });
      expect(rows.map((r) => r.user.email).sort()).toEqual([...f.collaborators].sort());
    }
    if (f.status === 'duplicate' || f.status === 'bounce_recorded') return;
    const entry = await t.dataSource.getRepository(ThreadEntry).findOneByOrFail({ id: row.threadEntryId! });
    expect(entry.type).toBe(f.entryType ?? 'message');
    if (f.text) expect(entry.body).toContain(f.text);
    if (f.notText) expect(entry.body).not.toContain(f.notText);
    const files = await t.dataSource.getRepository(Attachment).find({ where: { threadEntryId: entry.id }, order: { id: 'ASC' } });
    if (f.attachments !== undefined) expect(files).toHaveLength(f.attachments);
    if (f.fileNames) expect(files.map((a) => a.fileName)).toEqual(f.fileNames);
  });
});
