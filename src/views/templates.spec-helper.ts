import * as fs from 'node:fs';
import * as path from 'node:path';
import * as hbs from 'hbs';
import type { ErrorPageVM, LayoutLocals, ThreadEntryVM } from '../common/view-models';
import type {
  PortalHomeVM,
  PortalOpenVM,
  PortalStatusVM,
  PortalThanksVM,
  PortalTicketVM,
} from '../portal/portal.view-models';
import type { QueueNavItem, ScpLoginVM, ScpQueueVM, ScpTicketVM } from '../scp/scp.view-models';
import { viewHelpers } from './helpers';

/**
 * The harness of the view specs (*templates.spec.ts): a Handlebars environment set up as the app
 * sets up hbs, layout locals, a sample view model per page, and probes for the promises every page keeps.
 */
export const VIEWS = path.resolve(__dirname, '../../views');
export const XSS = '<script>alert("x")</script>';

// ---------------------------------------------------------------------------------------------------
// A Handlebars environment set up the way the app sets up hbs: our helpers, partials named by their
// path under views/partials (hbs needs `registerPartials(dir, { rename: (n) => n })` for this, since
// by default it turns "-" into "_"), and a page rendered first, then its layout with `body`.

export const handlebars = hbs.create().handlebars;
for (const [name, fn] of Object.entries(viewHelpers)) handlebars.registerHelper(name, fn);

export function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

export const partialsDir = path.join(VIEWS, 'partials');
export const partialFiles = walk(partialsDir).filter((file) => file.endsWith('.hbs'));
for (const file of partialFiles) {
  const name = path.relative(partialsDir, file).slice(0, -'.hbs'.length).split(path.sep).join('/');
  handlebars.registerPartial(name, fs.readFileSync(file, 'utf8'));
}

// hbs renders with these runtime options; keep the same so behaviour matches.
export const runtimeOptions = { allowProtoMethodsByDefault: true, allowProtoPropertiesByDefault: true };
export type CompiledTemplate = (context: unknown, options?: object) => string;
export const compiled = new Map<string, CompiledTemplate>();
export function template(name: string): CompiledTemplate {
  let tpl = compiled.get(name);
  if (!tpl) {
    tpl = handlebars.compile(fs.readFileSync(path.join(VIEWS, `${name}.hbs`), 'utf8'));
    compiled.set(name, tpl);
  }
  return tpl;
}

export function render(view: string, layout: 'layouts/portal' | 'layouts/scp', locals: object): string {
  const context: Record<string, unknown> = { ...locals, layout };
  context.body = template(view)(context, runtimeOptions);
  const html = template(layout)(context, runtimeOptions);
  return html;
}

// ---------------------------------------------------------------------------------------------------
// Sample view-models, typed against the contracts. User-controlled text carries a <script> payload.

export const BASE = '/osTicket';

export function portalLocals(overrides: Partial<LayoutLocals> = {}): LayoutLocals {
  return {
    base: BASE,
    helpdeskName: 'Acme Support',
    csrfToken: 'csrf-token-123',
    flash: [],
    staff: null,
    portalAccess: null,
    ...overrides,
  };
}

export function scpLocals(overrides: Partial<LayoutLocals> = {}): LayoutLocals {
  return portalLocals({ staff: { id: 1, name: `Jane Roe ${XSS}`, isAdmin: true }, ...overrides });
}

export const options = (names: string[], selected: number) =>
  names.map((name, i) => ({ id: i + 1, name, selected: i + 1 === selected }));

export const limits = { maxFiles: 5, maxMegabytes: 10 };

export function entries(): ThreadEntryVM[] {
  const base = { attachments: [], isNew: false, title: null, eventText: null };
  return [
    {
      ...base,
      id: 11,
      kind: 'message',
      authorName: `John Doe ${XSS}`,
      createdAt: '2026-11-23T14:05:00.000Z',
      body: `My printer is on fire.\nSecond line ${XSS}`,
      attachments: [{ id: 7, name: `photo ${XSS}.png`, sizeLabel: '1.2 MB', url: `${BASE}/scp/attachments/7` }],
    },
    { ...base, id: 12, kind: 'event', authorName: 'Jane Roe', createdAt: '2026-11-23T14:10:00.000Z', body: '', eventText: `Jane Roe assigned the ticket to ${XSS}` },
    { ...base, id: 13, kind: 'note', authorName: 'Jane Roe', createdAt: '2026-11-23T14:12:00.000Z', title: `Triage ${XSS}`, body: 'Checked the warranty.' },
    { ...base, id: 14, kind: 'response', authorName: 'Jane Roe', createdAt: '2026-11-23T15:00:00.000Z', body: 'Please unplug it.', isNew: true },
  ];
}

export const nav: QueueNavItem[] = [
  { key: 'open', name: 'Open', countLabel: '12', url: `${BASE}/scp/tickets?queue=open`, active: true, isCustom: false },
  { key: 'mine', name: 'My Tickets', countLabel: '3', url: `${BASE}/scp/tickets?queue=mine`, active: false, isCustom: false },
  { key: 'closed', name: 'Closed', countLabel: '999+', url: `${BASE}/scp/tickets?queue=closed`, active: false, isCustom: false },
  { key: 'q7', name: `Mine ${XSS}`, countLabel: '2', url: `${BASE}/scp/tickets?queue=q7`, active: false, isCustom: true },
];

