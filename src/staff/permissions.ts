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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The roles a fresh install ships, as in osTicket. */
export const DEFAULT_ROLES: Record<string, Permission[]> = {
  'All Access': [...PERMISSIONS],
  'Expanded Access': ['ticket.create', 'ticket.edit', 'ticket.assign', 'ticket.release', 'ticket.transfer', 'ticket.reply', 'ticket.close', 'ticket.merge', 'ticket.link', 'ticket.markanswered'],
  'Limited Access': ['ticket.create', 'ticket.assign', 'ticket.transfer', 'ticket.reply', 'ticket.close'],
  'View Only': [],
};
