import * as path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { ROOT, RunningServer, startServer } from './server';

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const PASSWORD = 'a long enough password';

/** The little of better-sqlite3 this test uses (the package ships no types; TypeORM loads it the same way). */
interface SqliteDb {
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => SqliteDb;

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/**
 * Accessibility of the portal's main pages (issue #6 item 5): axe-core runs in headless Chromium on
 * each page, on a desktop and on a phone-sized screen, and any serious or critical violation fails.
 * The visitor signs up, confirms the address from the mail (read from the outbox), signs in and opens
 * a ticket with the keyboard, so My Tickets and the ticket page have content to check.
 */
describe('portal accessibility in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const url = (p: string) => `${server.baseUrl}${p}`;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startServer();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  // bypassCSP: our CSP (rightly) refuses the injected axe script; the pages themselves are unchanged.
  async function person(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport, bypassCSP: true });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    return context.newPage();
  }

  async function expectAccessible(page: Page, label: string): Promise<void> {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run({ resultTypes: ['violations'] })).violations;
    });
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect({ page: label, serious }).toEqual({ page: label, serious: [] });
  }

  /** The verification link of the newest mail to `to`, read from the server's outbox. */
  function mailedLink(to: string, pathPrefix: string): string {
    const db = new Database(server.env.DATABASE_URL.replace(/^sqlite:/, ''), { readonly: true });
    try {
      const row = db.prepare('SELECT text_body FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1').get(to) as { text_body: string };
      return new RegExp(`${pathPrefix}/[A-Za-z0-9_-]+`).exec(row.text_body)![0];
    } finally {
      db.close();
    }
  }

  it('has no serious or critical violations on the public pages, on a desktop and on a phone', async () => {
    // Public sign-up, so the account pages exist: written to the settings table as the admin page would.
    const db = new Database(server.env.DATABASE_URL.replace(/^sqlite:/, ''));
    try {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('clientRegistration', '\"public\"', CURRENT_TIMESTAMP) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    } finally {
      db.close();
    }
    // The server caches settings for a few seconds: wait until it serves the sign-up page.
    const probe = await person();
    for (let i = 0; i < 50 && (await probe.goto(url('/account/register')))?.status() !== 200; i++) await probe.waitForTimeout(200);

    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const visitor = await person(viewport);
      for (const [p, name] of [['/', 'home'], ['/tickets/new', 'open ticket'], ['/status', 'status'], ['/account/login', 'sign in'], ['/account/register', 'sign up']]) {
        await visitor.goto(url(p));
        await expectAccessible(visitor, `${name} at ${viewport.width}px`);
      }
    }
  });

  it('signs up, signs in and opens a ticket with the keyboard; My Tickets and the ticket page pass too', async () => {
    const karen = await person();
    await karen.goto(url('/account/register'));
    await karen.getByLabel('Email address').fill('karen.a11y@example.com');
    await karen.getByLabel('Full name').fill('Karen Able');
    await karen.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await karen.getByLabel('Password again').fill(PASSWORD);
    await karen.getByLabel('Password again').press('Enter');
    await karen.waitForURL(/\/account\/registered/);
    await expectAccessible(karen, 'check your email');

    await karen.goto(url(mailedLink('karen.a11y@example.com', '/account/verify')));
    await expectAccessible(karen, 'confirm email');
    await karen.getByRole('button', { name: 'Confirm my email address' }).click();
    await karen.waitForURL(/\/account\/login/);
    await karen.getByLabel('Email address').fill('karen.a11y@example.com');
    await karen.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await karen.getByRole('button', { name: 'Sign In' }).click();
    await karen.waitForURL(/\/my-tickets/);
    await expectAccessible(karen, 'my tickets (empty)');

    // The whole form by keyboard: the skip link comes first, then the fields in order.
    await karen.goto(url('/tickets/new'));
    await karen.keyboard.press('Tab');
    expect(await karen.evaluate('document.activeElement && document.activeElement.textContent.trim()')).toBe('Skip to main content');
    await karen.getByLabel('Email address').fill('karen.a11y@example.com');
    await karen.getByLabel('Full name').fill('Karen Able');
    await karen.getByLabel('Help topic').selectOption({ label: 'General Inquiry' });
    await karen.getByLabel('Issue summary').fill('Cannot print invoices');
    await karen.getByLabel('Issue details').fill('The print button does nothing.');
    await karen.getByLabel('Issue summary').press('Enter');
    await karen.waitForURL(/\/tickets\/thanks/);

    await karen.goto(url('/my-tickets'));
    await expectAccessible(karen, 'my tickets');
    await karen.getByRole('link', { name: 'Cannot print invoices' }).click();
    await karen.waitForURL(/\/tickets\/\w+/);
    await expectAccessible(karen, 'ticket page');
  });
});
