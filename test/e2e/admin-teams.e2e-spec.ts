import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { StaffService } from '../../src/staff/staff.service';
import { TeamMember } from '../../src/teams/team-member.entity';
import { Team } from '../../src/teams/team.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const checkedMembers = (html: string) => [...html.matchAll(/name="memberIds" value="(\d+)" checked/g)].map((m) => Number(m[1]));
const encode = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe(`admin: teams (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const ids: Record<string, number> = {};
  const teams = () => t.dataSource.getRepository(Team);
  const members = async (teamId: number) => (await t.dataSource.getRepository(TeamMember).findBy({ teamId })).map((m) => m.staffId).sort((a, b) => a - b);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const staff = t.app.get(StaffService);
    for (const [username, first, last] of [['john', 'John', 'Doe'], ['jane', 'Jane', 'Roe'], ['max', 'Max', 'Moe']]) {
      ids[username] = (await staff.create({ username, email: `${username}@example.com`, firstName: first, lastName: last, password: `${username}-pass-123`, departmentId: 1, roleId: 1 })).id;
    }
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]> = {}) {
    const token = await formToken(admin, '/scp/admin/teams/new');
    return admin.post(path).type('form').send(encode({ _csrf: token, ...fields }));
  }

  it('creates a team with members and a lead, audited', async () => {
    const res = await post('/scp/admin/teams', { name: ' Escalations ', leadId: String(ids.jane), memberIds: [String(ids.john), String(ids.jane)] });
    expect(res.status).toBe(303);
    const team = await teams().findOneByOrFail({ name: 'Escalations' });
    expect(team).toMatchObject({ leadId: ids.jane, isActive: true });
    expect(await members(team.id)).toEqual([ids.john, ids.jane].sort((a, b) => a - b));
    const page = await admin.get(res.headers.location).expect(200);
    expect(flashes(page.text)).toContain('success: Team “Escalations” created.');
    expect(checkedMembers(page.text).sort()).toEqual([ids.john, ids.jane].sort());
    expect((await audits('team.created'))[0]).toMatchObject({
      targetType: 'team', targetId: team.id, targetLabel: 'Escalations',
      after: { name: 'Escalations', leadId: ids.jane, isActive: true, memberIds: [ids.john, ids.jane].sort((a, b) => a - b) },
    });
  });

  it('lists teams with lead, member and ticket counts, searchable by name', async () => {
    const res = await admin.get('/scp/admin/teams').expect(200);
    const row = /<tr class="team-row">[\s\S]*?>Escalations<\/a>[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(row).toContain('data-label="Lead">Jane Roe<');
    expect(row).toContain('data-label="Members">2<');
    expect(res.text).toContain('>Level I Support</a>');
    const found = await admin.get('/scp/admin/teams').query({ q: 'escal' }).expect(200);
    expect(found.text).toContain('>Escalations</a>');
    expect(found.text).not.toContain('>Level I Support</a>');
    expect((await admin.get('/scp/admin/teams').query({ q: '_' })).text).toContain('No team matches “_”.');
  });

  it('refuses bad input with 422, the typed values kept, and writes nothing', async () => {
    const before = { teams: await teams().count(), audits: await auditCount() };
    const duplicate = await post('/scp/admin/teams', { name: 'level i support', memberIds: [String(ids.max)] });
    expect(duplicate.status).toBe(422);
    expect(fieldError(duplicate.text, 'team-name')).toBe('A team named “level i support” already exists.');
    expect(inputValue(duplicate.text, 'team-name')).toBe('level i support');
    expect(checkedMembers(duplicate.text)).toEqual([ids.max]);

    const missing = await post('/scp/admin/teams', { name: '  ' });
    expect(fieldError(missing.text, 'team-name')).toBe('Enter a name.');

    const badMember = await post('/scp/admin/teams', { name: 'Night shift', memberIds: ['abc'] });
    expect(fieldError(badMember.text, 'team-members')).toBe('Choose members from the list of active agents.');
    const unknownMember = await post('/scp/admin/teams', { name: 'Night shift', memberIds: ['999'] });
    expect(fieldError(unknownMember.text, 'team-members')).toBe('Choose members from the list of active agents.');

    const leadNotMember = await post('/scp/admin/teams', { name: 'Night shift', leadId: String(ids.max), memberIds: [String(ids.john)] });
    expect(leadNotMember.status).toBe(422);
    expect(fieldError(leadNotMember.text, 'team-lead')).toBe('The lead must be one of the team’s members: tick them under Members too.');
    expect(inputValue(leadNotMember.text, 'team-name')).toBe('Night shift');

    expect({ teams: await teams().count(), audits: await auditCount() }).toEqual(before);
  });

  it('refuses to take the lead off the team: choose another lead first', async () => {
    const team = await teams().findOneByOrFail({ name: 'Escalations' });
    const before = await auditCount();
    const res = await post(`/scp/admin/teams/${team.id}`, { name: 'Escalations', leadId: String(ids.jane), memberIds: [String(ids.john)] });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'team-members')).toBe('Jane Roe leads this team and must stay a member. Choose another lead first.');
    expect(checkedMembers(res.text)).toEqual([ids.john]);
    expect(await members(team.id)).toEqual([ids.john, ids.jane].sort((a, b) => a - b));
    expect(await auditCount()).toBe(before);
  });

  it('changes lead and members, auditing what changed; a disabled member may stay but not join', async () => {
    const team = await teams().findOneByOrFail({ name: 'Escalations' });
    const res = await post(`/scp/admin/teams/${team.id}`, { name: 'Escalations', leadId: String(ids.john), memberIds: [String(ids.john), String(ids.max)] });
    expect(res.status).toBe(303);
    expect(await teams().findOneByOrFail({ id: team.id })).toMatchObject({ leadId: ids.john });
    expect(await members(team.id)).toEqual([ids.john, ids.max].sort((a, b) => a - b));
    const [updated] = await audits('team.updated');
    expect(updated).toMatchObject({
      targetId: team.id,
      before: { leadId: ids.jane, memberIds: [ids.john, ids.jane].sort((a, b) => a - b) },
      after: { leadId: ids.john, memberIds: [ids.john, ids.max].sort((a, b) => a - b) },
    });

    await t.dataSource.query('UPDATE staff SET is_active = ? WHERE id IN (?, ?)', [false, ids.max, ids.jane]);
    const page = await admin.get(`/scp/admin/teams/${team.id}`).expect(200);
    expect(page.text).toContain('Max Moe (disabled)');
    const keep = await post(`/scp/admin/teams/${team.id}`, { name: 'Escalations', leadId: String(ids.john), memberIds: [String(ids.john), String(ids.max)] });
    expect(keep.status).toBe(303);
    const join = await post(`/scp/admin/teams/${team.id}`, { name: 'Escalations', leadId: String(ids.john), memberIds: [String(ids.john), String(ids.max), String(ids.jane)] });
    expect(join.status).toBe(422);
    expect(fieldError(join.text, 'team-members')).toBe('Choose members from the list of active agents.');
    await t.dataSource.query('UPDATE staff SET is_active = ? WHERE id IN (?, ?)', [true, ids.max, ids.jane]);
  });

  it('disables and enables a team, audited', async () => {
    const team = await teams().findOneByOrFail({ name: 'Escalations' });
    expect((await post(`/scp/admin/teams/${team.id}/disable`)).status).toBe(303);
    expect((await teams().findOneByOrFail({ id: team.id })).isActive).toBe(false);
    expect((await admin.get('/scp/admin/teams')).text).toMatch(/<tr class="team-row is-disabled">[\s\S]*?>Escalations<\/a>/);
    expect((await post(`/scp/admin/teams/${team.id}/enable`)).status).toBe(303);
    expect((await teams().findOneByOrFail({ id: team.id })).isActive).toBe(true);
    expect((await audits('team.disabled'))[0]).toMatchObject({ targetId: team.id, after: { isActive: false } });
    expect((await audits('team.enabled'))[0]).toMatchObject({ targetId: team.id, after: { isActive: true } });
  });

  it('refuses to delete a team with assigned tickets, and deletes one without, memberships and all', async () => {
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen', phone: null, topicId: 1, subject: 'Mobile banking is down', message: 'Help', source: 'web', uploads: [],
    });
    await t.dataSource.query('UPDATE tickets SET team_id = 1 WHERE id = ?', [ticket.id]);
    const before = await auditCount();
    const refused = await post('/scp/admin/teams/1/delete');
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe('/scp/admin/teams/1');
    expect(flashes((await admin.get('/scp/admin/teams/1')).text))
      .toContain('error: The team “Level I Support” still has 1 ticket assigned; reassign it first or disable the team instead.');
    expect(await teams().countBy({ id: 1 })).toBe(1);
    expect(await auditCount()).toBe(before);

    const team = await teams().findOneByOrFail({ name: 'Escalations' });
    const deleted = await post(`/scp/admin/teams/${team.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.location).toBe('/scp/admin/teams');
    expect(await teams().countBy({ id: team.id })).toBe(0);
    expect(await members(team.id)).toEqual([]);
    expect((await audits('team.deleted'))[0]).toMatchObject({ targetId: team.id, before: { name: 'Escalations', memberIds: [ids.john, ids.max].sort((a, b) => a - b) } });
  });

  it('answers 404 for a team that does not exist, and to agents who are not admins', async () => {
    await admin.get('/scp/admin/teams/999').expect(404);
    await admin.get('/scp/admin/teams/0').expect(404);
    expect((await post('/scp/admin/teams/999', { name: 'Ghosts' })).status).toBe(404);

    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    await john.get('/scp/admin/teams').expect(404);
    await john.get('/scp/admin/teams/1').expect(404);
    const before = await auditCount();
    for (const path of ['/scp/admin/teams', '/scp/admin/teams/1', '/scp/admin/teams/1/disable', '/scp/admin/teams/1/delete']) {
      await john.post(path).type('form').send(encode({ _csrf: token, name: 'Hijacked', memberIds: [String(ids.john)] })).expect(404);
    }
    expect(await teams().countBy({ name: 'Hijacked' })).toBe(0);
    expect(await auditCount()).toBe(before);
  });
});
