import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { KbArticle, KbArticleFile, KbArticleTopic, KbArticleWord, KbCategory } from '../../src/kb/kb.entities';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const links = (html: string) => [...html.matchAll(/<li><a href="[^"]*\/kb\/articles\/\d+[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);

describe(`knowledge base (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let writer: Agent;
  let reader: Agent;
  const categories = () => t.dataSource.getRepository(KbCategory);
  const articles = () => t.dataSource.getRepository(KbArticle);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const staff = t.app.get(StaffService);
    // Expanded Access (role 2) has kb.manage; Limited Access (role 3) does not.
    await staff.create({ username: 'wendy', email: 'wendy@example.com', firstName: 'Wendy', lastName: 'Writer', password: 'wendy-pass-123', departmentId: 1, roleId: 2 });
    await staff.create({ username: 'rick', email: 'rick@example.com', firstName: 'Rick', lastName: 'Reader', password: 'rick-pass-123', departmentId: 1, roleId: 3 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    writer = await loginAgent(t.http, 'wendy', 'wendy-pass-123');
    reader = await loginAgent(t.http, 'rick', 'rick-pass-123');
  });
  afterAll(() => t.close());

  async function postForm(agent: Agent, path: string, fields: Record<string, string | string[]>, formPath: string) {
    const token = await formToken(agent, formPath);
    return agent.post(path).type('form').send({ _csrf: token, ...fields });
  }
  const addCategory = (agent: Agent, fields: Record<string, string | string[]>) =>
    postForm(agent, '/scp/kb/categories', { sortOrder: '0', isPublic: ['0', '1'], ...fields }, '/scp/kb/categories/new');

  async function addArticle(agent: Agent, fields: Record<string, string | string[]>, files: { name: string; content: string }[] = []) {
    const token = await formToken(agent, '/scp/kb/articles/new');
    const req = agent.post('/scp/kb/articles').field('_csrf', token);
    for (const [name, value] of Object.entries({ isPublished: ['0', '1'], ...fields })) {
      for (const v of Array.isArray(value) ? value : [value]) req.field(name, v);
    }
    for (const f of files) req.attach('attachments', Buffer.from(f.content), f.name);
    return req;
  }

  it('lets agents with kb.manage add categories, with an audit record; a bad form is a 422 that keeps the input', async () => {
    const res = await addCategory(writer, { name: ' Accounts ', description: 'Logins and passwords', sortOrder: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/kb');
    expect((await addCategory(admin, { name: 'Runbooks', isPublic: '0', sortOrder: '2' })).status).toBe(303);
    expect(await categories().findOneByOrFail({ name: 'Accounts' })).toMatchObject({ description: 'Logins and passwords', isPublic: true, sortOrder: 1 });
    expect(await categories().findOneByOrFail({ name: 'Runbooks' })).toMatchObject({ isPublic: false });
    const audit = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'kb.category.created', targetLabel: 'Accounts' });
    expect(audit).toMatchObject({ actorName: 'Wendy Writer', after: { name: 'Accounts', isPublic: true, sortOrder: 1, description: 'Logins and passwords' } });

    const bad = await addCategory(writer, { name: 'accounts', sortOrder: 'first', description: 'dup <b>x</b>' });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'kb-category-sort')).toBe('Enter the sort order as a whole number (lower comes first).');
    expect(bad.text).toContain('dup &lt;b&gt;x&lt;/b&gt;');
    const dup = await addCategory(writer, { name: 'ACCOUNTS', sortOrder: '3' });
    expect(dup.status).toBe(422);
    expect(fieldError(dup.text, 'kb-category-name')).toBe('Another category already has this name.');
    expect(await categories().count()).toBe(2);
  });

  it('refuses the editing pages to agents without kb.manage (404) but lets them read, internal ones included', async () => {
    await reader.get('/scp/kb/categories/new').expect(404);
    await reader.get('/scp/kb/articles/new').expect(404);
    const token = csrfFrom((await reader.get('/scp/profile/password').expect(200)).text);
    await reader.post('/scp/kb/categories').type('form').send({ _csrf: token, name: 'Sneaky', sortOrder: '0' }).expect(404);
    expect(await categories().countBy({ name: 'Sneaky' })).toBe(0);
    const page = await reader.get('/scp/kb').expect(200);
    expect(page.text).toContain('Runbooks');
    expect(page.text).not.toContain('Add article');
    await request(t.http).get('/scp/kb').expect(303);
  });

  it('saves articles with the body sanitized, the related topics, the files, and a word index', async () => {
    const accounts = await categories().findOneByOrFail({ name: 'Accounts' });
    const runbooks = await categories().findOneByOrFail({ name: 'Runbooks' });
    const res = await addArticle(writer, {
      categoryId: String(accounts.id), title: 'Reset your VPN password',
      body: '<h2>Steps</h2><p onclick="steal()">Open the <a href="javascript:alert(1)">portal</a> and choose <b>Reset</b>.</p><script>alert(1)</script>',
      topicIds: ['1', '4'],
    }, [{ name: 'steps.txt', content: 'step one' }]);
    expect(res.status).toBe(303);
    const article = await articles().findOneByOrFail({ title: 'Reset your VPN password' });
    expect(res.headers.location).toBe(`/scp/kb/articles/${article.id}`);
    expect(article).toMatchObject({ isPublished: true, categoryId: accounts.id });
    expect(article.body).toBe('<h2>Steps</h2><p>Open the <a rel="noopener noreferrer nofollow">portal</a> and choose <b>Reset</b>.</p>');
    expect((await t.dataSource.getRepository(KbArticleTopic).findBy({ articleId: article.id })).map((r) => r.helpTopicId).sort()).toEqual([1, 4]);
    expect((await t.dataSource.getRepository(KbArticleWord).findBy({ articleId: article.id })).map((w) => w.word).sort())
      .toEqual(['choose', 'open', 'password', 'portal', 'reset', 'steps', 'vpn']);
    expect(await t.dataSource.getRepository(KbArticleFile).findBy({ articleId: article.id })).toEqual([expect.objectContaining({ fileName: 'steps.txt', size: 8 })]);

    expect((await addArticle(writer, { categoryId: String(accounts.id), title: 'Printer drafts', body: '<p>Unfinished printer notes</p>', isPublished: '0' })).status).toBe(303);
    expect((await addArticle(admin, { categoryId: String(runbooks.id), title: 'Restart the VPN server', body: '<p>Internal: restart the vpn daemon.</p>' })).status).toBe(303);

    const page = await writer.get(`/scp/kb/articles/${article.id}`).expect(200);
    expect(page.text).toContain('<p>Open the <a rel="noopener noreferrer nofollow">portal</a> and choose <b>Reset</b>.</p>');
    expect(page.text).toContain(`value="http://localhost:3000/kb/articles/${article.id}"`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a bad article with a 422 that keeps what was typed, and writes nothing', async () => {
    const before = await articles().count();
    const res = await addArticle(writer, { categoryId: '999', title: '', body: '<script>only()</script>', topicIds: ['abc'] });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'kb-article-title')).toBe('Title is required.');
    expect(fieldError(res.text, 'kb-article-topics')).toBe('Choose help topics from the list.');
    expect(res.text).toContain('&lt;script&gt;only()&lt;/script&gt;');
    const accounts = await categories().findOneByOrFail({ name: 'Accounts' });
    const empty = await addArticle(writer, { categoryId: String(accounts.id), title: 'Empty', body: '<script>only()</script>' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'kb-article-body')).toBe('The article has no text left once unsafe markup is removed.');
    const wrongCategory = await addArticle(writer, { categoryId: '999', title: 'Nowhere', body: 'text' });
    expect(fieldError(wrongCategory.text, 'kb-article-category')).toBe('Choose a category from the list.');
    expect(await articles().count()).toBe(before);
  });

  it('shows the portal public categories and published articles only; drafts and internal ones are 404', async () => {
    const visitor = request.agent(t.http);
    const home = await visitor.get('/kb').expect(200);
    expect(home.text).toContain('Accounts');
    expect(home.text).not.toContain('Runbooks');
    expect(home.text).toContain('1 article');
    const accounts = await categories().findOneByOrFail({ name: 'Accounts' });
    const runbooks = await categories().findOneByOrFail({ name: 'Runbooks' });
    expect(links((await visitor.get(`/kb/categories/${accounts.id}`).expect(200)).text)).toEqual(['Reset your VPN password']);
    await visitor.get(`/kb/categories/${runbooks.id}`).expect(404);
    const draft = await articles().findOneByOrFail({ title: 'Printer drafts' });
    const internal = await articles().findOneByOrFail({ title: 'Restart the VPN server' });
    await visitor.get(`/kb/articles/${draft.id}`).expect(404);
    await visitor.get(`/kb/articles/${internal.id}`).expect(404);
    await visitor.get('/kb/articles/abc').expect(404);
    const article = await articles().findOneByOrFail({ title: 'Reset your VPN password' });
    const page = await visitor.get(`/kb/articles/${article.id}`).expect(200);
    expect(page.text).toContain('<h2>Steps</h2>');
    expect(page.text).not.toContain('<script>alert(1)</script>');

    const [file] = await t.dataSource.getRepository(KbArticleFile).findBy({ articleId: article.id });
    const download = await visitor.get(`/kb/files/${file.id}`).expect(200);
    expect(download.headers['content-disposition']).toContain('attachment; filename="steps.txt"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.text).toBe('step one');
  });

  it('searches titles and texts by word and prefix: the portal finds public published articles, agents every one', async () => {
    const visitor = request.agent(t.http);
    expect(links((await visitor.get('/kb?q=vpn').expect(200)).text)).toEqual(['Reset your VPN password']);
    expect(links((await visitor.get('/kb?q=passw').expect(200)).text)).toEqual(['Reset your VPN password']);
    const none = await visitor.get('/kb?q=printer').expect(200);
    expect(links(none.text)).toEqual([]);
    expect(none.text).toContain('No articles match.');
    expect((await visitor.get('/kb?q[]=x').expect(200)).text).not.toContain('Results for');

    const staffResults = await writer.get('/scp/kb?q=vpn').expect(200);
    expect(staffResults.text).toContain('Reset your VPN password');
    expect(staffResults.text).toContain('Restart the VPN server');
    expect((await writer.get('/scp/kb?q=printer').expect(200)).text).toContain('Printer drafts');
    await writer.get('/scp/kb?categoryId=x').expect(404);
  });

  it('keeps a category that holds articles (a clear message), deletes an empty one, and deletes articles with their files', async () => {
    const accounts = await categories().findOneByOrFail({ name: 'Accounts' });
    const refused = await postForm(writer, `/scp/kb/categories/${accounts.id}/delete`, {}, `/scp/kb/categories/${accounts.id}`);
    expect(refused.status).toBe(303);
    expect((await writer.get(refused.headers.location).expect(200)).text).toContain('“Accounts” still holds articles: move or delete them first.');
    expect(await categories().countBy({ id: accounts.id })).toBe(1);

    const draft = await articles().findOneByOrFail({ title: 'Printer drafts' });
    expect((await postForm(writer, `/scp/kb/articles/${draft.id}/delete`, {}, `/scp/kb/articles/${draft.id}`)).status).toBe(303);
    expect(await articles().countBy({ id: draft.id })).toBe(0);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'kb.article.deleted', targetId: draft.id })).toBe(1);
    await postForm(reader, `/scp/kb/articles/${draft.id}/delete`, {}, '/scp/kb').then((r) => expect(r.status).toBe(404));
  });
});
