import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/** The foundation schema: people, organisation, tickets and their threads, sessions. */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'schedules', [col.id(), col.varchar('name', 120), col.varchar('timezone', 64), col.text('weekly_hours'), col.createdAt()], {
      indices: [index('schedules_name_uq', ['name'], true)],
    });
    await createTable(qr, 'schedule_holidays', [
      col.id(), col.fk('schedule_id'), col.varchar('name', 120), col.varchar('date', 10), col.bool('is_yearly', false),
      col.int('start_minute', { nullable: true }), col.int('end_minute', { nullable: true }),
    ], {
      indices: [index('schedule_holidays_schedule_idx', ['schedule_id'])],
      foreignKeys: [fk('schedule_holidays_schedule_id_fk', 'schedule_id', 'schedules', 'CASCADE')],
    });
    await createTable(qr, 'sla_plans', [
      col.id(), col.varchar('name', 120), col.int('first_response_hours', { nullable: true }), col.int('resolution_hours'),
      col.fk('schedule_id', { nullable: true }), col.bool('alerts_enabled', true), col.bool('is_active', true), col.bool('is_default', false), col.createdAt(),
    ], {
      indices: [index('sla_plans_name_uq', ['name'], true)],
      foreignKeys: [fk('sla_plans_schedule_id_fk', 'schedule_id', 'schedules')],
    });
    await createTable(qr, 'departments', [
      col.id(), col.varchar('name', 120), col.bool('is_public', true), col.bool('is_active', true), col.fk('sla_plan_id', { nullable: true }), col.createdAt(),
    ], { indices: [index('departments_name_uq', ['name'], true)] });
    await createTable(qr, 'roles', [col.id(), col.varchar('name', 64), col.text('permissions'), col.createdAt()], {
      indices: [index('roles_name_uq', ['name'], true)],
    });
    await createTable(qr, 'staff', [
      col.id(), col.varchar('username', 64), col.varchar('email', 191), col.varchar('first_name', 64), col.varchar('last_name', 64),
      col.varchar('password_hash', 255), col.bool('is_admin', false), col.bool('is_active', true), col.fk('department_id'), col.fk('role_id'),
      col.text('signature', { nullable: true }), col.datetime('last_login_at', { nullable: true }), col.createdAt(), col.datetime('updated_at'),
    ], {
      indices: [index('staff_username_uq', ['username'], true), index('staff_email_uq', ['email'], true), index('staff_department_idx', ['department_id'])],
      foreignKeys: [fk('staff_department_id_fk', 'department_id', 'departments'), fk('staff_role_id_fk', 'role_id', 'roles')],
    });
    await createTable(qr, 'staff_department_access', [col.fk('staff_id'), col.fk('department_id'), col.fk('role_id')], {
      primary: ['staff_id', 'department_id'],
      indices: [index('staff_department_access_department_idx', ['department_id'])],
      foreignKeys: [
        fk('staff_department_access_staff_id_fk', 'staff_id', 'staff', 'CASCADE'),
        fk('staff_department_access_department_id_fk', 'department_id', 'departments', 'CASCADE'),
        fk('staff_department_access_role_id_fk', 'role_id', 'roles'),
      ],
    });
    await createTable(qr, 'teams', [col.id(), col.varchar('name', 120), col.fk('lead_id', { nullable: true }), col.bool('is_active', true), col.createdAt()], {
      indices: [index('teams_name_uq', ['name'], true)],
    });
    await createTable(qr, 'team_members', [col.fk('team_id'), col.fk('staff_id')], {
      primary: ['team_id', 'staff_id'],
      indices: [index('team_members_staff_idx', ['staff_id'])],
      foreignKeys: [fk('team_members_team_id_fk', 'team_id', 'teams', 'CASCADE'), fk('team_members_staff_id_fk', 'staff_id', 'staff', 'CASCADE')],
    });
    await createTable(qr, 'users', [
      col.id(), col.varchar('email', 191), col.varchar('name', 128), col.varchar('phone', 32, { nullable: true }), col.createdAt(), col.datetime('updated_at'),
    ], { indices: [index('users_email_uq', ['email'], true)] });
    await createTable(qr, 'priorities', [col.id(), col.varchar('name', 64), col.varchar('css_class', 32), col.int('urgency'), col.bool('is_default', false)], {
      indices: [index('priorities_name_uq', ['name'], true)],
    });
    await createTable(qr, 'ticket_statuses', [
      col.id(), col.varchar('name', 64), col.varchar('state', 16), col.bool('is_reopenable', false), col.bool('pauses_sla', false),
      col.bool('is_default', false), col.int('sort', { default: 0 }),
    ], { indices: [index('ticket_statuses_name_uq', ['name'], true)] });
    await createTable(qr, 'help_topics', [
      col.id(), col.fk('parent_id', { nullable: true }), col.varchar('name', 128), col.varchar('full_name', 255),
      col.fk('department_id', { nullable: true }), col.fk('priority_id', { nullable: true }), col.fk('sla_plan_id', { nullable: true }),
      col.bool('is_public', true), col.bool('is_active', true), col.int('sort', { default: 0 }), col.createdAt(),
    ], {
      indices: [index('help_topics_parent_name_uq', ['parent_id', 'name'], true)],
      foreignKeys: [fk('help_topics_parent_id_fk', 'parent_id', 'help_topics'), fk('help_topics_department_id_fk', 'department_id', 'departments')],
    });
    await createTable(qr, 'sequences', [col.varchar('name', 64), col.int('next_value')], { primary: ['name'] });
    await createTable(qr, 'tickets', [
      col.id(), col.varchar('number', 32), col.varchar('subject', 255), col.fk('user_id'), col.fk('status_id'), col.varchar('state', 16),
      col.fk('department_id'), col.fk('help_topic_id', { nullable: true }), col.fk('priority_id'), col.fk('sla_plan_id', { nullable: true }),
      col.fk('staff_id', { nullable: true }), col.fk('team_id', { nullable: true }), col.varchar('source', 16),
      col.bool('is_answered', false), col.bool('is_overdue', false), col.datetime('due_at', { nullable: true }), col.datetime('sla_due_at', { nullable: true }),
      col.int('version', { default: 1 }), col.createdAt(), col.datetime('updated_at'), col.datetime('last_message_at'),
      col.datetime('last_response_at', { nullable: true }), col.datetime('first_response_at', { nullable: true }),
      col.datetime('reopened_at', { nullable: true }), col.datetime('closed_at', { nullable: true }),
    ], {
      indices: [
        index('tickets_number_uq', ['number'], true),
        index('tickets_state_id_idx', ['state', 'id']),
        index('tickets_department_state_id_idx', ['department_id', 'state', 'id']),
        index('tickets_staff_state_id_idx', ['staff_id', 'state', 'id']),
        index('tickets_team_state_id_idx', ['team_id', 'state', 'id']),
        index('tickets_user_id_idx', ['user_id', 'id']),
      ],
      foreignKeys: [
        fk('tickets_user_id_fk', 'user_id', 'users'),
        fk('tickets_status_id_fk', 'status_id', 'ticket_statuses'),
        fk('tickets_department_id_fk', 'department_id', 'departments'),
        fk('tickets_help_topic_id_fk', 'help_topic_id', 'help_topics'),
        fk('tickets_priority_id_fk', 'priority_id', 'priorities'),
        fk('tickets_sla_plan_id_fk', 'sla_plan_id', 'sla_plans'),
        fk('tickets_staff_id_fk', 'staff_id', 'staff'),
        fk('tickets_team_id_fk', 'team_id', 'teams'),
      ],
    });
    await createTable(qr, 'thread_entries', [
      col.id(), col.fk('ticket_id'), col.varchar('type', 16), col.varchar('event', 32, { nullable: true }),
      col.fk('staff_id', { nullable: true }), col.fk('user_id', { nullable: true }), col.varchar('poster_name', 128),
      col.varchar('title', 255, { nullable: true }), col.text('body'), col.text('data', { nullable: true }), col.createdAt(),
    ], {
      indices: [index('thread_entries_ticket_id_idx', ['ticket_id', 'id'])],
      foreignKeys: [
        fk('thread_entries_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('thread_entries_staff_id_fk', 'staff_id', 'staff'),
        fk('thread_entries_user_id_fk', 'user_id', 'users'),
      ],
    });
    await createTable(qr, 'attachments', [
      col.id(), col.fk('ticket_id'), col.fk('thread_entry_id'), col.varchar('file_name', 255), col.varchar('stored_name', 64),
      col.varchar('mime_type', 128), col.int('size'), col.varchar('sha256', 64), col.createdAt(),
    ], {
      indices: [index('attachments_stored_name_uq', ['stored_name'], true), index('attachments_entry_idx', ['thread_entry_id']), index('attachments_ticket_idx', ['ticket_id'])],
      foreignKeys: [fk('attachments_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'), fk('attachments_thread_entry_id_fk', 'thread_entry_id', 'thread_entries', 'CASCADE')],
    });
    await createTable(qr, 'sessions', [col.varchar('sid', 128), col.datetime('expires_at'), col.text('data')], {
      primary: ['sid'],
      indices: [index('sessions_expires_at_idx', ['expires_at'])],
    });
    await createTable(qr, 'login_throttles', [col.varchar('key', 191), col.int('failures'), col.datetime('window_started_at'), col.datetime('locked_until', { nullable: true })], {
      primary: ['key'],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of [
      'login_throttles', 'sessions', 'attachments', 'thread_entries', 'tickets', 'sequences', 'help_topics', 'ticket_statuses', 'priorities',
      'users', 'team_members', 'teams', 'staff_department_access', 'staff', 'roles', 'departments', 'sla_plans', 'schedule_holidays', 'schedules',
    ]) {
      await qr.dropTable(table, true);
    }
  }
}
