import { MigrationInterface, QueryRunner } from 'typeorm';
import { insertRows } from '../migration-kit';
import { DEFAULT_ROLES } from '../../staff/permissions';

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 17 * 60 }));

/** What a fresh install ships (DOMAIN.md), like osTicket's: ready to take tickets at first start. */
export class DefaultData1763900000001 implements MigrationInterface {
  name = 'DefaultData1763900000001';

  async up(qr: QueryRunner): Promise<void> {
    const insert = (table: string, rows: Record<string, unknown>[]) => insertRows(qr, table, rows);

    await insert('schedules', [{ id: 1, name: 'Monday - Friday 8am - 5pm with U.S. Holidays', timezone: 'America/New_York', weekly_hours: JSON.stringify(weekdays) }]);
    await insert('schedule_holidays', [
      ...[['New Year\'s Day', '2026-01-01'], ['Independence Day', '2026-07-04'], ['Veterans Day', '2026-11-11'], ['Christmas Day', '2026-12-25']]
        .map(([name, date]) => ({ schedule_id: 1, name, date, is_yearly: true })),
      // CASE: holidays on a weekday rule (4th Thursday, ...) move every year; listed one by one.
      ...[['Memorial Day', '2026-05-25'], ['Labor Day', '2026-09-07'], ['Thanksgiving Day', '2026-11-26'],
        ['Memorial Day', '2027-05-31'], ['Labor Day', '2027-09-06'], ['Thanksgiving Day', '2027-11-25']]
        .map(([name, date]) => ({ schedule_id: 1, name, date, is_yearly: false })),
    ]);
    await insert('sla_plans', [{ id: 1, name: 'Default SLA', first_response_hours: null, resolution_hours: 18, schedule_id: 1, alerts_enabled: true, is_active: true, is_default: true }]);
    await insert('departments', [
      { id: 1, name: 'Support', is_public: true, sla_plan_id: 1 },
      { id: 2, name: 'Sales', is_public: true, sla_plan_id: null },
      { id: 3, name: 'Maintenance', is_public: false, sla_plan_id: null },
    ]);
    await insert('teams', [{ id: 1, name: 'Level I Support' }]);
    await insert('roles', Object.entries(DEFAULT_ROLES).map(([name, permissions], i) => ({ id: i + 1, name, permissions: JSON.stringify(permissions) })));
    await insert('priorities', [
      { id: 1, name: 'Low', css_class: 'low', urgency: 1, is_default: false },
      { id: 2, name: 'Normal', css_class: 'normal', urgency: 2, is_default: true },
      { id: 3, name: 'High', css_class: 'high', urgency: 3, is_default: false },
      { id: 4, name: 'Emergency', css_class: 'emergency', urgency: 4, is_default: false },
    ]);
    await insert('ticket_statuses', [
      { id: 1, name: 'Open', state: 'open', is_reopenable: false, pauses_sla: false, is_default: true, sort: 1 },
      { id: 2, name: 'In Progress', state: 'open', is_reopenable: false, pauses_sla: false, is_default: false, sort: 2 },
      { id: 3, name: 'Awaiting Response', state: 'open', is_reopenable: false, pauses_sla: true, is_default: false, sort: 3 },
      { id: 4, name: 'Resolved', state: 'closed', is_reopenable: true, pauses_sla: false, is_default: false, sort: 4 },
      { id: 5, name: 'Closed', state: 'closed', is_reopenable: true, pauses_sla: false, is_default: false, sort: 5 },
      { id: 6, name: 'Archived', state: 'archived', is_reopenable: false, pauses_sla: false, is_default: false, sort: 6 },
      { id: 7, name: 'Deleted', state: 'deleted', is_reopenable: false, pauses_sla: false, is_default: false, sort: 7 },
    ]);
    await insert('help_topics', [
      { id: 1, parent_id: null, name: 'General Inquiry', full_name: 'General Inquiry', department_id: 1, priority_id: 2, sla_plan_id: null, sort: 1 },
      { id: 2, parent_id: null, name: 'Feedback', full_name: 'Feedback', department_id: 1, priority_id: 1, sla_plan_id: null, sort: 2 },
      { id: 3, parent_id: null, name: 'Report a Problem', full_name: 'Report a Problem', department_id: 1, priority_id: 2, sla_plan_id: 1, sort: 3 },
      { id: 4, parent_id: 3, name: 'Access Issue', full_name: 'Report a Problem / Access Issue', department_id: 1, priority_id: 2, sla_plan_id: 1, sort: 4 },
    ]);
    await insert('sequences', [{ name: 'ticket_number', next_value: 1 }]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('DELETE FROM help_topics WHERE parent_id IS NOT NULL');
    for (const table of ['sequences', 'help_topics', 'ticket_statuses', 'priorities', 'roles', 'teams', 'departments', 'sla_plans', 'schedule_holidays', 'schedules']) {
      await qr.query(`DELETE FROM ${table}`);
    }
  }
}
