import type { CannedVars } from './canned-render';

/** What a ticket offers a canned response's variables (plain values; rendering never runs a template). */
export interface CannedTicketFacts {
  number: string;
  subject: string;
  user: { name: string; email: string };
  department: { name: string };
}

/** The `%{...}` values for a reply on `ticket` written by `agentName`. */
export function cannedVarsFor(ticket: CannedTicketFacts, agentName: string): CannedVars {
  return {
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'user.name': ticket.user.name,
    'user.email': ticket.user.email,
    'agent.name': agentName,
    'department.name': ticket.department.name,
  };
}
