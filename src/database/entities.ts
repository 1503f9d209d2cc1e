import { SLA_ENTITIES } from '../sla/sla.entities';
import { TICKET_LINKS_ENTITIES } from '../ticket-links/ticket-links.entities';
import { TICKET_LOCKS_ENTITIES } from '../ticket-locks/ticket-locks.entities';
import { ABUSE_ENTITIES } from '../abuse/abuse.entities';
import { PORTAL_ACCOUNTS_ENTITIES } from '../portal-accounts/portal-accounts.entities';
import { KB_ENTITIES } from '../kb/kb.entities';
import { SATISFACTION_ENTITIES } from '../satisfaction/satisfaction.entities';
import { SEARCH_ENTITIES } from '../search/search.entities';
import { MAIL_ENTITIES } from '../mail/mail.entities';
import { EMAIL_ACCOUNTS_ENTITIES } from '../email-accounts/email-accounts.entities';
import { NOTIFICATIONS_ENTITIES } from '../notifications/notifications.entities';
import { INBOUND_MAIL_ENTITIES } from '../inbound-mail/inbound-mail.entity';
import { ORGANIZATIONS_ENTITIES } from '../organizations/organizations.entities';
import { TicketAccessLink } from '../portal-access/ticket-access-link.entity';
import { JOBS_ENTITIES } from '../jobs/jobs.entities';
import { IMAP_FETCH_ENTITIES } from '../imap-fetch/mailbox-cursor.entity';
import { FILTERS_ENTITIES } from '../filters/filters.entities';
import { ACCOUNT_SECURITY_ENTITIES } from '../account-security/account-security.entities';
import { API_KEYS_ENTITIES } from '../api-keys/api-keys.entities';
import { AuditEvent } from '../audit/audit-event.entity';
import { CANNED_ENTITIES } from '../canned/canned.entities';
import { FORMS_ENTITIES } from '../forms/forms.entities';
import { SETTINGS_ENTITIES } from '../settings/settings.entities';
import { TWO_FACTOR_ENTITIES } from '../two-factor/two-factor.entities';
import { Attachment } from '../attachments/attachment.entity';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { SessionRecord } from '../auth/session.entity';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { ScheduleHoliday } from '../sla/schedule-holiday.entity';
import { Schedule } from '../sla/schedule.entity';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Role } from '../staff/role.entity';
import { StaffDepartmentAccess } from '../staff/staff-department-access.entity';
import { Staff } from '../staff/staff.entity';
import { TeamMember } from '../teams/team-member.entity';
import { Team } from '../teams/team.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { Priority } from '../tickets/priority.entity';
import { Sequence } from '../tickets/sequence.entity';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [
  ...TICKET_LINKS_ENTITIES, ...TICKET_LOCKS_ENTITIES,
  ...ABUSE_ENTITIES, ...PORTAL_ACCOUNTS_ENTITIES,
  ...KB_ENTITIES, ...SATISFACTION_ENTITIES,
  ...SLA_ENTITIES, ...JOBS_ENTITIES, ...IMAP_FETCH_ENTITIES, ...FILTERS_ENTITIES, ...MAIL_ENTITIES, ...INBOUND_MAIL_ENTITIES, ...ORGANIZATIONS_ENTITIES, TicketAccessLink,
  ...EMAIL_ACCOUNTS_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...SEARCH_ENTITIES,
  AuditEvent, ...SETTINGS_ENTITIES, ...ACCOUNT_SECURITY_ENTITIES, ...FORMS_ENTITIES, ...CANNED_ENTITIES, ...API_KEYS_ENTITIES, ...TWO_FACTOR_ENTITIES,
  Attachment, LoginThrottle, SessionRecord, Department, HelpTopic, Schedule, ScheduleHoliday, SlaPlan, Role,
  Staff, StaffDepartmentAccess, Team, TeamMember, ThreadEntry, Priority, Sequence, TicketStatus, Ticket, User,
];
