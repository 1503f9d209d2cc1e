import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Clock } from '../../src/common/clock';
import { Department } from '../../src/departments/department.entity';
import { ScheduleHoliday } from '../../src/sla/schedule-holiday.entity';
import { Schedule } from '../../src/sla/schedule.entity';
import { SlaPlan } from '../../src/sla/sla-plan.entity';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type Fields = Record<string, string | string[]>;

const unescape = (text: string | undefined) => text?.replace(/&quot;/g, '"');
const fieldError = (html: string, id: string) => unescape(new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1]);
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const encode = (fields: Fields) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const rowErrors = (html: string) => [...html.matchAll(/<p class="field-error" id="(?:hours|holiday)-\d+-error">([^<]*)<\/p>/g)].map((m) => unescape(m[1]));

describe(`admin: SLA plans and schedules (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const plans = () => t.dataSource.getRepository(SlaPlan);
  const schedules = () => t.dataSource.getRepository(Schedule);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const counts = async () => ({
    plans: await plans().count(), schedules: await schedules().count(),
    holidays: await t.dataSource.getRepository(ScheduleHoliday).count(), audits: await t.dataSource.getRepository(AuditEvent).count(),
  });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    // A fixed "now" in 2026, so the US holiday preset covers 2026 and 2027.
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date('2026-11-23T15:00:00Z'));
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t?.close());

  async function post(path: string, fields: Fields = {}) {
    const token = await formToken(admin, '/scp/admin/sla/new');
    return admin.post(path).type('form').send(encode({ _csrf: token, ...fields }));
  }

  describe('SLA plans', () => {
    const plan = (fields: Partial<Record<'name' | 'firstResponseHours' | 'resolutionHours' | 'scheduleId', string>> & { alerts?: boolean; active?: boolean; isDefault?: boolean } = {}): Fields => ({
      name: '', firstResponseHours: '', resolutionHours: '', scheduleId: '', ...Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string')),
      alertsEnabled: fields.alerts === false ? '0' : ['0', '1'], isActive: fields.active === false ? '0' : ['0', '1'], isDefault: fields.isDefault ? ['0', '1'] : '0',
    });

    it('lists the plans with their targets, hours and use, and searches by name', async () => {
      const res = await admin.get('/scp/admin/sla').expect(200);
      const row = /<tr class="sla-plan-row">[\s\S]*?<\/tr>/.exec(res.text)![0];
      expect(row).toContain('>Default SLA</a> <span class="badge badge-ok">Default</span>');
      expect(row).toContain('<td data-label="Resolution">18 h</td>');
      expect(row).toContain('<td data-label="Hours">Monday - Friday 8am - 5pm with U.S. Holidays</td>');
      expect(row).toContain('2 help topics and 1 department');
      expect((await admin.get('/scp/admin/sla').query({ q: 'default' }).expect(200)).text).toContain('>Default SLA</a>');
      expect((await admin.get('/scp/admin/sla').query({ q: '%' }).expect(200)).text).toContain('No SLA plan matches “%”.');
    });

    it('creates a plan (the new default), audited; the old default loses its flag', async () => {
      const res = await post('/scp/admin/sla', plan({ name: ' Priority ', firstResponseHours: '2', resolutionHours: '8', scheduleId: '1', isDefault: true }));
      expect(res.status).toBe(303);
      const row = await plans().findOneByOrFail({ name: 'Priority' });
      expect(row).toMatchObject({ firstResponseHours: 2, resolutionHours: 8, scheduleId: 1, alertsEnabled: true, isActive: true, isDefault: true });
      expect(res.headers.location).toBe(`/scp/admin/sla/${row.id}`);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text)).toContain('success: SLA plan “Priority” created.');
      expect((await plans().findOneByOrFail({ id: 1 })).isDefault).toBe(false);
      const [created] = await audits('sla_plan.created');
      expect(created).toMatchObject({ targetType: 'sla_plan', targetId: row.id, targetLabel: 'Priority' });
      expect(created.after).toMatchObject({ name: 'Priority', firstResponseHours: 2, resolutionHours: 8, scheduleId: 1, isDefault: true });
      const [unflagged] = await audits('sla_plan.updated');
      expect(unflagged).toMatchObject({ targetId: 1, before: { isDefault: true }, after: { isDefault: false } });

      const calendar = await post('/scp/admin/sla', plan({ name: 'Calendar day', resolutionHours: '24', alerts: false }));
      expect(calendar.status).toBe(303);
      expect(await plans().findOneByOrFail({ name: 'Calendar day' })).toMatchObject({ firstResponseHours: null, scheduleId: null, alertsEnabled: false, isDefault: false });
    });

    it.each([
      ['a missing name', { name: '', resolutionHours: '8' }, 'sla-name', 'Enter a name.'],
      ['a taken name', { name: 'Default SLA', resolutionHours: '8' }, 'sla-name', 'An SLA plan named “Default SLA” already exists.'],
      ['a missing resolution target', { name: 'X' }, 'sla-resolution', 'Enter the resolution target in hours.'],
      ['a zero resolution target', { name: 'X', resolutionHours: '0' }, 'sla-resolution', 'Must be a whole number of hours from 1 to 8760.'],
      ['a negative resolution target', { name: 'X', resolutionHours: '-5' }, 'sla-resolution', 'Must be a whole number of hours from 1 to 8760.'],
      ['a negative first-response target', { name: 'X', firstResponseHours: '-1', resolutionHours: '8' }, 'sla-first-response', 'Must be a whole number of hours from 1 to 8760.'],
      ['a first response longer than the resolution', { name: 'X', firstResponseHours: '9', resolutionHours: '8' }, 'sla-first-response', 'The first-response target cannot be longer than the resolution target.'],
      ['hours that are not whole', { name: 'X', resolutionHours: '1.5' }, 'sla-resolution', 'Enter a whole number of hours.'],
      ['an unknown schedule', { name: 'X', resolutionHours: '8', scheduleId: '999' }, 'sla-schedule', 'Choose a schedule from the list, or calendar hours.'],
      ['a malformed schedule id', { name: 'X', resolutionHours: '8', scheduleId: 'one' }, 'sla-schedule', 'Choose a schedule from the list, or calendar hours.'],
    ])('refuses %s with 422, the typed values kept and nothing written', async (_case, fields: Record<string, string>, id, message) => {
      const before = await counts();
      const res = await post('/scp/admin/sla', plan(fields));
      expect(res.status).toBe(422);
      expect(fieldError(res.text, id)).toBe(message);
      expect(inputValue(res.text, 'sla-resolution')).toBe(fields.resolutionHours ?? '');
      expect(await counts()).toEqual(before);
    });

    it('refuses a disabled default, new or existing', async () => {
      const before = await counts();
      const disabledDefault = await post('/scp/admin/sla', plan({ name: 'Off', resolutionHours: '8', active: false, isDefault: true }));
      expect(disabledDefault.status).toBe(422);
      expect(fieldError(disabledDefault.text, 'sla-default')).toBe('A disabled plan cannot be the default; enable it first.');
      const current = await plans().findOneByOrFail({ isDefault: true });
      const disablingDefault = await post(`/scp/admin/sla/${current.id}`, plan({ name: current.name, resolutionHours: String(current.resolutionHours), active: false, isDefault: true }));
      expect(disablingDefault.status).toBe(422);
      expect(fieldError(disablingDefault.text, 'sla-default')).toBe('A disabled plan cannot be the default; enable it first.');
      expect(await counts()).toEqual(before);
    });

    it('updates a plan, audited with the changed fields only', async () => {
      const row = await plans().findOneByOrFail({ name: 'Calendar day' });
      const res = await post(`/scp/admin/sla/${row.id}`, plan({ name: 'Calendar day', firstResponseHours: '4', resolutionHours: '24', active: false, alerts: false }));
      expect(res.status).toBe(303);
      expect(await plans().findOneByOrFail({ id: row.id })).toMatchObject({ firstResponseHours: 4, isActive: false });
      const updates = await audits('sla_plan.updated');
      expect(updates[updates.length - 1]).toMatchObject({ targetId: row.id, before: { firstResponseHours: null, isActive: true }, after: { firstResponseHours: 4, isActive: false } });
      expect((await admin.get(`/scp/admin/sla/${row.id}`).expect(200)).text).toContain('value="4"');
    });

    it('refuses to delete a plan still in use, naming what uses it; deletes it once unused', async () => {
      const row = await plans().findOneByOrFail({ name: 'Calendar day' });
      await t.dataSource.getRepository(Department).update({ id: 3 }, { slaPlanId: row.id });
      const before = await counts();
      const refused = await post(`/scp/admin/sla/${row.id}/delete`);
      expect(refused.status).toBe(303);
      expect(refused.headers.location).toBe(`/scp/admin/sla/${row.id}`);
      expect(flashes((await admin.get(refused.headers.location)).text)).toContain('error: The SLA plan “Calendar day” is still used by 1 department; change them first or disable it instead.');
      expect(await counts()).toEqual(before);

      await t.dataSource.getRepository(Department).update({ id: 3 }, { slaPlanId: null });
      const deleted = await post(`/scp/admin/sla/${row.id}/delete`);
      expect(deleted.headers.location).toBe('/scp/admin/sla');
      expect(await plans().findOneBy({ id: row.id })).toBeNull();
      const [audit] = await audits('sla_plan.deleted');
      expect(audit).toMatchObject({ targetId: row.id, targetLabel: 'Calendar day', before: { name: 'Calendar day', resolutionHours: 24 } });
      await admin.get('/scp/admin/sla/999').expect(404);
      expect((await post('/scp/admin/sla/999/delete')).status).toBe(404);
    });
  });

  describe('SLA preview', () => {
    const intervals = (html: string) => [...html.matchAll(/<tr class="preview-interval"><td data-label="From">([^<]*)<\/td><td data-label="To">([^<]*)<\/td><td data-label="Counts">([^<]*)<\/td><td data-label="Total">([^<]*)<\/td><\/tr>/g)]
      .map((m) => m.slice(1).join(' | '));

    it('starts with the default plan and now, in its schedule\'s zone', async () => {
      const res = await admin.get('/scp/admin/sla/preview').expect(200);
      const priority = await plans().findOneByOrFail({ name: 'Priority' });
      expect(res.text).toMatch(new RegExp(`<option value="${priority.id}" selected>Priority</option>`));
      expect(inputValue(res.text, 'preview-start')).toBe('2026-11-23T10:00');
      expect(inputValue(res.text, 'preview-timezone')).toBe('America/New_York');
    });

    it('shows the due times of a Friday 16:00 start and the business hours that counted', async () => {
      const res = await admin.get('/scp/admin/sla/preview').query({ planId: '1', start: '2026-12-04T16:00', timezone: 'America/New_York' }).expect(200);
      expect(res.text).toContain('<time class="preview-resolution" datetime="2026-12-08T21:00:00.000Z">Tue 8 Dec 2026, 16:00</time>');
      expect(intervals(res.text)).toEqual([
        'Fri 4 Dec 2026, 16:00 | Fri 4 Dec 2026, 17:00 | 1 h | 1 h',
        'Mon 7 Dec 2026, 08:00 | Mon 7 Dec 2026, 17:00 | 9 h | 10 h',
        'Tue 8 Dec 2026, 08:00 | Tue 8 Dec 2026, 16:00 | 8 h | 18 h',
      ]);

      const priority = await plans().findOneByOrFail({ name: 'Priority' });
      // Shown in another zone: the same instants, Berlin's wall clock; a 2 h first response lands on Monday 9:00 New York.
      const berlin = await admin.get('/scp/admin/sla/preview').query({ planId: String(priority.id), start: '2026-12-04T22:00', timezone: 'Europe/Berlin' }).expect(200);
      expect(berlin.text).toContain('<time class="preview-first-response" datetime="2026-12-07T14:00:00.000Z">Mon 7 Dec 2026, 15:00</time>');
      expect(berlin.text).toContain('<time class="preview-resolution" datetime="2026-12-07T20:00:00.000Z">Mon 7 Dec 2026, 21:00</time>');
      expect(intervals(berlin.text)).toEqual([
        'Fri 4 Dec 2026, 22:00 | Fri 4 Dec 2026, 23:00 | 1 h | 1 h',
        'Mon 7 Dec 2026, 14:00 | Mon 7 Dec 2026, 21:00 | 7 h | 8 h',
      ]);
    });

    it('counts calendar hours across a weekend for a plan without a schedule', async () => {
      const calendar = await plans().save({ name: 'Two days', firstResponseHours: null, resolutionHours: 48, scheduleId: null, alertsEnabled: true, isActive: true, isDefault: false });
      const res = await admin.get('/scp/admin/sla/preview').query({ planId: String(calendar.id), start: '2026-12-04T16:00', timezone: 'UTC' }).expect(200);
      expect(res.text).toContain('Counted in calendar hours');
      expect(res.text).toContain('>Sun 6 Dec 2026, 16:00</time>');
      expect(intervals(res.text)).toEqual(['Fri 4 Dec 2026, 16:00 | Sun 6 Dec 2026, 16:00 | 48 h | 48 h']);
      await plans().delete({ id: calendar.id });
    });

    it.each([
      ['an unknown time zone', { planId: '1', start: '2026-12-04T16:00', timezone: 'Mars/Olympus' }, 'preview-timezone', 'Unknown time zone "Mars/Olympus"; use an IANA name such as America/New_York.'],
      ['a start that is not a date', { planId: '1', start: 'friday', timezone: 'UTC' }, 'preview-start', 'Enter a start date and time, like 2026-11-27 16:00.'],
      ['a date that does not exist', { planId: '1', start: '2026-02-30T10:00', timezone: 'UTC' }, 'preview-start', 'Enter a real date and time, like 2026-11-27 16:00.'],
      ['an unknown plan', { planId: '999', start: '2026-12-04T16:00', timezone: 'UTC' }, 'preview-plan', 'Choose an SLA plan from the list.'],
    ])('answers %s with 422 and the message', async (_case, query, id, message) => {
      const res = await admin.get('/scp/admin/sla/preview').query(query).expect(422);
      expect(fieldError(res.text, id)).toBe(message);
      expect(res.text).not.toContain('preview-interval');
    });
  });

  describe('schedules', () => {
    const schedule = (fields: { name?: string; timezone?: string; hours?: [string, string, string][]; holidays?: [string, string, string, string, string][] }): Fields => {
      const hours = fields.hours ?? [];
      const holidays = fields.holidays ?? [];
      return {
        name: fields.name ?? '', timezone: fields.timezone ?? 'America/New_York',
        weekday: hours.map((h) => h[0]), start: hours.map((h) => h[1]), end: hours.map((h) => h[2]),
        holidayName: holidays.map((h) => h[0]), holidayDate: holidays.map((h) => h[1]), holidayRepeat: holidays.map((h) => h[2]),
        holidayStart: holidays.map((h) => h[3]), holidayEnd: holidays.map((h) => h[4]),
      };
    };

    it('lists the schedules with their hours, holidays and plans', async () => {
      const res = await admin.get('/scp/admin/schedules').expect(200);
      const row = /<tr class="schedule-row">[\s\S]*?<\/tr>/.exec(res.text)![0];
      expect(row).toContain('>Monday - Friday 8am - 5pm with U.S. Holidays</a>');
      expect(row).toContain('<td data-label="Working hours">Mon-Fri 08:00-17:00</td>');
      expect(row).toContain('<td data-label="SLA plans">2</td>');
      expect((await admin.get('/scp/admin/schedules').query({ q: 'nothing' }).expect(200)).text).toContain('No schedule matches “nothing”.');
    });

    it('creates schedules from the presets, audited, with a fresh name when one is taken', async () => {
      const res = await post('/scp/admin/schedules/preset', { preset: '24/7' });
      expect(res.status).toBe(303);
      const allWeek = await schedules().findOneByOrFail({ name: '24/7' });
      expect(allWeek).toMatchObject({ timezone: 'UTC' });
      expect(allWeek.weeklyHours).toHaveLength(7);
      expect(res.headers.location).toBe(`/scp/admin/schedules/${allWeek.id}`);
      const [audit] = await audits('schedule.created');
      expect(audit).toMatchObject({ targetId: allWeek.id, targetLabel: '24/7', after: { name: '24/7', timezone: 'UTC', preset: '24/7' } });

      expect((await post('/scp/admin/schedules/preset', { preset: '24/7' })).status).toBe(303);
      expect(await schedules().findOneBy({ name: '24/7 (2)' })).not.toBeNull();

      expect((await post('/scp/admin/schedules/preset', { preset: '24/5' })).status).toBe(303);
      expect((await schedules().findOneByOrFail({ name: '24/5' })).weeklyHours.map((h) => h.weekday)).toEqual([1, 2, 3, 4, 5]);

      const us = await post('/scp/admin/schedules/preset', { preset: 'us-business-hours' });
      const usRow = await schedules().findOneByOrFail({ name: 'Mon-Fri 8-17 with US holidays' });
      expect(usRow.timezone).toBe('America/New_York');
      const holidays = await t.dataSource.getRepository(ScheduleHoliday).find({ where: { scheduleId: usRow.id }, order: { date: 'ASC' } });
      // 5 fixed-date holidays once (yearly) + 6 floating ones for 2026 and 2027.
      expect(holidays).toHaveLength(17);
      expect(holidays.filter((h) => h.isYearly).map((h) => h.name)).toEqual(["New Year's Day", 'Juneteenth', 'Independence Day', 'Veterans Day', 'Christmas Day']);
      expect(holidays.find((h) => h.name === 'Thanksgiving Day' && h.date.startsWith('2027'))?.date).toBe('2027-11-25');
      const page = await admin.get(us.headers.location).expect(200);
      expect(page.text).toContain('value="Thanksgiving Day"');

      const before = await counts();
      expect((await post('/scp/admin/schedules/preset', { preset: '24/6' })).status).toBe(422);
      expect(await counts()).toEqual(before);
    });

    it('creates a schedule with split days and whole, partial and yearly holidays; the zone spelled canonically', async () => {
      const res = await post('/scp/admin/schedules', schedule({
        name: 'Berlin office', timezone: 'europe/berlin',
        hours: [['1', '08:00', '12:00'], ['1', '13:00', '17:00'], ['', '', ''], ['6', '9', '12:30']],
        holidays: [['Christmas Eve', '2026-12-24', 'once', '12:00', '24:00'], ['New Year', '2027-01-01', 'yearly', '', ''], ['', '', 'once', '', '']],
      }));
      expect(res.status).toBe(303);
      const row = await schedules().findOneByOrFail({ name: 'Berlin office' });
      expect(row.timezone).toBe('Europe/Berlin');
      expect(row.weeklyHours).toEqual([
        { weekday: 1, startMinute: 480, endMinute: 720 }, { weekday: 1, startMinute: 780, endMinute: 1020 }, { weekday: 6, startMinute: 540, endMinute: 750 },
      ]);
      const holidays = await t.dataSource.getRepository(ScheduleHoliday).find({ where: { scheduleId: row.id }, order: { date: 'ASC' } });
      expect(holidays.map((h) => [h.name, h.date, h.isYearly, h.startMinute, h.endMinute])).toEqual([
        ['Christmas Eve', '2026-12-24', false, 720, 1440], ['New Year', '2027-01-01', true, null, null],
      ]);
      const audit = (await audits('schedule.created')).find((a) => a.targetId === row.id)!;
      expect(audit.after).toMatchObject({ name: 'Berlin office', timezone: 'Europe/Berlin', holidays: [{ name: 'Christmas Eve', startMinute: 720 }, { name: 'New Year', isYearly: true }] });
      const page = await admin.get(res.headers.location).expect(200);
      expect(inputValue(page.text, 'hours-1-start')).toBe('13:00');
      expect(inputValue(page.text, 'holiday-0-end')).toBe('24:00');
    });

    it.each([
      ['no working hours', { name: 'Empty', hours: [['', '', ''], ['', '', '']] as [string, string, string][] }, 'The schedule has no working hours; add at least one window.'],
      ['overlapping windows', { name: 'Overlap', hours: [['1', '08:00', '12:00'], ['', '', ''], ['1', '11:00', '13:00']] as [string, string, string][] }, 'Overlaps another window on Monday.'],
      ['reversed hours', { name: 'Reversed', hours: [['2', '17:00', '08:00']] as [string, string, string][] }, 'Start must be before end; a window cannot cross midnight.'],
      ['a time that is not one', { name: 'Bad time', hours: [['2', '25:00', '26:00']] as [string, string, string][] }, 'Enter the start and end as times like 08:00 and 17:00 (24:00 for midnight).'],
      ['a window without a weekday', { name: 'No day', hours: [['', '08:00', '17:00']] as [string, string, string][] }, 'Choose a weekday.'],
      ['an unknown time zone', { name: 'Mars', timezone: 'Mars/Olympus', hours: [['1', '08:00', '17:00']] as [string, string, string][] }, 'Unknown time zone "Mars/Olympus"; use an IANA name such as America/New_York.'],
      ['a holiday on a date that does not exist', { name: 'Bad holiday', hours: [['1', '08:00', '17:00']] as [string, string, string][], holidays: [['Leap', '2026-02-30', 'once', '', '']] as [string, string, string, string, string][] }, 'Date must be a real date written YYYY-MM-DD.'],
      ['a holiday without a name', { name: 'Nameless', hours: [['1', '08:00', '17:00']] as [string, string, string][], holidays: [['', '2026-12-24', 'once', '', '']] as [string, string, string, string, string][] }, 'Name is required.'],
      ['a partial holiday without an end', { name: 'Half', hours: [['1', '08:00', '17:00']] as [string, string, string][], holidays: [['Eve', '2026-12-24', 'once', '12:00', '']] as [string, string, string, string, string][] }, 'A partial holiday needs both a start and an end.'],
      ['a reversed partial holiday', { name: 'Backwards', hours: [['1', '08:00', '17:00']] as [string, string, string][], holidays: [['Eve', '2026-12-24', 'once', '17:00', '12:00']] as [string, string, string, string, string][] }, 'End must be after start.'],
      ['a taken name', { name: 'Berlin office', hours: [['1', '08:00', '17:00']] as [string, string, string][] }, 'A schedule named “Berlin office” already exists.'],
      ['a missing name', { name: '', hours: [['1', '08:00', '17:00']] as [string, string, string][] }, 'Enter a name.'],
    ])('refuses %s with 422, the message beside it, the typed rows kept and nothing saved', async (_case, fields, message) => {
      const before = await counts();
      const res = await post('/scp/admin/schedules', schedule(fields));
      expect(res.status).toBe(422);
      const messages = [fieldError(res.text, 'schedule-name'), fieldError(res.text, 'schedule-timezone'), fieldError(res.text, 'schedule-hours'), ...rowErrors(res.text)];
      expect(messages).toContain(message);
      expect(inputValue(res.text, 'schedule-name')).toBe(fields.name);
      const typed = (fields.hours ?? []).find((h) => h[1] !== '');
      if (typed) expect(res.text).toContain(`value="${typed[1]}"`);
      expect(await counts()).toEqual(before);
    });

    it('updates a schedule and its holidays, audited with the changes', async () => {
      const row = await schedules().findOneByOrFail({ name: 'Berlin office' });
      const res = await post(`/scp/admin/schedules/${row.id}`, schedule({
        name: 'Berlin office', timezone: 'Europe/Berlin', hours: [['1', '09:00', '17:00'], ['2', '09:00', '17:00']], holidays: [['New Year', '2027-01-01', 'yearly', '', '']],
      }));
      expect(res.status).toBe(303);
      expect((await schedules().findOneByOrFail({ id: row.id })).weeklyHours).toEqual([
        { weekday: 1, startMinute: 540, endMinute: 1020 }, { weekday: 2, startMinute: 540, endMinute: 1020 },
      ]);
      expect(await t.dataSource.getRepository(ScheduleHoliday).countBy({ scheduleId: row.id })).toBe(1);
      const [audit] = await audits('schedule.updated');
      expect(audit).toMatchObject({ targetId: row.id });
      expect(Object.keys(audit.after!).sort()).toEqual(['holidays', 'weeklyHours']);

      const bad = await post(`/scp/admin/schedules/${row.id}`, schedule({ name: 'Berlin office', timezone: 'Europe/Berlin', hours: [['1', '09:00', '17:00'], ['1', '16:00', '18:00']] }));
      expect(bad.status).toBe(422);
      expect(rowErrors(bad.text)).toEqual(['Overlaps another window on Monday.']);
      expect((await schedules().findOneByOrFail({ id: row.id })).weeklyHours).toHaveLength(2);
    });

    it('refuses to delete a schedule a plan counts in; deletes an unused one with its holidays', async () => {
      const before = await counts();
      const refused = await post('/scp/admin/schedules/1/delete');
      expect(refused.headers.location).toBe('/scp/admin/schedules/1');
      expect(flashes((await admin.get(refused.headers.location)).text))
        .toContain('error: The schedule “Monday - Friday 8am - 5pm with U.S. Holidays” is used by 2 SLA plans (Default SLA, Priority); point them at another schedule first.');
      expect(await counts()).toEqual(before);

      const us = await schedules().findOneByOrFail({ name: 'Mon-Fri 8-17 with US holidays' });
      const deleted = await post(`/scp/admin/schedules/${us.id}/delete`);
      expect(deleted.headers.location).toBe('/scp/admin/schedules');
      expect(await schedules().findOneBy({ id: us.id })).toBeNull();
      expect(await t.dataSource.getRepository(ScheduleHoliday).countBy({ scheduleId: us.id })).toBe(0);
      const [audit] = await audits('schedule.deleted');
      expect(audit).toMatchObject({ targetId: us.id, targetLabel: 'Mon-Fri 8-17 with US holidays' });
      expect((audit.before as { holidays: unknown[] }).holidays).toHaveLength(17);
    });
  });

  it('answers 404 to an agent who is not an admin, on every page and post', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    for (const path of ['/scp/admin/sla', '/scp/admin/sla/new', '/scp/admin/sla/1', '/scp/admin/sla/preview', '/scp/admin/schedules', '/scp/admin/schedules/new', '/scp/admin/schedules/1']) {
      await john.get(path).expect(404);
    }
    const before = await counts();
    for (const path of ['/scp/admin/sla', '/scp/admin/sla/1', '/scp/admin/sla/1/delete', '/scp/admin/schedules', '/scp/admin/schedules/preset', '/scp/admin/schedules/1', '/scp/admin/schedules/1/delete']) {
      await john.post(path).type('form').send(encode({ _csrf: token, name: 'Taken over', resolutionHours: '1', preset: '24/7' })).expect(404);
    }
    expect(await counts()).toEqual(before);
  });
});