export const samples = {
  portalHome: (): PortalHomeVM => ({ title: 'Welcome to the Support Center' }),

  portalOpen: (errors = {}): PortalOpenVM => ({
    title: 'Open a New Ticket',
    topics: options(['General Inquiry', `Billing ${XSS}`, 'Report a Problem'], 0),
    form: {
      values: { email: `a@b.c${XSS}`, name: `John ${XSS}`, phone: '', topicId: '2', subject: `Help ${XSS}`, message: `line one\nline two ${XSS}` },
      errors,
    },
    limits,
  }),

  portalThanks: (): PortalThanksVM => ({
    title: 'Ticket Created',
    ticket: { number: '123456', subject: `Broken ${XSS}`, email: 'john@example.com', url: `${BASE}/tickets/123456` },
  }),

  portalStatus: (notice: string | null = null, errors = {}): PortalStatusVM => ({
    title: 'Check Ticket Status',
    form: { values: { email: `x@y.z${XSS}`, number: '123456' }, errors },
    notice,
  }),

  portalTicket: (allowed = true): PortalTicketVM => ({
    title: 'Ticket #123456',
    ticket: {
      number: '123456',
      subject: `Broken ${XSS}`,
      statusName: 'Open',
      isClosed: !allowed,
      createdAt: '2026-11-23T14:05:00.000Z',
      topicName: null,
      departmentName: 'Support',
      replyUrl: `${BASE}/tickets/123456/reply`,
    },
    mergedInto: null,
    entries: entries().filter((e) => e.kind === 'message' || e.kind === 'response'),
    reply: { values: { message: `draft ${XSS}` }, errors: {}, allowed, hint: allowed ? null : 'This ticket is closed.' },
    limits,
  }),

  scpLogin: (notice: string | null = null): ScpLoginVM => ({
    title: 'Staff Log In',
    form: { values: { username: `jane${XSS}`, next: `/scp/tickets?x="${XSS}` }, errors: {} },
    notice,
  }),

  scpQueue: (rows = true): ScpQueueVM => ({
    title: 'Open Tickets',
    nav,
    queue: { key: 'open', name: 'Open', isCustom: false, deleteAction: null, isShared: false },
    columns: [
      { key: 'number', label: 'Ticket', sortUrl: `${BASE}/scp/tickets?queue=open&sort=number&dir=asc`, ariaSort: null },
      { key: 'subject', label: 'Subject', sortUrl: `${BASE}/scp/tickets?queue=open&sort=subject&dir=asc`, ariaSort: null },
      { key: 'updated', label: 'Last activity', sortUrl: `${BASE}/scp/tickets?queue=open&sort=updated&dir=desc`, ariaSort: null },
    ],
    show: { subject: true, from: true, priority: true, status: true, department: true, assignee: true, due: true, updated: true, created: false },
    exportUrl: `${BASE}/scp/export?queue=open`,
    bulk: {
      action: `${BASE}/scp/bulk`, returnTo: `${BASE}/scp/tickets?queue=open`, max: 100,
      agents: [{ id: 5, name: `Jane ${XSS}`, selected: false }], teams: [], departments: [{ id: 1, name: 'Support', selected: false }],
      statuses: [{ id: 1, name: 'Open', selected: false }], priorities: [{ id: 4, name: 'Emergency', selected: false }],
    },
    rows: rows
      ? [
          {
            id: 42,
            number: '123456',
            subject: `Printer ${XSS}`,
            userName: `John ${XSS}`,
            userEmail: 'john@example.com',
            createdAt: '2026-11-23T14:05:00.000Z',
            lastActivityAt: '2026-11-23T15:00:00.000Z',
            statusName: 'Open',
            priorityName: 'Emergency',
            priorityClass: 'priority-emergency',
            departmentName: 'Support',
            assigneeName: null,
            isAnswered: false,
            isOverdue: true,
            dueAt: '2026-11-24T22:00:00.000Z',
            isPaused: false,
            url: `${BASE}/scp/tickets/42`,
          },
        ]
      : [],
    nextUrl: rows ? `${BASE}/scp/tickets?queue=open&before=42` : null,
    firstUrl: null,
    emptyMessage: 'No open tickets. Nice work!',
  }),

  scpTicket: (overrides: Partial<ScpTicketVM> = {}): ScpTicketVM => ({
    title: 'Ticket #123456',
    nav,
    ticket: {
      id: 42,
      number: '123456',
      subject: `Printer ${XSS}`,
      statusName: 'Open',
      statusState: 'open',
      priorityName: 'High',
      priorityClass: 'priority-high',
      departmentName: 'Support',
      topicName: 'Report a Problem',
      slaName: null,
      assigneeName: null,
      source: 'Web',
      createdAt: '2026-11-23T14:05:00.000Z',
      lastActivityAt: '2026-11-23T15:00:00.000Z',
      closedAt: null,
      isAnswered: true,
      user: { name: `John ${XSS}`, email: 'john@example.com', phone: null },
      firstResponseDueAt: null,
      resolutionDueAt: '2026-11-24T22:00:00.000Z',
      dueAt: '2026-11-24T22:00:00.000Z',
      isOverdue: false,
    },
    entries: entries(),
    lastEntryId: 14,
    actionBase: `${BASE}/scp/tickets/42`,
    options: {
      statuses: options(['Open', 'Resolved', 'Closed'], 1),
      priorities: options(['Low', 'Normal', 'High', 'Emergency'], 3),
      departments: options(['Support', 'Billing'], 1),
      topics: options(['General Inquiry', 'Report a Problem'], 2),
      slaPlans: options(['Default SLA'], 0),
      agents: options([`Jane ${XSS}`, 'Joe Bloggs'], 0),
    },
    forms: {
      reply: { values: { message: '', statusId: '' }, errors: {} },
      note: { values: { title: '', message: '', statusId: '' }, errors: {} },
      status: { values: { statusId: '', comment: '' }, errors: {} },
    },
    openForm: null,
    limits,
    ...overrides,
  }),

  error: (): ErrorPageVM => ({ title: 'Page not found', status: 404, message: `Nothing at ${XSS}` }),
};

