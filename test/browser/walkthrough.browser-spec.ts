import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { DEMO_PASSWORD, ROOT, RunningServer, startServer } from './server';

const SHOTS = path.join(ROOT, 'test-results');

const KAREN = { email: 'karen@example.com', name: 'Karen', phone: '555-0100' };
const TEXT = {
  subject: 'Mobile banking is down',
  message: 'Since this morning the app says "Service unavailable" and I cannot see my accounts.',
  note: 'Gateway certificates look expired; Jane, can you check the auth gateway?',
  noteTitle: 'Escalated to System Administrators',
  reply: 'Hi Karen, we found the problem with the login gateway and fixed it. Please try again.',
  resolution: 'Root cause: expired TLS certificate on the auth gateway. Renewed it and added monitoring.',
  karenReply: 'It worked for a day but the app is failing again this morning.',
};

/**
 * The DOMAIN.md walkthrough as a person does it, in headless Chromium against the built server:
 * Karen opens a ticket on the portal, John triages it at /scp, Jane answers and resolves it, Karen reads
 * the answer (and nothing internal) and replies, which reopens it. Forms are filled by their labels.
 */
describe('walkthrough in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  /** A fresh browser profile (its own cookies): one per person. */
  async function person(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    // A 5xx or an uncaught script error during the walkthrough is a failure even if the page looks fine.
    page.on('response', (res) => {
      if (res.status() >= 500) pageErrors.push(`${res.status()} ${res.url()}`);
    });
    page.on('pageerror', (err) => pageErrors.push(`page error: ${err.message}`));
    return page;
  }
  const pageErrors: string[] = [];
  const url = (p: string) => `${server.baseUrl}${p}`;

  async function logIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/scp/login'));
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForURL(/\/scp\/tickets/);
    await expectText(page.locator('.session-who'), username === 'john' ? 'John Doe' : 'Jane Roe');
  }

  const QUEUE_KEYS = { Open: 'open', 'My Tickets': 'mine', Closed: 'closed' } as const;

  /** Clicks a queue in the navigation and waits for its page (its own URL and heading). */
  async function openQueue(page: Page, queue: keyof typeof QUEUE_KEYS): Promise<void> {
    await page.locator('.queue-nav').getByRole('link', { name: queue }).click();
    await page.waitForURL(new RegExp(`/scp/tickets\\?queue=${QUEUE_KEYS[queue]}$`));
    await expectText(page.locator('h1'), queue);
  }

  /** Opens an action panel (a <details>) in the ticket sidebar, as a person clicks its summary. */
  async function openAction(page: Page, id: string): Promise<void> {
    const details = page.locator(`#${id}`);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  }

  /** Clicks a submit button and waits for the page the POST redirects to (303) to load. */
  async function submit(page: Page, button: string, scope = page.locator('main')): Promise<void> {
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await scope.getByRole('button', { name: button, exact: true }).click();
    await navigated;
    await page.waitForLoadState('load');
  }

  it('Karen opens, John triages, Jane resolves, Karen reads and reopens', async () => {
    // 1. Karen opens a ticket on the portal.
    const karen = await person();
    await karen.goto(url('/'));
    await karen.getByRole('link', { name: 'Open a New Ticket' }).first().click();
    await karen.waitForURL(/\/tickets\/new$/);
    await karen.getByLabel('Email address').fill(KAREN.email);
    await karen.getByLabel('Full name').fill(KAREN.name);
    await karen.getByLabel('Phone number').fill(KAREN.phone);
    await karen.getByLabel('Help topic').selectOption({ label: 'Report a Problem' });
    await karen.getByLabel('Issue summary').fill(TEXT.subject);
    await karen.getByLabel('Issue details').fill(TEXT.message);
    await karen.getByLabel('Attachments').setInputFiles({ name: 'error-message.txt', mimeType: 'text/plain', buffer: Buffer.from('Service unavailable (code 503)\n') });
    await submit(karen, 'Create Ticket');
    await karen.waitForURL(/\/tickets\/thanks$/);
    const shown = (await karen.locator('.ticket-number').first().textContent())?.trim() ?? '';
    expect(shown).toMatch(/^#\d{6,}$/);
    const number = shown.slice(1);
    await expectText(karen.locator('main'), TEXT.subject);

    // 2. John finds it in Open and triages it.
    const john = await person();
    await logIn(john, 'john');
    await openQueue(john, 'Open');
    const row = john.locator('tr.queue-row', { has: john.getByRole('link', { name: `#${number}`, exact: true }) });
    await expectCount(row, 1);
    await expectText(row, 'Karen');
    await row.getByRole('link', { name: `#${number}`, exact: true }).click();
    await john.waitForURL(/\/scp\/tickets\/\d+$/);
    await expectText(john.locator('.ticket-head'), `Ticket #${number}`);
    await expectText(john.locator('.thread'), TEXT.message);
    await expectText(john.locator('.thread .attachments'), 'error-message.txt');

    await openAction(john, 'action-topic');
    await john.locator('#topic-topic').selectOption({ label: 'Report a Problem / Access Issue' });
    await submit(john, 'Set Help Topic');
    await expectText(john.locator('.properties'), 'Report a Problem / Access Issue');
    await expectText(john.locator('.thread'), 'John Doe changed the help topic from Report a Problem to Report a Problem / Access Issue');

    await openAction(john, 'action-priority');
    await john.locator('#priority-priority').selectOption({ label: 'Emergency' });
    await submit(john, 'Set Priority');
    await expectText(john.locator('.ticket-head'), 'Emergency priority');

    await openAction(john, 'action-assign');
    await john.locator('#assign-staff').selectOption({ label: 'Jane Roe' });
    await submit(john, 'Assign');
    await expectText(john.locator('.properties'), 'Jane Roe');
    await expectText(john.locator('.thread'), 'John Doe assigned the ticket to Jane Roe');

    await john.getByLabel('Note title').fill(TEXT.noteTitle);
    await john.getByLabel('Internal note', { exact: true }).fill(TEXT.note);
    await submit(john, 'Post Note');
    const note = john.locator('.thread .entry-note', { hasText: TEXT.note });
    await expectCount(note, 1);
    await expectText(note.locator('.entry-label'), 'Internal note');
    await expectText(note, TEXT.noteTitle);
    await expectText(note, 'John Doe');
    await john.screenshot({ path: path.join(SHOTS, 'walkthrough-scp-ticket-john.png'), fullPage: true });

    // 3. Jane finds it in My Tickets, replies and resolves it.
    const jane = await person();
    await logIn(jane, 'jane');
    await openQueue(jane, 'My Tickets');
    await jane.getByRole('link', { name: `#${number}`, exact: true }).click();
    await jane.waitForURL(/\/scp\/tickets\/\d+$/);
    await expectText(jane.locator('.thread .entry-note'), TEXT.note);

    await jane.getByLabel('Reply', { exact: true }).fill(TEXT.reply);
    await submit(jane, 'Post Reply', jane.locator('#reply'));
    const response = jane.locator('.thread .entry-response', { hasText: TEXT.reply });
    await expectCount(response, 1);
    await expectText(response, 'Jane Roe');

    await openAction(jane, 'action-status');
    await jane.locator('#status-status').selectOption({ label: 'Resolved' });
    await jane.locator('#status-comment').fill(TEXT.resolution);
    await submit(jane, 'Change Status');
    await expectText(jane.locator('.ticket-head .status'), 'Resolved');
    const resolution = jane.locator('.thread .entry-note', { hasText: TEXT.resolution });
    await expectCount(resolution, 1);
    await expectText(resolution, 'Resolution note');
    await jane.screenshot({ path: path.join(SHOTS, 'walkthrough-scp-ticket.png'), fullPage: true });

    // It left Open and shows in Closed.
    await openQueue(jane, 'Closed');
    await expectCount(jane.getByRole('link', { name: `#${number}`, exact: true }), 1);
    await openQueue(john, 'Open');
    await expectCount(john.getByRole('link', { name: `#${number}`, exact: true }), 0);
    await openQueue(john, 'Closed');
    await expectCount(john.getByRole('link', { name: `#${number}`, exact: true }), 1);

    // 4. Karen checks the status (a fresh visit: email + number) and sees the answer, nothing internal.
    const karenLater = await person();
    await karenLater.goto(url('/'));
    await karenLater.getByRole('link', { name: 'Check Ticket Status' }).first().click();
    await karenLater.getByLabel('Email address', { exact: true }).fill(KAREN.email);
    await karenLater.getByLabel('Ticket number', { exact: true }).fill(number);
    await submit(karenLater, 'Check Status');
    await karenLater.waitForURL(new RegExp(`/tickets/${number}$`));
    await expectText(karenLater.locator('.ticket-head'), `Ticket #${number}`);
    await expectText(karenLater.locator('.ticket-head .status'), 'Resolved');
    await expectText(karenLater.locator('.thread'), TEXT.message);
    await expectText(karenLater.locator('.thread'), TEXT.reply);
    // The DOM text, hidden parts included: nothing internal may be in the page at all.
    const portalText = squash((await karenLater.locator('main').textContent()) ?? '');
    expect(portalText).not.toContain(TEXT.note);
    expect(portalText).not.toContain(TEXT.noteTitle);
    expect(portalText).not.toContain(TEXT.resolution);
    expect(portalText).not.toContain('Internal note');
    expect(portalText).not.toContain('Resolution note');

    // 5. Karen replies, which reopens the ticket.
    await karenLater.getByLabel('Your reply').fill(TEXT.karenReply);
    await submit(karenLater, 'Post Reply');
    await karenLater.waitForURL(new RegExp(`/tickets/${number}$`));
    await expectText(karenLater.locator('.ticket-head .status'), 'Open');
    await expectText(karenLater.locator('.thread'), TEXT.karenReply);
    await karenLater.screenshot({ path: path.join(SHOTS, 'walkthrough-portal-ticket.png'), fullPage: true });

    // Jane sees the reopening in the thread, and the ticket is back in Open.
    await openQueue(jane, 'Open');
    await jane.getByRole('link', { name: `#${number}`, exact: true }).click();
    await expectText(jane.locator('.ticket-head .status'), 'Open');
    await expectText(jane.locator('.thread'), 'Karen reopened the ticket');
    await expectText(jane.locator('.thread'), TEXT.karenReply);

    expect(pageErrors).toEqual([]);
    expect(server.output()).not.toMatch(/"level":(50|60)|\bERROR\b/);
  });
});

/**
 * Waits up to 10 s for the locator's text to contain `text` (playwright-core has no auto-waiting
 * expect). Compares the DOM text with whitespace collapsed, not the rendered text, which CSS may
 * upper-case.
 */
async function expectText(locator: Locator, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = squash((await locator.allTextContents().catch(() => [])).join(' '));
    if (seen.includes(squash(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected to see "${text}" in ${locator}, saw:\n${seen.slice(0, 2000)}`);
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Waits up to 10 s for the locator to match exactly `n` elements. */
async function expectCount(locator: Locator, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let count = -1;
  while (Date.now() < deadline) {
    count = await locator.count();
    if (count === n) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${n} of ${locator}, found ${count}`);
}
