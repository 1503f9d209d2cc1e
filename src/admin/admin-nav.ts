/** The admin panel's sections, organised like osTicket's (Settings, Manage, Emails, Agents). */
export interface AdminNavLink {
  key: string;
  label: string;
  url: string;
  active: boolean;
}
export interface AdminNavGroup {
  label: string;
  links: AdminNavLink[];
}

const SECTIONS: { label: string; links: [key: string, label: string, path: string][] }[] = [
  { label: 'Settings', links: [['settings', 'System & Tickets', '/scp/admin/settings']] },
  {
    label: 'Manage',
    links: [
      ['help-topics', 'Help Topics', '/scp/admin/help-topics'],
      ['forms', 'Forms', '/scp/admin/forms'],
      ['statuses', 'Ticket Statuses', '/scp/admin/statuses'],
      ['sla', 'SLA Plans', '/scp/admin/sla'],
      ['schedules', 'Schedules', '/scp/admin/schedules'],
      ['filters', 'Intake Filters', '/scp/admin/filters'],
      ['automations', 'Automations', '/scp/admin/automations'],
      ['auto-assign', 'Auto-assignment', '/scp/admin/auto-assign'],
      ['priorities', 'Priorities', '/scp/admin/priorities'],
      ['canned', 'Canned Responses', '/scp/admin/canned'],
      ['api-keys', 'API Keys', '/scp/admin/api-keys'],
      ['ban-list', 'Ban List', '/scp/admin/ban-list'],
      ['audit', 'Audit Log', '/scp/admin/audit'],
    ],
  },
  {
    label: 'Emails',
    links: [
      ['email-accounts', 'Email Accounts', '/scp/admin/email-accounts'],
      ['email-templates', 'Email Templates', '/scp/admin/email-templates'],
      ['email-log', 'Email Log', '/scp/admin/email-log'],
      ['email-quarantine', 'Email Quarantine', '/scp/admin/email-quarantine'],
    ],
  },
  {
    label: 'Agents',
    links: [
      ['agents', 'Agents', '/scp/admin/agents'],
      ['teams', 'Teams', '/scp/admin/teams'],
      ['roles', 'Roles', '/scp/admin/roles'],
      ['departments', 'Departments', '/scp/admin/departments'],
    ],
  },
];

/** The navigation with `active` marking the current section; urls include the base path. */
export function adminNav(activeKey: string, basePath: string): AdminNavGroup[] {
  return SECTIONS.map((section) => ({
    label: section.label,
    links: section.links.map(([key, label, path]) => ({ key, label, url: `${basePath}${path}`, active: key === activeKey })),
  }));
}

/** Every admin page's view-model starts with this: title, navigation, and the staff layout. */
export function adminPage(activeKey: string, basePath: string, title: string) {
  return { title, adminNav: adminNav(activeKey, basePath), layout: 'layouts/scp' as const };
}