// ---------------------------------------------------------------------------------------------------
// Tiny HTML probes: our own markup is regular enough for regular expressions.

export const attr = (tag: string, name: string): string | null =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? (new RegExp(`\\s${name}(?=[\\s>])`).test(tag) ? '' : null);

export const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

export function forms(html: string) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attrs, inner]) => ({
    tag: `<form ${attrs}>`,
    controls: [...inner.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]),
  }));
}

export function labels(html: string) {
  return [...html.matchAll(/<label\b[^>]*\bfor="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].map(([, id, inner]) => ({
    id,
    text: text(inner),
  }));
}

/** The control a browser test reaches with getByLabel(label, { exact: true }), ignoring "(optional)". */
export function controlLabelled(html: string, label: string): string {
  const found = labels(html).filter((l) => l.text.replace(/\s*\(optional\)$/, '') === label);
  expect(found.map((l) => l.text)).toHaveLength(1);
  const control = new RegExp(`<(input|select|textarea)\\b[^>]*\\sid="${found[0].id}"[^>]*>`).exec(html);
  if (!control) throw new Error(`no control with id ${found[0].id} for label ${label}`);
  return control[0];
}

/** getByLabel(label) without exact matches substrings of labels and aria-labels: make sure only one does. */
export function expectUniqueLabel(html: string, label: string) {
  const names = [...labels(html).map((l) => l.text), ...[...html.matchAll(/\saria-label="([^"]*)"/g)].map((m) => m[1])];
  expect(names.filter((name) => name.toLowerCase().includes(label.toLowerCase()))).toHaveLength(1);
}

export function expectWellFormedPage(html: string) {
  // user text is escaped everywhere
  expect(html).not.toContain('<script>alert');
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // the only script is external (CSP)
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/\son[a-z]+=/);
  expect(html.match(/<h1\b/g)).toHaveLength(1);
  expect(html).toContain('<main id="main"');
  expect(html).toContain('href="#main"');
  expect(html).toContain(`href="${BASE}/public/css/app.css"`);

  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const { id, text: labelText } of labels(html)) {
    expect([id, ids.includes(id)]).toEqual([id, true]);
    expect(labelText).not.toBe('');
  }
  for (const [, refs] of html.matchAll(/\saria-describedby="([^"]+)"/g)) {
    for (const ref of refs.split(/\s+/)) expect([ref, ids.includes(ref)]).toEqual([ref, true]);
  }
  // every named control has a label
  for (const [control] of html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)) {
    if (attr(control, 'type') === 'hidden') continue;
    const id = attr(control, 'id');
    expect([control, id !== null && labels(html).some((l) => l.id === id)]).toEqual([control, true]);
  }

  for (const form of forms(html)) {
    if (attr(form.tag, 'method') !== 'post') continue;
    // CSRF first, so the server has it before any file part
    expect(form.controls[0]).toBe('<input type="hidden" name="_csrf" value="csrf-token-123">');
    if (attr(form.tag, 'enctype') === 'multipart/form-data') {
      const last = form.controls[form.controls.length - 1];
      expect(attr(last, 'type')).toBe('file');
      expect(attr(last, 'name')).toBe('attachments');
      expect(attr(last, 'multiple')).toBe('');
      expect(form.controls.filter((c) => attr(c, 'type') === 'file')).toHaveLength(1);
    }
  }
}

export const render422 = (html: string, id: string, message: string) => {
  const control = new RegExp(`<(input|select|textarea)\\b[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
  expect(attr(control, 'aria-invalid')).toBe('true');
  expect(attr(control, 'aria-describedby')?.split(' ')).toContain(`${id}-error`);
  expect(html).toContain(`<p class="field-error" id="${id}-error">${message}</p>`);
};
