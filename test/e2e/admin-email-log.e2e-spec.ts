import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service';
import { MailOutboxService } from '../../src/mail/mail-outbox.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { SmtpSink } from '../support/smtp-sink';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const subjects = (html: string) => [...html.matchAll(/<td data-label="Subject"><a href="[^"]+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);

describe(`admin: email log (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let sink: SmtpSink;
  const rows = () => t.dataSource.getRepository(OutboxMail);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url, ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const outbox = t.app.get(MailOutboxService);
    await t.dataSource.transaction(async (manager) => {
      for (let i = 1; i <= 55; i++) await outbox.enqueue(manager, { to: i % 5 === 0 ? 'five@example.com' : 'someone@example.com', subject: `Message ${i}`, text: `Body ${i}` });
      await outbox.enqueue(manager, { to: 'reset@example.com', subject: 'Reset your password', text: 'https://x/reset/SECRET', sensitive: true });
    });
    await t.app.get(MailDeliveryService).deliverDue();
    sink.refuseRecipients = { code: 550, message: '5.1.1 No such user here' };
    await t.dataSource.transaction((manager) => outbox.enqueue(manager, { to: 'ghost@example.com', subject: 'Lost', text: 'Lost body' }));
    await t.app.get(MailDeliveryService).deliverDue();
    sink.refuseRecipients = null;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('lists newest first in keyset pages, filtered by status or recipient, with the server\'s reason', async () => {
    const first = await admin.get('/scp/admin/email-log').expect(200);
    expect(subjects(first.text).slice(0, 3)).toEqual(['Lost', 'Reset your password', 'Message 55']);
    expect(subjects(first.text)).toHaveLength(50);
    expect(first.text).toContain('550 5.1.1 No such user here');
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const second = await admin.get(next).expect(200);
    expect(subjects(second.text)).toEqual(['Message 7', 'Message 6', 'Message 5', 'Message 4', 'Message 3', 'Message 2', 'Message 1']);
    expect(second.text).not.toContain('rel="next"');

    const failed = await admin.get('/scp/admin/email-log?status=failed').expect(200);
    expect(subjects(failed.text)).toEqual(['Lost']);
    const five = await admin.get('/scp/admin/email-log?recipient=FIVE@example.com').expect(200);
    expect(subjects(five.text)).toEqual(['Message 55', 'Message 50', 'Message 45', 'Message 40', 'Message 35', 'Message 30', 'Message 25', 'Message 20', 'Message 15', 'Message 10', 'Message 5']);
    expect((await admin.get('/scp/admin/email-log?recipient=nobody@example.com').expect(200)).text).toContain('No messages match.');
    await admin.get('/scp/admin/email-log?status=lost').expect(404);
    await admin.get('/scp/admin/email-log?before=abc').expect(404);
  });

  it('shows one message, but never the body of one holding a one-time link', async () => {
    const reset = await rows().findOneByOrFail({ subject: 'Reset your password' });
    const page = await admin.get(`/scp/admin/email-log/${reset.id}`).expect(200);
    expect(page.text).toContain('Not shown: this message holds a one-time link.');
    expect(page.text).not.toContain('SECRET');
    expect(page.text).not.toContain('Resend a copy');
    const lost = await rows().findOneByOrFail({ subject: 'Lost' });
    const shown = await admin.get(`/scp/admin/email-log/${lost.id}`).expect(200);
    expect(shown.text).toContain('Lost body');
    expect(shown.text).toContain('Retry now');
    await admin.get('/scp/admin/email-log/999999').expect(404);
  });

  it('retries a failed message now, resends a copy as a new row, audits both, and refuses what it cannot send', async () => {
    const lost = await rows().findOneByOrFail({ subject: 'Lost' });
    const path = `/scp/admin/email-log/${lost.id}`;
    const token = await formToken(admin, path);
    expect((await admin.post(`${path}/retry`).type('form').send({ _csrf: token })).status).toBe(303);
    await t.app.get(MailDeliveryService).deliverDue();
    expect(await rows().findOneByOrFail({ id: lost.id })).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sink.received.filter((m) => m.subject === 'Lost')).toHaveLength(1);

    const again = await admin.post(`${path}/retry`).type('form').send({ _csrf: token });
    expect(again.status).toBe(303);
    expect((await admin.get(path)).text).toContain('Only a failed message can be retried.');

    const resent = await admin.post(`${path}/resend`).type('form').send({ _csrf: token });
    expect(resent.status).toBe(303);
    const copies = await rows().find({ where: { subject: 'Lost' }, order: { id: 'ASC' } });
    expect(copies).toHaveLength(2);
    expect(resent.headers.location).toBe(`/scp/admin/email-log/${copies[1].id}`);
    expect(copies[1]).toMatchObject({ toAddress: 'ghost@example.com', textBody: 'Lost body' });
    expect(copies[1].messageId).not.toBe(copies[0].messageId);
    await t.app.get(MailDeliveryService).deliverDue();
    expect(sink.received.filter((m) => m.subject === 'Lost')).toHaveLength(2);

    const reset = await rows().findOneByOrFail({ subject: 'Reset your password' });
    const refused = await admin.post(`/scp/admin/email-log/${reset.id}/resend`).type('form').send({ _csrf: token });
    expect(refused.status).toBe(303);
    expect(await rows().countBy({ subject: 'Reset your password' })).toBe(1);
    const audits = await t.dataSource.getRepository(AuditEvent).find({ where: [{ action: 'email.retried' }, { action: 'email.resent' }], order: { id: 'ASC' } });
    expect(audits.map((a) => a.action)).toEqual(['email.retried', 'email.resent']);
    await admin.post(`${path}/resend`).type('form').send({}).expect(403);
  });
});
