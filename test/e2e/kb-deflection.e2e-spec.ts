import request from 'supertest';
import { AuditActor } from '../../src/audit/audit.service';
import { KbArticlesService } from '../../src/kb/kb-articles.service';
import { KbCategoriesService } from '../../src/kb/kb-categories.service';
import { KbArticle, KbDeflection } from '../../src/kb/kb.entities';
import { Attachment } from '../../src/attachments/attachment.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
const ACTOR: AuditActor = { type: 'system', id: null, name: 'Test', ip: null };
const hidden = (html: string, name: string) => [...html.matchAll(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`, 'g'))].map((m) => m[1]);

describe(`knowledge base deflection on the open form (${testDbKind})`, () => {
  let t: TestApp;
  let vpn: KbArticle;
  let internal: KbArticle;
  const tickets = () => t.dataSource.getRepository(Ticket);
  const deflections = () => t.dataSource.getRepository(KbDeflection);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const categories = t.app.get(KbCategoriesService);
    const articles = t.app.get(KbArticlesService);
    const pub = await categories.create(ACTOR, { name: 'Network', description: '', isPublic: true, sortOrder: 0 });
    const staffOnly = await categories.create(ACTOR, { name: 'Runbooks', description: '', isPublic: false, sortOrder: 1 });
    vpn = await articles.create(ACTOR, { categoryId: pub.id, title: 'VPN will not connect', body: '<p>Restart the VPN client and sign in again.</p>', isPublished: true, topicIds: [3] }, []);
    internal = await articles.create(ACTOR, { categoryId: staffOnly.id, title: 'VPN concentrator runbook', body: '<p>Internal vpn notes.</p>', isPublished: true, topicIds: [] }, []);
    await articles.create(ACTOR, { categoryId: pub.id, title: 'VPN draft', body: '<p>Draft about vpn.</p>', isPublished: false, topicIds: [] }, []);
  });
  afterAll(() => t.close());

  async function submit(browser: Agent, fields: Record<string, string | string[]>, files: { name: string; content: string }[] = [], token?: string) {
    // The token first: the agent attaches its cookies when the request is created.
    const csrf = token ?? (await formToken(browser, '/tickets/new'));
    let req = browser.post('/tickets').field('_csrf', csrf);
    const values = { email: 'karen@example.com', name: 'Karen Kline', phone: '', topicId: '3', subject: 'My VPN is broken', message: 'It says <timeout>.', ...fields };
    for (const [name, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
    for (const f of files) req = req.attach('attachments', Buffer.from(f.content), { filename: f.name, contentType: 'text/plain' });
    return req;
  }

  it('suggests public, published articles as JSON while the summary is typed', async () => {
    const res = await request(t.http).get('/kb/suggestions?q=vpn%20broken&topicId=3').expect(200);
    expect(res.body).toEqual({ articles: [{ id: vpn.id, title: 'VPN will not connect', excerpt: 'Restart the VPN client and sign in again.', url: `/kb/articles/${vpn.id}?from=ticket` }] });
    expect((await request(t.http).get('/kb/suggestions?q[a]=1').expect(200)).body).toEqual({ articles: [] });
    // A browser with a session gets no cookie back: the answer may arrive after the form's POST renewed it.
    const browser = request.agent(t.http);
    await formToken(browser, '/tickets/new');
    const fetched = await browser.get('/kb/suggestions?q=vpn').expect(200);
    expect(fetched.body.articles).toHaveLength(1);
    expect(fetched.headers['set-cookie']).toBeUndefined();
    const form = await request(t.http).get('/tickets/new').expect(200);
    expect(form.text).toContain('data-suggest-url="/kb/suggestions"');
    expect(form.text).toContain('<script src="/public/js/kb-suggest.js" defer></script>');
  });

  it('shows matching articles as a step first, keeping what was typed, and opens nothing yet', async () => {
    const browser = request.agent(t.http);
    const before = await tickets().count();
    const step = await submit(browser, { field_extra: ['a', 'b'] }, [{ name: 'log.txt', content: 'timeout' }]);
    expect(step.status).toBe(200);
    expect(step.text).toContain('<h1>Did one of these answer your question?</h1>');
    expect(step.text).toContain(`name="solvedArticleId" value="${vpn.id}"`);
    expect(step.text).not.toContain('VPN concentrator runbook');
    expect(step.text).not.toContain('VPN draft');
    expect(hidden(step.text, 'subject')).toEqual(['My VPN is broken']);
    expect(hidden(step.text, 'message')).toEqual(['It says &lt;timeout&gt;.']);
    expect(hidden(step.text, 'field_extra')).toEqual(['a', 'b']);
    // The abuse checks are the step page's own (a fresh honeypot, and a fresh question when that is on).
    expect(hidden(step.text, 'website')).toEqual([]);
    expect(step.text).toContain('name="website" type="text" value=""');
    expect(step.text).toContain('Your attachments were not kept on this step (log.txt). Please attach them again below.');
    expect(await tickets().count()).toBe(before);
  });

  it('"Yes, this solved it" records a deflection for the article and opens no ticket', async () => {
    const browser = request.agent(t.http);
    const step = await submit(browser, {});
    const before = await tickets().count();
    const res = await submit(browser, { solvedArticleId: String(vpn.id) }, [], csrfFrom(step.text));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/kb/articles/${vpn.id}`);
    expect((await browser.get(res.headers.location).expect(200)).text).toContain('Glad it helped! We did not open a ticket.');
    expect(await tickets().count()).toBe(before);
    expect(await deflections().findBy({ articleId: vpn.id })).toEqual([expect.objectContaining({ subject: 'My VPN is broken' })]);

    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const list = await admin.get('/scp/kb').expect(200);
    expect(list.text).toMatch(/VPN will not connect<\/a><\/td>[\s\S]*?<td data-label="Deflections">1<\/td>/);
    expect((await admin.get(`/scp/kb/articles/${vpn.id}`).expect(200)).text).toContain('1 deflection');
  });

  it('refuses a deflection for an article the portal may not show (404), and counts nothing', async () => {
    const browser = request.agent(t.http);
    const res = await submit(browser, { solvedArticleId: String(internal.id) });
    expect(res.status).toBe(404);
    expect(await deflections().countBy({ articleId: internal.id })).toBe(0);
  });

  it('"No, open my ticket" opens it with the data kept and the files attached again', async () => {
    const browser = request.agent(t.http);
    const step = await submit(browser, {}, [{ name: 'log.txt', content: 'timeout' }]);
    const res = await submit(browser, { intent: 'open' }, [{ name: 'log.txt', content: 'timeout' }], csrfFrom(step.text));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/tickets/thanks');
    const ticket = await tickets().findOneOrFail({ where: {}, order: { id: 'DESC' } });
    expect(ticket.subject).toBe('My VPN is broken');
    expect(await t.dataSource.getRepository(Attachment).findBy({ ticketId: ticket.id })).toEqual([expect.objectContaining({ fileName: 'log.txt' })]);
  });

  it('skips the step when nothing matches, when suggestions were already shown, and keeps validation first', async () => {
    const browser = request.agent(t.http);
    expect((await submit(browser, { subject: 'Printer on fire' })).status).toBe(303);
    expect((await submit(browser, { kbSeen: '1' })).status).toBe(303);
    const bad = await submit(browser, { email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.text).not.toContain('Did one of these answer your question?');
  });

  it('offers "This answered my question" on an article reached from a suggestion, which counts a deflection', async () => {
    const browser = request.agent(t.http);
    const page = await browser.get(`/kb/articles/${vpn.id}?from=ticket`).expect(200);
    expect(page.text).toContain('Did this answer your question?');
    const before = await deflections().countBy({ articleId: vpn.id });
    await browser.post(`/kb/articles/${vpn.id}/helped`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    expect(await deflections().countBy({ articleId: vpn.id })).toBe(before + 1);
    await browser.post(`/kb/articles/${internal.id}/helped`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(404);
    expect((await browser.get(`/kb/articles/${vpn.id}`).expect(200)).text).not.toContain('Did this answer your question?');
  });
});
