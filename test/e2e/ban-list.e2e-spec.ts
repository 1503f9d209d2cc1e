import request from 'supertest';
import { BannedSender } from '../../src/abuse/ban-list.entity';
import { BanListService } from '../../src/abuse/ban-list.service';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

describe(`ban list (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const rows = () => t.dataSource.getRepository(BannedSender).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function add(value: string, note = '') {
    const token = await formToken(admin, '/scp/admin/ban-list');
    return admin.post('/scp/admin/ban-list').type('form').send({ _csrf: token, value, note });
  }

  async function openTicket(email: string) {
    const guest = request.agent(t.http);
    const token = await formToken(guest, '/tickets/new');
    return guest.post('/tickets').type('form').send({ _csrf: token, email, name: 'Spammer', topicId: '1', subject: 'Buy now', message: 'Cheap things' });
  }

  it('adds addresses and domains, audited, and isBanned matches them and their subdomains', async () => {
    expect((await add(' Spam@Example.com ', 'sent junk')).status).toBe(303);
    expect((await add('@junk.test')).status).toBe(303);
    expect(await rows()).toMatchObject([{ kind: 'email', value: 'spam@example.com', note: 'sent junk' }, { kind: 'domain', value: 'junk.test', note: null }]);
    const audits = await t.dataSource.getRepository(AuditEvent).findBy({ action: 'ban_list.added' });
    expect(audits.map((a) => a.targetLabel)).toEqual(['spam@example.com', 'junk.test']);

    const bans = t.app.get(BanListService);
    expect(await bans.isBanned('SPAM@example.com')).toBe(true);
    expect(await bans.isBanned('other@example.com')).toBe(false);
    expect(await bans.isBanned('a@mail.junk.test')).toBe(true);
    expect(await bans.isBanned('a@notjunk.test')).toBe(false);

    const page = await admin.get('/scp/admin/ban-list').expect(200);
    expect(page.text).toContain('<code>spam@example.com</code>');
    expect(page.text).toContain('sent junk');
  });

  it('refuses bad entries and duplicates with 422, the input kept and nothing written', async () => {
    const before = (await rows()).length;
    for (const [value, message] of [['not an address', 'Enter an email address'], ['spam@example.com', 'already on the ban list'], ['', 'Enter an email address']]) {
      const res = await add(value, 'x');
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
    const res = await add('<b>bad</b>', 'kept note');
    expect(res.text).toContain('value="&lt;b&gt;bad&lt;/b&gt;"');
    expect(res.text).toContain('value="kept note"');
    expect((await rows()).length).toBe(before);
  });

  it('refuses tickets from banned senders on the portal, with nothing written', async () => {
    const [tickets, users] = [await t.dataSource.getRepository(Ticket).count(), await t.dataSource.getRepository(User).count()];
    const res = await openTicket('someone@mail.junk.test');
    expect(res.status).toBe(422);
    expect(res.text).toContain('We cannot accept tickets from this email address.');
    expect(await t.dataSource.getRepository(Ticket).count()).toBe(tickets);
    expect(await t.dataSource.getRepository(User).count()).toBe(users);
    expect((await openTicket('fine@example.org')).status).toBe(303);
  });

  it('removes an entry (audited) and a missing one is a 404; agents who are not admins cannot reach the page', async () => {
    const [entry] = await rows();
    const token = await formToken(admin, '/scp/admin/ban-list');
    expect((await admin.post(`/scp/admin/ban-list/${entry.id}/remove`).type('form').send({ _csrf: token })).status).toBe(303);
    expect((await rows()).map((r) => r.value)).toEqual(['junk.test']);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'ban_list.removed', targetLabel: 'spam@example.com' })).toBe(1);
    expect((await admin.post(`/scp/admin/ban-list/${entry.id}/remove`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await request(t.http).get('/scp/admin/ban-list')).status).toBe(303);
  });
});
