/** What a role may do to tickets in a department. Admins may do everything everywhere. */
export const PERMISSIONS = [
  'ticket.create',
  'ticket.edit',
  'ticket.assign',
  'ticket.release',
  'ticket.transfer',
  'ticket.reply',
  'ticket.close',
  'ticket.delete',
  'ticket.merge',
  'ticket.link',
  'ticket.markanswered',
  'canned.manage',
  'kb.manage',
  'reports.satisfaction',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The roles a fresh install ships, as in osTicket. */
export const DEFAULT_ROLES: Record<string, Permission[]> = {
  'All Access': [...PERMISSIONS],
  'Expanded Access': ['ticket.create', 'ticket.edit', 'ticket.assign', 'ticket.release', 'ticket.transfer', 'ticket.reply', 'ticket.close', 'ticket.merge', 'ticket.link', 'ticket.markanswered', 'kb.manage'],
  'Limited Access': ['ticket.create', 'ticket.assign', 'ticket.transfer', 'ticket.reply', 'ticket.close'],
  'View Only': [],
};

/** How the role form shows each permission: a label for its checkbox and one line on what it allows. */
export const PERMISSION_LABELS: Record<Permission, { label: string; description: string }> = {
  'ticket.create': { label: 'Create', description: 'Open tickets on behalf of users (phone calls, walk-ins).' },
  'ticket.edit': { label: 'Edit', description: 'Change a ticket\'s priority, help topic and SLA plan.' },
  'ticket.assign': { label: 'Assign', description: 'Assign tickets to agents and teams, or claim them.' },
  'ticket.release': { label: 'Release', description: 'Release a ticket\'s assignment so anyone may take it.' },
  'ticket.transfer': { label: 'Transfer', description: 'Move tickets to another department.' },
  'ticket.reply': { label: 'Reply', description: 'Post replies the user receives by mail and on the portal.' },
  'ticket.close': { label: 'Close', description: 'Set a closed status (Resolved, Closed).' },
  'ticket.delete': { label: 'Delete', description: 'Set the Deleted status (admins may purge deleted tickets).' },
  'ticket.merge': { label: 'Merge', description: 'Merge duplicate tickets into one.' },
  'ticket.link': { label: 'Link', description: 'Link related tickets to each other.' },
  'ticket.markanswered': { label: 'Mark answered', description: 'Mark a ticket answered or unanswered by hand.' },
  'canned.manage': { label: 'Manage canned responses', description: 'Add, edit and delete canned responses.' },
  'kb.manage': { label: 'Manage knowledge base', description: 'Add, edit and delete knowledge base categories and articles.' },
  'reports.satisfaction': { label: 'Satisfaction report', description: 'See satisfaction ratings by agent, department and help topic.' },
};
