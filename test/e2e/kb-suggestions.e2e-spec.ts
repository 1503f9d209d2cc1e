import { AuditActor } from '../../src/audit/audit.service';
import { KbArticlesService } from '../../src/kb/kb-articles.service';
import { KbCategoriesService } from '../../src/kb/kb-categories.service';
import { StaffService } from '../../src/staff/staff.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

const ACTOR: AuditActor = { type: 'system', id: null, name: 'Test', ip: null };
const section = (html: string) => html.slice(html.indexOf('<section class="card kb-suggestions"'), html.indexOf('</section>', html.indexOf('<section class="card kb-suggestions"')));

describe(`knowledge base suggestions beside a staff ticket (${testDbKind})`, () => {
  let t: TestApp;
  const tickets: Record<string, Ticket> = {};

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const categories = t.app.get(KbCategoriesService);
    const articles = t.app.get(KbArticlesService);
    const pub = await categories.create(ACTOR, { name: 'Printing', description: '', isPublic: true, sortOrder: 0 });
    const internal = await categories.create(ACTOR, { name: 'Runbooks', description: '', isPublic: false, sortOrder: 0 });
    await articles.create(ACTOR, { categoryId: pub.id, title: 'Printer shows paper jam', body: '<p>Open tray 2 and pull the sheet.</p>', isPublished: true, topicIds: [] }, []);
    await articles.create(ACTOR, { categoryId: internal.id, title: 'Printer fleet runbook', body: '<p>Reset the print server.</p>', isPublished: true, topicIds: [] }, []);
    await articles.create(ACTOR, { categoryId: pub.id, title: 'Printer draft', body: '<p>Not yet.</p>', isPublished: false, topicIds: [] }, []);
    const intake = t.app.get(TicketIntakeService);
    const open = async (key: string, subject: string, topicId: number) => {
      const created = await intake.open({ email: `${key}@example.com`, name: key, phone: null, topicId, subject, message: 'Help.', source: 'web', uploads: [] });
      tickets[key] = await t.dataSource.getRepository(Ticket).findOneByOrFail({ id: created.id });
    };
    await open('main', 'Printer jammed again', 1);
    await open('same', 'The printer is jammed on floor 2', 1);
    await open('other', 'Printer jammed in sales', 1);
    // Moved to Sales (department 2), where Sue has no access.
    await t.dataSource.getRepository(Ticket).update({ id: tickets.other.id }, { departmentId: 2 });
    tickets.other.departmentId = 2;
    await open('unrelated', 'Password reset', 1);
    await t.app.get(StaffService).create({ username: 'sue', email: 'sue@example.com', firstName: 'Sue', lastName: 'Port', password: 'sue-pass-1234', departmentId: tickets.main.departmentId, roleId: 3 });
  });
  afterAll(() => t.close());

  it('lists matching published articles with their portal link (insert button, copyable field) and internal ones without', async () => {
    const sue = await loginAgent(t.http, 'sue', 'sue-pass-1234');
    const html = section((await sue.get(`/scp/tickets/${tickets.main.id}`).expect(200)).text);
    expect(html).toContain('Printer shows paper jam');
    expect(html).toMatch(/<input id="kb-link-\d+" type="text" value="http:\/\/localhost:3000\/kb\/articles\/\d+" readonly>/);
    expect(html).toMatch(/data-kb-insert="http:\/\/localhost:3000\/kb\/articles\/\d+" data-kb-target="reply-message"/);
    expect(html).toContain('Printer fleet runbook');
    expect(html).not.toContain('Printer draft');
  });

  it('lists similar tickets only from departments the agent may see', async () => {
    expect(tickets.other.departmentId).not.toBe(tickets.main.departmentId);
    const sue = await loginAgent(t.http, 'sue', 'sue-pass-1234');
    const html = section((await sue.get(`/scp/tickets/${tickets.main.id}`).expect(200)).text);
    expect(html).toContain(`#${tickets.same.number}`);
    expect(html).not.toContain(`#${tickets.other.number}`);
    expect(html).not.toContain(`#${tickets.unrelated.number}`);
    expect(html).not.toContain(`#${tickets.main.number}</a>`);

    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    expect(section((await admin.get(`/scp/tickets/${tickets.main.id}`).expect(200)).text)).toContain(`#${tickets.other.number}`);
  });
});
