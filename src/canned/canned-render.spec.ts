import { CANNED_VARIABLES, renderCanned } from './canned-render';

describe('renderCanned', () => {
  const vars = {
    'ticket.number': '123456',
    'ticket.subject': 'Mobile banking is down',
    'user.name': 'Karen Kline',
    'user.email': 'karen@example.com',
    'agent.name': 'John Doe',
    'department.name': 'Support',
  };

  it('fills every supported variable, wherever and however often it appears', () => {
    const body = 'Hi %{user.name} (%{user.email}),\nticket #%{ticket.number} “%{ticket.subject}” is with %{department.name}.\n— %{agent.name}, #%{ticket.number}';
    expect(renderCanned(body, vars)).toBe('Hi Karen Kline (karen@example.com),\nticket #123456 “Mobile banking is down” is with Support.\n— John Doe, #123456');
  });

  it('offers exactly the documented variables', () => {
    expect(Object.keys(CANNED_VARIABLES).sort()).toEqual(Object.keys(vars).sort());
  });

  it('leaves unknown variables, and known ones without a value, as typed', () => {
    expect(renderCanned('%{ticket.owner} %{user.phone} %{constructor.name} %{__proto__.x}', vars)).toBe('%{ticket.owner} %{user.phone} %{constructor.name} %{__proto__.x}');
    expect(renderCanned('Dear %{user.name}, re %{ticket.number}', { 'ticket.number': '9' })).toBe('Dear %{user.name}, re 9');
  });

  it('leaves near-misses alone', () => {
    const text = '%{ticket.number %{Ticket.Number} %{ ticket.number } %ticket.number {ticket.number} %%{ticket.number}';
    expect(renderCanned(text, vars)).toBe('%{ticket.number %{Ticket.Number} %{ ticket.number } %ticket.number {ticket.number} %123456');
  });

  it('is not a template language: Handlebars syntax and replacement patterns pass through untouched', () => {
    expect(renderCanned('{{user.name}} {{{agent.name}}} {{#each x}}y{{/each}}', vars)).toBe('{{user.name}} {{{agent.name}}} {{#each x}}y{{/each}}');
    expect(renderCanned('%{user.name}', { 'user.name': '$& $1 $$ $`' })).toBe('$& $1 $$ $`');
  });

  it('does not expand placeholders inside substituted values', () => {
    expect(renderCanned('%{ticket.subject}', { 'ticket.subject': 'About %{agent.name}', 'agent.name': 'John' })).toBe('About %{agent.name}');
  });
});
