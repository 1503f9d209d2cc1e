import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { DefaultData1763900000001 } from './1763900000001-default-data';
import { AuditLog1763900000002 } from './1763900000002-audit-log';
import { Settings1763900000003 } from './1763900000003-settings';
import { Catalog1763900000004 } from './1763900000004-catalog';
import { AgentsRoles1763900000005 } from './1763900000005-agents-roles';
import { AccountSecurity1763900000006 } from './1763900000006-account-security';
import { FormsTopics1763900000007 } from './1763900000007-forms-topics';
import { CannedApiKeys1763900000008 } from './1763900000008-canned-api-keys';
import { TwoFactor1763900000009 } from './1763900000009-two-factor';
import { DisableStatusesPrioritiesRoles1763900000011 } from './1763900000011-disable-statuses-priorities-roles';

import { SlaTracking1763900000012 } from './1763900000012-sla-tracking';
import { JobLeases1763900000013 } from './1763900000013-job-leases';
import { IntakeFilters1763900000014 } from './1763900000014-intake-filters';
import { AutoAssignment1763900000015 } from './1763900000015-auto-assignment';
import { TicketLookupIndexes1763900000010 } from './1763900000010-ticket-lookup-indexes';
import { DefaultSlaPlanFlag1763900000016 } from './1763900000016-default-sla-plan-flag';
import { SharedChannelKeys1763900000017 } from './1763900000017-shared-channel-keys';
import { TicketLinksLocks1763900000110 } from './1763900000110-ticket-links-locks';
import { CannedResponseFiles1763900000111 } from './1763900000111-canned-response-files';
import { BanList1763900000130 } from './1763900000130-ban-list';
import { UserDirectoryIndexes1763900000120 } from './1763900000120-user-directory-indexes';
import { KnowledgeBase1763900000140 } from './1763900000140-knowledge-base';
import { Satisfaction1763900000141 } from './1763900000141-satisfaction';
import { EmailAccounts1763900000150 } from './1763900000150-email-accounts';
import { InboundMail1763900000160 } from './1763900000160-inbound-mail';
import { UsedChallenges1763900000131 } from './1763900000131-used-challenges';
import { MailboxCursors1763900000170 } from './1763900000170-mailbox-cursors';
import { QueuesPreferences1763900000100 } from './1763900000100-queues-preferences';
import { TicketSearch1763900000101 } from './1763900000101-ticket-search';
import { PortalAccounts1763900000132 } from './1763900000132-portal-accounts';
import { EmailTemplates1763900000151 } from './1763900000151-email-templates';
import { EmailLogIndexes1763900000152 } from './1763900000152-email-log-indexes';
import { QueueScopeIndexes1763900000180 } from './1763900000180-queue-scope-indexes';

/** Every migration, in order. Listed by hand so the app, the CLI and the tests run exactly the same set. */
export const MIGRATIONS = [
  InitialSchema1763900000000, DefaultData1763900000001, AuditLog1763900000002, Settings1763900000003, Catalog1763900000004,
  AgentsRoles1763900000005, AccountSecurity1763900000006, FormsTopics1763900000007, CannedApiKeys1763900000008,
  TwoFactor1763900000009, DisableStatusesPrioritiesRoles1763900000011,
  SlaTracking1763900000012, JobLeases1763900000013, IntakeFilters1763900000014, AutoAssignment1763900000015,
  // Listed last because it was added last; TypeORM runs migrations in timestamp order.
  TicketLookupIndexes1763900000010, DefaultSlaPlanFlag1763900000016,
  SharedChannelKeys1763900000017,
  TicketLinksLocks1763900000110,
  BanList1763900000130,
  UserDirectoryIndexes1763900000120,
  KnowledgeBase1763900000140, Satisfaction1763900000141,
  EmailAccounts1763900000150,
  InboundMail1763900000160,
  UsedChallenges1763900000131,
  MailboxCursors1763900000170,
  QueuesPreferences1763900000100, TicketSearch1763900000101,
  PortalAccounts1763900000132,
  CannedResponseFiles1763900000111,
  EmailTemplates1763900000151,
  EmailLogIndexes1763900000152,
  QueueScopeIndexes1763900000180,
];
