/** The variables a canned response may use, with what each stands for (the admin form's cheat-sheet). */
export const CANNED_VARIABLES = {
  'ticket.number': 'The ticket number',
  'ticket.subject': 'The ticket subject (issue summary)',
  'user.name': 'The end user’s full name',
  'user.email': 'The end user’s email address',
  'agent.name': 'The name of the agent replying',
  'department.name': 'The ticket’s department',
} as const;
export type CannedVariable = keyof typeof CANNED_VARIABLES;
export type CannedVars = Partial<Record<CannedVariable, string>>;

const PLACEHOLDER = /%\{([a-z]+\.[a-z]+)\}/g;

const isVariable = (name: string): name is CannedVariable => Object.prototype.hasOwnProperty.call(CANNED_VARIABLES, name);

/**
 * Fills `%{ticket.number}`-style placeholders in one pass. The text is never compiled as a template
 * (SECURITY 14): unknown names, and known ones without a value, stay exactly as typed, and a value that
 * itself contains a placeholder is not expanded again.
 */
export function renderCanned(body: string, vars: CannedVars): string {
  return body.replace(PLACEHOLDER, (match, name: string) => {
    const value = isVariable(name) ? vars[name] : undefined;
    return value ?? match;
  });
}
