/**
 * Every mail RelayDesk sends about a ticket, with its default wording. The migration seeds these texts
 * and "Reset to default" restores them: this file is their one home.
 */
export const NOTICE_CODES = [
  'ticket.autoresponse', 'message.autoresponse', 'response.user', 'ticket.alert', 'message.alert', 'note.alert',
  'assigned.alert', 'transfer.alert', 'overdue.alert', 'resolved.notice', 'access.link',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

export interface NoticeDefinition {
  label: string;
  /** Who receives it: the ticket's end users, or agents. */
  audience: 'user' | 'agent';
  /** Sent by the system, not written by a person: marked Auto-Submitted. */
  automatic: boolean;
  /** Which global switch (settings) governs it; null: none (it is what a person asked for). */
  switch: 'autoresponder' | 'alerts' | null;
  description: string;
  subject: string;
  text: string;
  html: string;
}

/** Variables every notice can use, with what they hold. */
export const NOTICE_VARIABLES: Record<string, string> = {
  'ticket.number': 'The ticket number',
  'ticket.subject': 'The ticket subject',
  'ticket.status': 'The ticket status',
  'ticket.priority': 'The ticket priority',
  'ticket.department': 'The ticket department',
  'ticket.staff_url': 'The ticket in the staff panel (agent notices)',
  'ticket.portal_url': 'A signed link that opens the ticket on the portal (user notices)',
  'user.name': 'The end user\'s name',
  'user.email': 'The end user\'s email address',
  'recipient.name': 'The name of the person the mail goes to',
  'poster.name': 'Who wrote the message, reply or note, or made the change',
  message: 'The text of the message, reply or note',
  'note.title': 'The internal note\'s title',
  'assignee.name': 'The agent or team the ticket is assigned to',
  'overdue.target': '"first response" or "resolution"',
  'overdue.label': '"First response overdue" or "Resolution overdue"',
  'overdue.due': 'When it was due (UTC)',
  'helpdesk.name': 'The help desk\'s name',
};

const SIGNATURE_TEXT = '\n\n-- \n%{helpdesk.name}\n';
const SIGNATURE_HTML = '<p>-- <br>%{helpdesk.name}</p>';

export const NOTICES: Record<NoticeCode, NoticeDefinition> = {
  'ticket.autoresponse': {
    label: 'New ticket autoresponse', audience: 'user', automatic: true, switch: 'autoresponder',
    description: 'To the end user when a ticket is opened.',
    subject: '[#%{ticket.number}] %{ticket.subject}',
    text: 'Dear %{recipient.name},\n\nWe received your request and opened ticket #%{ticket.number}. An agent will answer as soon as possible.\n\nYou can follow the ticket here: %{ticket.portal_url}' + SIGNATURE_TEXT,
    html: '<p>Dear %{recipient.name},</p><p>We received your request and opened ticket #%{ticket.number}. An agent will answer as soon as possible.</p><p>You can follow the ticket <a href="%{ticket.portal_url}">on our help desk</a>.</p>' + SIGNATURE_HTML,
  },
  'message.autoresponse': {
    label: 'New message autoresponse', audience: 'user', automatic: true, switch: 'autoresponder',
    description: 'To the end user when their new message is added to an existing ticket.',
    subject: '[#%{ticket.number}] %{ticket.subject}',
    text: 'Dear %{recipient.name},\n\nYour message was added to ticket #%{ticket.number}.\n\nYou can follow the ticket here: %{ticket.portal_url}' + SIGNATURE_TEXT,
    html: '<p>Dear %{recipient.name},</p><p>Your message was added to ticket #%{ticket.number}.</p><p>You can follow the ticket <a href="%{ticket.portal_url}">on our help desk</a>.</p>' + SIGNATURE_HTML,
  },
  'response.user': {
    label: 'Agent reply', audience: 'user', automatic: false, switch: null,
    description: 'An agent\'s reply, to the end user and the collaborators.',
    subject: 'Re: [#%{ticket.number}] %{ticket.subject}',
    text: '%{message}\n\n%{poster.name}\n\nView the ticket or reply on the web: %{ticket.portal_url}' + SIGNATURE_TEXT,
    html: '<p>%{message}</p><p>%{poster.name}</p><p><a href="%{ticket.portal_url}">View the ticket or reply on the web</a></p>' + SIGNATURE_HTML,
  },
  'ticket.alert': {
    label: 'New ticket alert', audience: 'agent', automatic: true, switch: 'alerts',
    description: 'To the department\'s agents when a ticket is opened.',
    subject: 'New ticket #%{ticket.number}: %{ticket.subject}',
    text: 'Hello %{recipient.name},\n\n%{user.name} <%{user.email}> opened ticket #%{ticket.number} in %{ticket.department}.\n\n%{message}\n\nOpen the ticket: %{ticket.staff_url}' + SIGNATURE_TEXT,
    html: '<p>Hello %{recipient.name},</p><p>%{user.name} &lt;%{user.email}&gt; opened ticket #%{ticket.number} in %{ticket.department}.</p><blockquote>%{message}</blockquote><p><a href="%{ticket.staff_url}">Open the ticket</a></p>' + SIGNATURE_HTML,
  },
  'message.alert': {
    label: 'New message alert', audience: 'agent', automatic: true, switch: 'alerts',
    description: 'To the assignee (or the department\'s agents when unassigned) when the end user writes again.',
    subject: 'New message on #%{ticket.number}: %{ticket.subject}',
    text: 'Hello %{recipient.name},\n\n%{poster.name} wrote on ticket #%{ticket.number}:\n\n%{message}\n\nOpen the ticket: %{ticket.staff_url}' + SIGNATURE_TEXT,
    html: '<p>Hello %{recipient.name},</p><p>%{poster.name} wrote on ticket #%{ticket.number}:</p><blockquote>%{message}</blockquote><p><a href="%{ticket.staff_url}">Open the ticket</a></p>' + SIGNATURE_HTML,
  },
  'note.alert': {
    label: 'Internal note alert', audience: 'agent', automatic: true, switch: 'alerts',
    description: 'To the assignee (or the department\'s agents) when another agent adds an internal note.',
    subject: 'Internal note on #%{ticket.number}: %{note.title}',
    text: 'Hello %{recipient.name},\n\n%{poster.name} added an internal note to ticket #%{ticket.number}:\n\n%{note.title}\n%{message}\n\nOpen the ticket: %{ticket.staff_url}' + SIGNATURE_TEXT,
    html: '<p>Hello %{recipient.name},</p><p>%{poster.name} added an internal note to ticket #%{ticket.number}:</p><p><strong>%{note.title}</strong></p><blockquote>%{message}</blockquote><p><a href="%{ticket.staff_url}">Open the ticket</a></p>' + SIGNATURE_HTML,
  },
  'assigned.alert': {
    label: 'Assignment alert', audience: 'agent', automatic: true, switch: 'alerts',
    description: 'To the agent (or the team\'s members) a ticket is assigned to.',
    subject: 'Ticket #%{ticket.number} assigned to you: %{ticket.subject}',
    text: 'Hello %{recipient.name},\n\nTicket #%{ticket.number} is now assigned to %{assignee.name} (by %{poster.name}).\n\nOpen the ticket: %{ticket.staff_url}' + SIGNATURE_TEXT,
    html: '<p>Hello %{recipient.name},</p><p>Ticket #%{ticket.number} is now assigned to %{assignee.name} (by %{poster.name}).</p><p><a href="%{ticket.staff_url}">Open the ticket</a></p>' + SIGNATURE_HTML,
  },
  'transfer.alert': {
    label: 'Transfer alert', audience: 'agent', automatic: true, switch: 'alerts',
    description: 'To the agents of the department a ticket is transferred to.',
    subject: 'Ticket #%{ticket.number} transferred to %{ticket.department}',
    text: 'Hello %{recipient.name},\n\n%{poster.name} transferred ticket #%{ticket.number} (%{ticket.subject}) to %{ticket.department}.\n\nOpen the ticket: %{ticket.staff_url}' + SIGNATURE_TEXT,
    html: '<p>Hello %{recipient.name},</p><p>%{poster.name} transferred ticket #%{ticket.number} (%{ticket.subject}) to %{ticket.department}.</p><p><a href="%{ticket.staff_url}">Open the ticket</a></p>' + SIGNATURE_HTML,
  },
  'overdue.alert': {
    label: 'Overdue alert', audience: 'agent', automatic: true, switch: 'alerts',
    description: 'To the assignee (or team, or department) when a ticket\'s SLA target is missed and its SLA plan has alerts on.',
    subject: '[#%{ticket.number}] %{overdue.label}: %{ticket.subject}',
    text: 'Hello %{recipient.name},\n\nTicket #%{ticket.number} is overdue: its %{overdue.target} was due %{overdue.due}.\n\nSubject: %{ticket.subject}\nDue: %{overdue.due}\n\nOpen the ticket: %{ticket.staff_url}' + SIGNATURE_TEXT,
    html: '<p>Hello %{recipient.name},</p><p>Ticket #%{ticket.number} is overdue: its %{overdue.target} was due %{overdue.due}.</p><p>Subject: %{ticket.subject}<br>Due: %{overdue.due}</p><p><a href="%{ticket.staff_url}">Open the ticket</a></p>' + SIGNATURE_HTML,
  },
  'resolved.notice': {
    label: 'Resolved notice', audience: 'user', automatic: true, switch: 'autoresponder',
    description: 'To the end user when their ticket is resolved or closed.',
    subject: '[#%{ticket.number}] Resolved: %{ticket.subject}',
    text: 'Dear %{recipient.name},\n\nTicket #%{ticket.number} is now %{ticket.status}. If something is still wrong, reply to this mail.\n\nTell us how we did: %{ticket.portal_url}' + SIGNATURE_TEXT,
    html: '<p>Dear %{recipient.name},</p><p>Ticket #%{ticket.number} is now %{ticket.status}. If something is still wrong, reply to this mail.</p><p><a href="%{ticket.portal_url}">Tell us how we did</a></p>' + SIGNATURE_HTML,
  },
  'access.link': {
    label: 'Access link', audience: 'user', automatic: false, switch: null,
    description: 'A link that opens one ticket on the portal, sent when an end user asks for it.',
    subject: 'Your link to ticket #%{ticket.number}',
    text: 'Dear %{recipient.name},\n\nOpen ticket #%{ticket.number} (%{ticket.subject}) with this link:\n%{ticket.portal_url}\n\nIf you did not ask for it, you can ignore this mail.' + SIGNATURE_TEXT,
    html: '<p>Dear %{recipient.name},</p><p>Open ticket #%{ticket.number} (%{ticket.subject}) with <a href="%{ticket.portal_url}">this link</a>.</p><p>If you did not ask for it, you can ignore this mail.</p>' + SIGNATURE_HTML,
  },
};
