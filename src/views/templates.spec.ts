/**
 * Every page template renders its view-model contract inside its layout, with the real helpers and
 * partials, and the result keeps the promises the rest of the app relies on: user text escaped, CSRF in
 * every POST form, file inputs last in multipart forms, labelled controls with unique ids, no inline
 * script or style (the CSP forbids them), one <h1>.
 */
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

const VIEWS = path.resolve(__dirname, '../../views');
const XSS = '<script>alert("x")</script>';

// ---------------------------------------------------------------------------------------------------
// A Handlebars environment set up the way the app sets up hbs: our helpers, partials named by their
// path under views/partials (hbs needs `registerPartials(dir, { rename: (n) => n })` for this, since
// by default it turns "-" into "_"), and a page rendered first, then its layout with `body`.

const handlebars = hbs.create().handlebars;
for (const [name, fn] of Object.entries(viewHelpers)) handlebars.registerHelper(name, fn);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const partialsDir = path.join(VIEWS, 'partials');
const partialFiles = walk(partialsDir).filter((file) => file.endsWith('.hbs'));
for (const file of partialFiles) {
  const name = path.relative(partialsDir, file).slice(0, -'.hbs'.length).split(path.sep).join('/');
  handlebars.registerPartial(name, fs.readFileSync(file, 'utf8'));
}

// hbs renders with these runtime options; keep the same so behaviour matches.
const runtimeOptions = { allowProtoMethodsByDefault: true, allowProtoPropertiesByDefault: true };
type CompiledTemplate = (context: unknown, options?: object) => string;
const compiled = new Map<string, CompiledTemplate>();
function template(name: string): CompiledTemplate {
  let tpl = compiled.get(name);
  if (!tpl) {
    tpl = handlebars.compile(fs.readFileSync(path.join(VIEWS, `${name}.hbs`), 'utf8'));
    compiled.set(name, tpl);
  }
  return tpl;
}

function render(view: string, layout: 'layouts/portal' | 'layouts/scp', locals: object): string {
  const context: Record<string, unknown> = { ...locals, layout };
  context.body = template(view)(context, runtimeOptions);
  const html = template(layout)(context, runtimeOptions);
  return html;
}

// ---------------------------------------------------------------------------------------------------
// Sample view-models, typed against the contracts. User-controlled text carries a <script> payload.

const BASE = '/osTicket';

function portalLocals(overrides: Partial<LayoutLocals> = {}): LayoutLocals {
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

function scpLocals(overrides: Partial<LayoutLocals> = {}): LayoutLocals {
  return portalLocals({ staff: { id: 1, name: `Jane Roe ${XSS}`, isAdmin: true }, ...overrides });
}

const options = (names: string[], selected: number) =>
  names.map((name, i) => ({ id: i + 1, name, selected: i + 1 === selected }));

const limits = { maxFiles: 5, maxMegabytes: 10 };

function entries(): ThreadEntryVM[] {
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

const nav: QueueNavItem[] = [
  { key: 'open', name: 'Open', countLabel: '12', url: `${BASE}/scp/tickets?queue=open`, active: true, isCustom: false },
  { key: 'mine', name: 'My Tickets', countLabel: '3', url: `${BASE}/scp/tickets?queue=mine`, active: false, isCustom: false },
  { key: 'closed', name: 'Closed', countLabel: '999+', url: `${BASE}/scp/tickets?queue=closed`, active: false, isCustom: false },
  { key: 'q7', name: `Mine ${XSS}`, countLabel: '2', url: `${BASE}/scp/tickets?queue=q7`, active: false, isCustom: true },
];

const samples = {
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

const attr = (tag: string, name: string): string | null =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? (new RegExp(`\\s${name}(?=[\\s>])`).test(tag) ? '' : null);

const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

function forms(html: string) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attrs, inner]) => ({
    tag: `<form ${attrs}>`,
    controls: [...inner.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]),
  }));
}

function labels(html: string) {
  return [...html.matchAll(/<label\b[^>]*\bfor="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].map(([, id, inner]) => ({
    id,
    text: text(inner),
  }));
}

/** The control a browser test reaches with getByLabel(label, { exact: true }), ignoring "(optional)". */
function controlLabelled(html: string, label: string): string {
  const found = labels(html).filter((l) => l.text.replace(/\s*\(optional\)$/, '') === label);
  expect(found.map((l) => l.text)).toHaveLength(1);
  const control = new RegExp(`<(input|select|textarea)\\b[^>]*\\sid="${found[0].id}"[^>]*>`).exec(html);
  if (!control) throw new Error(`no control with id ${found[0].id} for label ${label}`);
  return control[0];
}

