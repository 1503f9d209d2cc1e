import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { StaffService } from '../../src/staff/staff.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe(`staff panel: organizations (${testDbKind})`, () => {
  let t: TestApp;
  let alice: Agent;
  const orgs = () => t.dataSource.getRepository(Organization);
  const users = () => t.dataSource.getRepository(User);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const counts = async () => ({ orgs: await orgs().count(), audits: await t.dataSource.getRepository(AuditEvent).count() });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    // A plain agent (not an admin): organizations are every agent's work, as in osTicket.
    await t.app.get(StaffService).create({ username: 'alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'Agent', password: 'alice-pass-123', departmentId: 2, roleId: 3 });
    alice = await loginAgent(t.http, 'alice', 'alice-pass-123');
  });
  afterAll(() => t?.close());

  async function post(path: string, fields: Record<string, string>) {
    const token = await formToken(alice, '/scp/organizations/new');
    return alice.post(path).type('form').send({ _csrf: token, ...fields });
  }

  it('creates an organization with normalized domains, audited, and lists it', async () => {
    const res = await post('/scp/organizations', { name: ' Acme Corp ', domains: 'ACME.com, @acme.org acme.com', sharing: 'all', notes: 'Key account' });
    expect(res.status).toBe(303);
    const org = await orgs().findOneByOrFail({ name: 'Acme Corp' });
    expect(org).toMatchObject({ domains: 'acme.com,acme.org', sharing: 'all', notes: 'Key account' });
    expect(res.headers.location).toBe(`/scp/organizations/${org.id}`);
    const page = await alice.get(res.headers.location).expect(200);
    expect(flashes(page.text)).toContain('success: Organization “Acme Corp” created.');
    expect(page.text).toContain('No members yet.');
    expect((await audits('organization.created'))[0]).toMatchObject({ targetType: 'organization', targetId: org.id, after: { name: 'Acme Corp', domains: 'acme.com,acme.org', sharing: 'all' } });

    const list = await alice.get('/scp/organizations').expect(200);
    expect(list.text).toContain(`<a href="/scp/organizations/${org.id}">Acme Corp</a>`);
    expect(list.text).toContain('acme.com, acme.org');
    expect((await alice.get('/scp/organizations?q=acm').expect(200)).text).toContain('Acme Corp');
    expect((await alice.get('/scp/organizations?q=zzz').expect(200)).text).toContain('No organization&#x27;s name starts with');
  });

  it.each([
    ['no name', { name: '  ', domains: '', sharing: 'none' }, 'org-name', 'Enter a name.'],
    ['a taken name (any case)', { name: 'ACME CORP', domains: '', sharing: 'none' }, 'org-name', 'Another organization has this name.'],
    ['a bad domain', { name: 'Beta', domains: 'beta.com, not a domain', sharing: 'none' }, 'org-domains', '“not” is not an email domain (like example.com).'],
    ['a domain another organization lists', { name: 'Beta', domains: 'Acme.org', sharing: 'none' }, 'org-domains', 'The domain acme.org is already listed by Acme Corp.'],
  ])('refuses %s with a 422 re-render, input kept, nothing written', async (_case, fields, id, message) => {
    const before = await counts();
    const res = await post('/scp/organizations', fields);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, id)).toBe(message);
    expect(inputValue(res.text, 'org-name')).toBe(fields.name);
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown sharing value', async () => {
    const before = await counts();
    const res = await post('/scp/organizations', { name: 'Gamma', domains: '', sharing: 'everyone' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose who sees the organization&#x27;s tickets.');
    expect(await counts()).toEqual(before);
  });

  it('puts new users whose email domain is listed into the organization, on every path that creates users', async () => {
    const org = await orgs().findOneByOrFail({ name: 'Acme Corp' });
    // The portal (and API) path: intake creates the user.
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'Wile@ACME.org', name: 'Wile E.', phone: null, topicId: 1, subject: 'Rocket skates', message: 'They backfire.', source: 'web', uploads: [],
    });
    expect(await users().findOneByOrFail({ id: ticket.userId })).toMatchObject({ email: 'wile@acme.org', organizationId: org.id });
    // Any other caller of findOrCreate (mail, filters).
    const other = await t.app.get(UsersService).findOrCreate({ email: 'road@runner.com', name: 'Road Runner' });
    expect(other.organizationId).toBeNull();
    // CASE: only the exact domain: a subdomain or a longer domain ending the same way does not join.
    expect((await t.app.get(UsersService).findOrCreate({ email: 'x@mail.acme.com', name: 'Sub' })).organizationId).toBeNull();
    expect((await t.app.get(UsersService).findOrCreate({ email: 'y@notacme.com', name: 'Not' })).organizationId).toBeNull();
  });

  it('edits an organization, audited with the changed fields only; bad input keeps the row', async () => {
    const org = await orgs().findOneByOrFail({ name: 'Acme Corp' });
    const bad = await post(`/scp/organizations/${org.id}`, { name: 'Acme Corp', domains: 'acme', sharing: 'none', notes: '' });
    expect(bad.status).toBe(422);
    expect(await orgs().findOneByOrFail({ id: org.id })).toMatchObject({ domains: 'acme.com,acme.org', sharing: 'all' });

    const res = await post(`/scp/organizations/${org.id}`, { name: 'Acme Corporation', domains: 'acme.com, acme.org', sharing: 'none', notes: 'Key account' });
    expect(res.status).toBe(303);
    expect(await orgs().findOneByOrFail({ id: org.id })).toMatchObject({ name: 'Acme Corporation', sharing: 'none' });
    const [audit] = await audits('organization.updated');
    expect(audit).toMatchObject({ before: { name: 'Acme Corp', sharing: 'all' }, after: { name: 'Acme Corporation', sharing: 'none' } });
    expect(Object.keys(audit.after!).sort()).toEqual(['name', 'sharing']);
  });

  it('adds and removes members by email; an unknown email is a 422 with nothing written', async () => {
    const org = await orgs().findOneByOrFail({ name: 'Acme Corporation' });
    const runner = await users().findOneByOrFail({ email: 'road@runner.com' });

    const unknown = await post(`/scp/organizations/${org.id}/members`, { email: 'nobody@example.com' });
    expect(unknown.status).toBe(422);
    expect(fieldError(unknown.text, 'member-email')).toBe('No user has this email address. Create the user first.');
    expect(inputValue(unknown.text, 'member-email')).toBe('nobody@example.com');
    const empty = await post(`/scp/organizations/${org.id}/members`, { email: '' });
    expect(empty.status).toBe(422);
    expect(await audits('organization.member_added')).toHaveLength(0);

    const added = await post(`/scp/organizations/${org.id}/members`, { email: 'ROAD@runner.com' });
    expect(added.status).toBe(303);
    expect((await users().findOneByOrFail({ id: runner.id })).organizationId).toBe(org.id);
    const page = await alice.get(`/scp/organizations/${org.id}`).expect(200);
    expect(flashes(page.text)).toContain('success: Road Runner added to the organization.');
    expect(page.text).toContain('road@runner.com');
    expect(page.text).toContain('wile@acme.org');
    expect((await audits('organization.member_added'))[0]).toMatchObject({ targetId: org.id, after: { userId: runner.id, organizationId: org.id } });

    const again = await post(`/scp/organizations/${org.id}/members`, { email: 'road@runner.com' });
    expect(again.status).toBe(422);
    expect(fieldError(again.text, 'member-email')).toBe('Road Runner is already a member.');

    const removed = await post(`/scp/organizations/${org.id}/members/${runner.id}/remove`, {});
    expect(removed.status).toBe(303);
    expect((await users().findOneByOrFail({ id: runner.id })).organizationId).toBeNull();
    expect(await audits('organization.member_removed')).toHaveLength(1);
    // Removing someone who is not a member: 404, nothing written.
    expect((await post(`/scp/organizations/${org.id}/members/${runner.id}/remove`, {})).status).toBe(404);
    expect(await audits('organization.member_removed')).toHaveLength(1);
  });

  it('deletes an organization after confirmation; its members stay users', async () => {
    const org = await orgs().findOneByOrFail({ name: 'Acme Corporation' });
    const page = await alice.get(`/scp/organizations/${org.id}`).expect(200);
    expect(page.text).toContain(`action="/scp/organizations/${org.id}/delete" data-confirm="Delete the organization “Acme Corporation”? Its members stay users."`);
    expect((await alice.get(`/scp/organizations/${org.id}/delete`)).status).toBe(404); // no change on GET
    const res = await post(`/scp/organizations/${org.id}/delete`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/organizations');
    expect(await orgs().findOneBy({ id: org.id })).toBeNull();
    expect(await users().findOneByOrFail({ email: 'wile@acme.org' })).toMatchObject({ organizationId: null });
    expect((await audits('organization.deleted'))[0]).toMatchObject({ targetId: org.id, before: { name: 'Acme Corporation' } });
    expect((await alice.get(`/scp/organizations/${org.id}`)).status).toBe(404);
  });

  it('pages the list by name', async () => {
    for (let i = 0; i < 27; i++) await post('/scp/organizations', { name: `Org ${String(i).padStart(2, '0')}`, domains: '', sharing: 'none' });
    const first = await alice.get('/scp/organizations').expect(200);
    expect(first.text).toContain('>Org 00<');
    expect(first.text).not.toContain('>Org 26<');
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const second = await alice.get(next).expect(200);
    expect(second.text).toContain('>Org 26<');
    expect(second.text).not.toContain('>Org 00<');
  });
});
