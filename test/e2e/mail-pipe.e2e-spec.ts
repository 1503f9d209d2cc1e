import request from 'supertest';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { AuditActor } from '../../src/audit/audit.service';
import { InboundMail } from '../../src/inbound-mail/inbound-mail.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { rawMail, simpleMail } from '../support/mail-builder';
import { testDbKind } from '../support/test-db';

const SYSTEM: AuditActor = { type: 'system', id: null, name: 'test setup', ip: null };

describe(`mail pipe endpoint POST /api/tickets.email (${testDbKind})`, () => {
  let t: TestApp;
  let key: string;
  const pipe = (body: Buffer | string, apiKey: string | null = key, type = 'message/rfc822') => {
    const req = request(t.http).post('/api/tickets.email').set('Content-Type', type);
    return (apiKey === null ? req : req.set('X-API-Key', apiKey)).send(body);
  };
  const counts = async () => ({ tickets: await t.dataSource.getRepository(Ticket).count(), inbound: await t.dataSource.getRepository(InboundMail).count() });

  beforeAll(async () => {
    t = await createTestApp({ INBOUND_MAIL_MAX_MB: '1' });
    key = (await t.app.get(ApiKeysService).create(SYSTEM, { name: 'MTA pipe', scopes: ['tickets.email'], ipAllowlist: '' })).plainKey;
  });
  afterAll(() => t.close());

  it('opens a ticket and answers 201 with its number as plain text; the same mail again gets the same number', async () => {
    const mail = simpleMail('Karen <karen@example.com>', 'Mobile banking is down', 'Since 9am.');
    const res = await pipe(mail).expect(201);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const ticket = await t.dataSource.getRepository(Ticket).findOneByOrFail({ number: res.text });
    expect(ticket).toMatchObject({ subject: 'Mobile banking is down', source: 'email' });
    const before = await counts();
    const again = await pipe(mail).expect(201);
    expect(again.text).toBe(res.text);
    expect(again.headers['x-inbound-status']).toBe('duplicate');
    expect(await counts()).toEqual(before);
  });

  it('takes text/plain bodies too (osTicket pipe scripts send them)', async () => {
    const res = await pipe(simpleMail('text@example.com', 'Plain', 'Body'), key, 'text/plain').expect(201);
    expect(res.text).toMatch(/^\d+$/);
  });

  it('refuses a missing or wrong key with 401, a key without the email scope with 403, storing nothing', async () => {
    const before = await counts();
    const mail = simpleMail('x@example.com', 'No key', 'x');
    expect((await pipe(mail, null).expect(401)).body.error.code).toBe('unauthenticated');
    expect((await pipe(mail, 'A'.repeat(43)).expect(401)).body.error.code).toBe('unauthenticated');
    const reader = (await t.app.get(ApiKeysService).create(SYSTEM, { name: 'Reader', scopes: ['tickets.read'], ipAllowlist: '' })).plainKey;
    const forbidden = await pipe(mail, reader).expect(403);
    expect(forbidden.body.error).toEqual({ code: 'forbidden', message: 'This API key does not have the tickets.email scope.' });
    expect(await counts()).toEqual(before);
  });

  it('answers 400 to an empty body or one that is not a mail, 415 to another content type, 413 above the size limit; nothing stored', async () => {
    const before = await counts();
    expect((await pipe('').expect(400)).body.error.code).toBe('bad_request');
    expect((await pipe('hello, this is not a mail').expect(400)).body.error.message).toMatch(/not a mail message/);
    expect((await pipe('{"a":1}', key, 'application/json').expect(415)).body.error.code).toBe('unsupported_media_type');
    const big = rawMail({ From: 'big@example.com', Subject: 'Big', 'Message-ID': '<big@example.com>' }, 'x'.repeat(1024 * 1024 + 10));
    expect((await pipe(big).expect(413)).body.error.code).toBe('payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('stores mail that breaks a structural limit and answers 202 quarantined', async () => {
    const parts = Array.from({ length: 250 }, (_, i) => `--X\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const res = await pipe(rawMail({ From: 'parts@example.com', Subject: 'Many', 'Message-ID': '<many@example.com>', 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="X"' }, `${parts}--X--\r\n`)).expect(202);
    expect(res.headers['x-inbound-status']).toBe('quarantined');
    const row = await t.dataSource.getRepository(InboundMail).findOneByOrFail({ messageId: '<many@example.com>' });
    expect(row).toMatchObject({ status: 'quarantined', reason: 'over a limit: the mail has more than 200 MIME parts', ticketId: null });
  });

  it('appends a reply that threads and shows agents why', async () => {
    const first = await pipe(simpleMail('karen@example.com', 'Card blocked', 'Help', { 'Message-ID': '<card-1@example.com>' })).expect(201);
    const reply = await pipe(simpleMail('karen@example.com', 'Re: Card blocked', 'Still blocked', { 'In-Reply-To': '<card-1@example.com>', References: '<card-1@example.com>' })).expect(201);
    expect(reply.text).toBe(first.text);
    expect(reply.headers['x-inbound-status']).toBe('appended');
    const ticket = await t.dataSource.getRepository(Ticket).findOneByOrFail({ number: first.text });
    const messages = await t.dataSource.getRepository(ThreadEntry).findBy({ ticketId: ticket.id, type: 'message' });
    expect(messages.map((m) => m.body)).toEqual(['Help', 'Still blocked']);
  });

  it('answers 500 (never 503) when the database is down, so the mail server retries', async () => {
    const down = await createTestApp();
    const k = (await down.app.get(ApiKeysService).create(SYSTEM, { name: 'Pipe', scopes: ['tickets.email'], ipAllowlist: '' })).plainKey;
    await down.dataSource.destroy();
    try {
      const res = await request(down.http).post('/api/tickets.email').set('Content-Type', 'message/rfc822').set('X-API-Key', k).send(simpleMail('a@example.com', 'Down', 'x')).expect(500);
      expect(res.body.error.code).toBe('internal_error');
      expect(res.headers['retry-after']).toBeUndefined();
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});