/** getByLabel(label) without exact matches substrings of labels and aria-labels: make sure only one does. */
function expectUniqueLabel(html: string, label: string) {
  const names = [...labels(html).map((l) => l.text), ...[...html.matchAll(/\saria-label="([^"]*)"/g)].map((m) => m[1])];
  expect(names.filter((name) => name.toLowerCase().includes(label.toLowerCase()))).toHaveLength(1);
}

function expectWellFormedPage(html: string) {
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

const render422 = (html: string, id: string, message: string) => {
  const control = new RegExp(`<(input|select|textarea)\\b[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
  expect(attr(control, 'aria-invalid')).toBe('true');
  expect(attr(control, 'aria-describedby')?.split(' ')).toContain(`${id}-error`);
  expect(html).toContain(`<p class="field-error" id="${id}-error">${message}</p>`);
};

// ---------------------------------------------------------------------------------------------------

describe('views', () => {

  describe('templates', () => {
    const templates = walk(VIEWS).filter((f) => f.endsWith('.hbs'));

    it('use triple-stash only for the layout body', () => {
      for (const file of templates) {
        const triples = fs.readFileSync(file, 'utf8').match(/\{\{\{[^}]*\}\}\}/g) ?? [];
        const allowed = file.includes(`${path.sep}layouts${path.sep}`) ? ['{{{body}}}'] : [];
        expect([file, triples]).toEqual([file, allowed]);
      }
    });

    it('only reference partials that exist', () => {
      for (const file of templates) {
        for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/\{\{~?>\s*([\w/-]+)/g)) {
          expect([file, name, fs.existsSync(path.join(partialsDir, `${name}.hbs`))]).toEqual([file, name, true]);
        }
      }
    });

    it('print url fields with this.url: a bare {{url}} would call the url helper instead', () => {
      for (const file of templates) {
        expect([file, fs.readFileSync(file, 'utf8').match(/\{\{url\}\}/g)]).toEqual([file, null]);
      }
    });
  });

  describe('portal layout', () => {
    it('links the areas under the base path and offers sign out to a visitor with access', () => {
      const html = render('portal/home', 'layouts/portal', {
        ...portalLocals({ portalAccess: { email: `v@x.y${XSS}` }, flash: [{ type: 'success', message: `Done ${XSS}` }] }),
        ...samples.portalHome(),
      });
      expectWellFormedPage(html);
      expect(html).toContain('<title>Welcome to the Support Center · Acme Support</title>');
      expect(html).toContain(`href="${BASE}/tickets/new"`);
      expect(html).toContain(`href="${BASE}/status"`);
      expect(html).toContain(`action="${BASE}/status/signout"`);
      expect(html).toMatch(/class="flash flash-success" role="status">Done &lt;script&gt;/);
    });

    it('shows no sign out without portal access, and error flashes as alerts', () => {
      const html = render('portal/home', 'layouts/portal', {
        ...portalLocals({ flash: [{ type: 'error', message: 'Nope' }] }),
        ...samples.portalHome(),
      });
      expect(html).not.toContain('/status/signout');
      expect(html).toContain('<p class="flash flash-error" role="alert">Nope</p>');
    });

    it('works with an empty base path', () => {
      const html = render('portal/home', 'layouts/portal', { ...portalLocals({ base: '' }), ...samples.portalHome() });
      expect(html).toContain('href="/public/css/app.css"');
      expect(html).toContain('href="/tickets/new"');
    });
  });

  describe('portal/open', () => {
    it('renders the form with the labels the browser tests use, keeping what was typed', () => {
      const html = render('portal/open', 'layouts/portal', { ...portalLocals(), ...samples.portalOpen() });
      expectWellFormedPage(html);
      expect(html).toContain(`action="${BASE}/tickets" enctype="multipart/form-data"`);
      expect(attr(controlLabelled(html, 'Email address'), 'name')).toBe('email');
      expect(attr(controlLabelled(html, 'Email address'), 'value')).toBe('a@b.c&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(attr(controlLabelled(html, 'Full name'), 'name')).toBe('name');
      expect(attr(controlLabelled(html, 'Phone number'), 'name')).toBe('phone');
      expect(attr(controlLabelled(html, 'Help topic'), 'name')).toBe('topicId');
      expect(attr(controlLabelled(html, 'Issue summary'), 'name')).toBe('subject');
      expect(attr(controlLabelled(html, 'Issue details'), 'name')).toBe('message');
      expect(attr(controlLabelled(html, 'Attachments'), 'name')).toBe('attachments');
      expect(html).toContain('<option value="2" selected>Billing &lt;script&gt;');
      expect(html).toMatch(/<button type="submit"[^>]*>Create Ticket<\/button>/);
      expect(html).toContain('Up to 5 files, 10&nbsp;MB each.');
    });

    it('keeps multi-line text in a textarea exactly as typed', () => {
      const html = render('portal/open', 'layouts/portal', { ...portalLocals(), ...samples.portalOpen() });
      expect(html).toMatch(/<textarea[^>]*id="open-message"[^>]*>\nline one\nline two &lt;script&gt;/);
    });

    it('puts each 422 message next to its field, linked by aria-describedby', () => {
      const errors = { email: 'Enter a valid email address.', topicId: 'Choose a help topic.', message: 'Describe the issue.', attachments: 'Too many files.' };
      const html = render('portal/open', 'layouts/portal', { ...portalLocals(), ...samples.portalOpen(errors) });
      expectWellFormedPage(html);
      render422(html, 'open-email', 'Enter a valid email address.');
      render422(html, 'open-topic', 'Choose a help topic.');
      render422(html, 'open-message', 'Describe the issue.');
      render422(html, 'open-attachments', 'Too many files.');
      expect(attr(controlLabelled(html, 'Full name'), 'aria-invalid')).toBeNull();
    });
  });

  describe('portal/thanks', () => {
    it('shows the ticket number and links to the ticket', () => {
      const html = render('portal/thanks', 'layouts/portal', { ...portalLocals(), ...samples.portalThanks() });
      expectWellFormedPage(html);
      expect(html).toContain('#123456');
      expect(html).toContain(`href="${BASE}/tickets/123456"`);
    });
  });

  describe('portal/status', () => {
    it('renders the check form', () => {
      const html = render('portal/status', 'layouts/portal', { ...portalLocals(), ...samples.portalStatus() });
      expectWellFormedPage(html);
      expect(html).toContain(`action="${BASE}/status"`);
      expect(attr(controlLabelled(html, 'Email address'), 'name')).toBe('email');
      expect(attr(controlLabelled(html, 'Ticket number'), 'value')).toBe('123456');
      expect(html).toMatch(/<button type="submit"[^>]*>Check Status<\/button>/);
    });

    it('shows the generic notice and field errors', () => {
      const html = render('portal/status', 'layouts/portal', {
        ...portalLocals(),
        ...samples.portalStatus('We could not find that ticket.', { number: 'Enter a ticket number.' }),
      });
      expectWellFormedPage(html);
      expect(html).toContain('role="alert">We could not find that ticket.</p>');
      render422(html, 'status-number', 'Enter a ticket number.');
    });
  });

  describe('portal/ticket', () => {
    it('renders the thread and the reply form', () => {
      const html = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket() });
      expectWellFormedPage(html);
      expect(html).toContain('My printer is on fire.<br>Second line &lt;script&gt;');
      expect(html).toContain(`<form class="form" method="post" action="${BASE}/tickets/123456/reply" enctype="multipart/form-data"`);
      expect(attr(controlLabelled(html, 'Your reply'), 'name')).toBe('message');
      expect(html).toMatch(/<button type="submit"[^>]*>Post Reply<\/button>/);
      expect(html).toContain(`href="${BASE}/scp/attachments/7"`);
      expect(html).toContain('<time class="entry-time" datetime="2026-11-23T14:05:00.000Z">23 Nov 2026, 14:05</time>');
    });

    it('replaces the form with the hint when replies are not allowed', () => {
      const html = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(false) });
      expectWellFormedPage(html);
      expect(html).not.toContain('/reply"');
      expect(html).toContain('This ticket is closed.');
    });

    it('says so when the thread is empty', () => {
      const html = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(), entries: [] });
      expect(html).toContain('There are no messages in this thread yet.');
    });

    it('points a merged ticket to its survivor, linked only when the visitor may open it, with no reply section', () => {
      const linked = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(false), mergedInto: { number: '100050', url: `${BASE}/tickets/100050` } });
      expectWellFormedPage(linked);
      expect(linked).toContain(`This ticket was merged into <a href="${BASE}/tickets/100050">ticket #100050</a>; the conversation continues there.`);
      expect(linked).not.toContain('Post a Reply');
      const hidden = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(false), mergedInto: { number: null, url: null } });
      expect(hidden).toContain('This ticket was merged into another ticket; the conversation continues there.');
      expect(hidden).not.toContain('100050');
    });
  });

  describe('scp/login', () => {
    it('renders the login form without staff navigation', () => {
      const html = render('scp/login', 'layouts/scp', { ...portalLocals(), ...samples.scpLogin('Wrong username or password.') });
      expectWellFormedPage(html);
      expect(html).toContain(`action="${BASE}/scp/login"`);
      expect(attr(controlLabelled(html, 'Username or email'), 'name')).toBe('username');
      expect(attr(controlLabelled(html, 'Password'), 'type')).toBe('password');
      expect(html).toContain('<input type="hidden" name="next" value="/scp/tickets?x&#x3D;&quot;&lt;script&gt;');
      expect(html).toContain('role="alert">Wrong username or password.</p>');
      expect(html).toMatch(/<button type="submit"[^>]*>Log in<\/button>/);
      expect(html).not.toContain('/scp/logout');
    });
  });

  describe('scp layout and queue', () => {
    it('renders the queues, the table and pagination', () => {
      const html = render('scp/queue', 'layouts/scp', { ...scpLocals(), ...samples.scpQueue() });
      expectWellFormedPage(html);
      expect(html).toContain(`<a href="${BASE}/scp/tickets?queue&#x3D;open" aria-current="page">Open <span class="count">12`);
      expect(html).toContain('999+');
      expect(html).toContain(`action="${BASE}/scp/logout"`);
      expect(html).toContain(`href="${BASE}/scp/admin"`);
      expect(html).toContain('class="queue-row priority-emergency is-overdue"');
      expect(html).toContain(`href="${BASE}/scp/tickets/42"`);
      expect(html).toContain(`href="${BASE}/scp/tickets?queue&#x3D;open&amp;before&#x3D;42" rel="next"`);
    });

    it('shows the empty message when the queue is empty', () => {
      const html = render('scp/queue', 'layouts/scp', { ...scpLocals(), ...samples.scpQueue(false) });
      expectWellFormedPage(html);
      expect(html).toContain('No open tickets. Nice work!');
      expect(html).not.toContain('<table');
      expect(html).not.toContain('class="pagination"');
    });
  });

  describe('scp/ticket', () => {
    it('renders header, properties, the whole thread and every action form', () => {
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...samples.scpTicket() });
      expectWellFormedPage(html);
      expect(html).toContain('class="entry entry-message"');
      expect(html).toContain('class="entry entry-event"');
      expect(html).toContain('<span class="entry-label">Internal note</span>');
      expect(html).toContain('class="entry entry-response entry-new"');
      for (const action of ['reply', 'note', 'status', 'assign', 'transfer', 'priority', 'topic', 'sla']) {
        const form = forms(html).find((f) => attr(f.tag, 'action') === `${BASE}/scp/tickets/42/${action}`);
        expect([action, form?.controls[1]]).toEqual([action, '<input type="hidden" name="lastEntryId" value="14">']);
      }
      const fields: Array<[string, string]> = [
        ['Reply', 'message'],
        ['Internal note', 'message'],
        ['Note title', 'title'],
        ['Status', 'statusId'],
      ];
      for (const [label, name] of fields) {
        expectUniqueLabel(html, label);
        expect(attr(controlLabelled(html, label), 'name')).toBe(name);
      }
      expect(attr(controlLabelled(html, 'Status'), 'id')).toBe('status-status');
      for (const button of ['Post Reply', 'Post Note', 'Change Status', 'Assign', 'Transfer', 'Set Priority', 'Set Help Topic', 'Set SLA Plan']) {
        expect(html).toMatch(new RegExp(`<button type="submit"[^>]*>${button}</button>`));
      }
      // the current values are selected; the reply and note status default to "unchanged"
      expect(html).toMatch(/id="status-status"[^>]*>\s*<option value="1" selected>Open/);
      expect(html).toMatch(/id="reply-status"[^>]*>\s*<option value="">Unchanged \(Open\)<\/option>\s*<option value="1">Open/);
      expect(html).toMatch(/id="priority-priority"[\s\S]*?<option value="3" selected>High/);
      expect(html).toMatch(/id="sla-plan"[^>]*>\s*<option value="">None<\/option>\s*<option value="1">Default SLA/);
      expect(html).toContain('Note (optional, e.g. a resolution note)');
      expect(html).not.toMatch(/<details[^>]*\sopen/);
    });

    it('renders the team, release, merge and link forms, links, the lock notice, canned responses and the signature box', () => {
      const vm = samples.scpTicket({
        ticket: { ...samples.scpTicket().ticket, assigneeName: 'Jane Roe', teamName: `Level ${XSS}` },
        options: { ...samples.scpTicket().options, teams: options([`Level ${XSS}`], 0) },
        links: [{ kind: 'related', number: '100043', subject: `Dup ${XSS}`, url: `${BASE}/scp/tickets/43`, reason: XSS, isClosed: false, unlinkUrl: `${BASE}/scp/tickets/42/links/43/delete` }],
        mergedInto: null,
        lock: { name: `Jane ${XSS}`, replying: true },
        lockUrl: `${BASE}/scp/tickets/42/lock`,
        canned: [{ id: 3, title: `Hello ${XSS}` }],
        hasSignature: true,
        printUrl: `${BASE}/scp/tickets/42/print`,
        forms: { ...samples.scpTicket().forms, reply: { values: { message: '', statusId: '', appendSignature: '1', cannedIds: '3' }, errors: {} } },
      });
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...vm });
      expectWellFormedPage(html);
      for (const action of ['team', 'release', 'merge', 'link']) {
        const form = forms(html).find((f) => attr(f.tag, 'action') === `${BASE}/scp/tickets/42/${action}`);
        expect([action, form?.controls[1]]).toEqual([action, '<input type="hidden" name="lastEntryId" value="14">']);
      }
      expect(html).toContain(`action="${BASE}/scp/tickets/42/links/43/delete"`);
      expect(html).toContain('Jane &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; is replying to this ticket.');
      expect(html).toContain(`formaction="${BASE}/scp/tickets/42/reply/canned"`);
      expect(attr(controlLabelled(html, 'Append my signature'), 'checked')).toBe('');
      expect(html).toContain(`href="${BASE}/scp/tickets/42/print"`);
      expect(html).toContain(`src="${BASE}/public/js/ticket-page.js"`);
    });

    it('shows the merge banner instead of the merge form on a merged ticket', () => {
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...samples.scpTicket({ mergedInto: { number: '100050', url: `${BASE}/scp/tickets/50` } }) });
      expectWellFormedPage(html);
      expect(html).toContain(`This ticket was merged into <a href="${BASE}/scp/tickets/50">ticket #100050</a>`);
      expect(html).not.toContain('id="action-merge"');
    });

    it('re-renders a failed form open, with its values and messages', () => {
      const vm = samples.scpTicket({
        openForm: 'status',
        forms: {
          reply: { values: { message: 'para one\n\npara two', statusId: '2' }, errors: { message: 'Too long.' } },
          note: { values: { title: 'T', message: '', statusId: '' }, errors: { message: 'Write a note.' } },
          status: { values: { statusId: '3', comment: 'Fixed it' }, errors: { statusId: 'Choose another status.' } },
        },
      });
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...vm });
      expectWellFormedPage(html);
      expect(html).toContain('<details class="action" id="action-status" open>');
      expect(html.match(/<details[^>]*\sopen/g)).toHaveLength(1);
      expect(html).toMatch(/<textarea[^>]*id="reply-message"[^>]*>\npara one\n\npara two<\/textarea>/);
      render422(html, 'reply-message', 'Too long.');
      render422(html, 'note-message', 'Write a note.');
      render422(html, 'status-status', 'Choose another status.');
      expect(html).toMatch(/id="reply-status"[\s\S]*?<option value="2" selected>Resolved/);
      expect(html).toMatch(/id="status-status"[^>]*>\s*<option value="1">Open<\/option>\s*<option value="2">Resolved<\/option>\s*<option value="3" selected>Closed/);
      expect(html).toMatch(/<textarea[^>]*id="status-comment"[^>]*>\nFixed it<\/textarea>/);
    });
  });

  describe('scp/ticket-print', () => {
    it('renders the ticket for paper with the notes switch', () => {
      const html = render('scp/ticket-print', 'layouts/scp', {
        ...scpLocals(), title: 'Print', ticket: samples.scpTicket().ticket, entries: entries(), withNotes: false,
        ticketUrl: `${BASE}/scp/tickets/42`, printUrl: `${BASE}/scp/tickets/42/print`,
      });
      expectWellFormedPage(html);
      expect(html).toContain('(without internal notes)');
      expect(attr(controlLabelled(html, 'Include internal notes and events'), 'checked')).toBeNull();
    });
  });

  describe('errors/error', () => {
    it('renders inside the portal layout', () => {
      const html = render('errors/error', 'layouts/portal', { ...portalLocals(), ...samples.error() });
      expectWellFormedPage(html);
      expect(html).toContain('Error 404');
      expect(html).toContain(`href="${BASE}/"`);
    });

    it('renders inside the staff layout', () => {
      const html = render('errors/error', 'layouts/scp', { ...scpLocals(), ...samples.error() });
      expectWellFormedPage(html);
      expect(html).toContain(`href="${BASE}/scp/tickets"`);
    });
  });
});
