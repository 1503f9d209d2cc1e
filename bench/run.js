#!/usr/bin/env node
// Closed-loop HTTP load against a RUNNING RelayDesk server with a generated data set (bench/README.md).
//
//   node bench/run.js [--base http://127.0.0.1:3000] [--connections 8] [--duration 20] [--user agent1]
//                     [--password bench-pass-123] [--deep-pages 50 | --deep-before ID] [--json]
//
// Node's http module and perf_hooks only: no load tool to install. Each of N clients sends a request,
// reads the whole response, and sends the next, for --duration seconds per scenario. Any response
// that is not 2xx (a redirect to the login page included) or a network error counts as an error.
'use strict';

const { parseOptions } = require('./options');

const http = require('node:http');
const https = require('node:https');
const { performance } = require('node:perf_hooks');

const USAGE = `Usage: node bench/run.js [options]

  --base URL          server root, with its BASE_PATH if any (default http://127.0.0.1:3000)
  --connections N     concurrent clients (default 8)
  --duration S        seconds per scenario (default 20)
  --warmup S          unmeasured seconds before each scenario (default 2)
  --user NAME         agent to log in as (default agent1, the admin; agent2 has two departments)
  --password P        (default bench-pass-123)
  --deep-pages N      follow the open queue's "Older" link N times to find the deep page (default 50)
  --deep-before ID    use this keyset cursor for the deep page instead of following links
  --scenarios LIST    comma list (default all): ${'${names}'}
  --search-term WORD  quick search term (default printer)
  --seed N            seed for the random ticket picks (default 1)
  --timeout S         per request (default 30)
  --json              print the results as JSON on stdout (the table goes to stderr)
  --help`;

function parseArgs(argv) {
  const defaults = {
    base: 'http://127.0.0.1:3000', connections: 8, duration: 20, warmup: 2, user: 'agent1', password: 'bench-pass-123',
    deepPages: 50, deepBefore: null, scenarios: null, searchTerm: 'printer', seed: 1, timeout: 30, json: false,
  };
  const numeric = new Set(['connections', 'duration', 'warmup', 'deepPages', 'deepBefore', 'seed', 'timeout']);
  const o = parseOptions(argv, {
    defaults, numeric, usage: () => USAGE.replace('${names}', SCENARIOS.map((s) => s.key).join(',')),
    flags: { json: (o) => { o.json = true; } },
  });
  o.base = o.base.replace(/\/+$/, '');
  return o;
}

// ---------------------------------------------------------------------------------------------------
// HTTP with a cookie jar

class Client {
  constructor(base, maxSockets, timeoutMs) {
    this.base = new URL(base);
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    this.lib = this.base.protocol === 'https:' ? https : http;
    this.agent = new this.lib.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.cookies = new Map();
    this.timeoutMs = timeoutMs;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(headers) {
    for (const line of headers['set-cookie'] || []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  /** path is relative to the server root (the base path is added). Resolves { status, headers, body, ms }. */
  request(method, path, { body = null, headers = {}, keepCookies = false } = {}) {
    const url = new URL(this.basePath + path, this.base);
    const h = { Accept: 'text/html', 'User-Agent': 'relaydesk-bench', ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.Cookie = cookie;
    if (body !== null) h['Content-Length'] = Buffer.byteLength(body);
    return new Promise((resolve) => {
      const started = performance.now();
      const req = this.lib.request(url, { method, headers: h, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (keepCookies) this.remember(res.headers);
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
        });
        res.on('error', (err) => resolve({ status: 0, error: err.message, headers: {}, body: '', ms: performance.now() - started }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => resolve({ status: 0, error: err.message, headers: {}, body: '', ms: performance.now() - started }));
      if (body !== null) req.write(body);
      req.end();
    });
  }
}

async function login(client, o) {
  const page = await client.request('GET', '/scp/login', { keepCookies: true });
  if (page.status !== 200) throw new Error(`GET /scp/login answered ${page.status || page.error}`);
  const m = page.body.match(/name="_csrf"\s+value="([^"]*)"/);
  if (!m) throw new Error('no _csrf field in the login form');
  const form = new URLSearchParams({ _csrf: decodeEntities(m[1]), username: o.user, password: o.password, next: '' }).toString();
  const res = await client.request('POST', '/scp/login', {
    body: form, keepCookies: true, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  if (res.status !== 303 && res.status !== 302) {
    throw new Error(`login as ${o.user} failed: POST /scp/login answered ${res.status || res.error} (wrong password, or not a generated data set?)`);
  }
  const check = await client.request('GET', '/scp/tickets?queue=open');
  if (check.status !== 200) throw new Error(`after login, GET /scp/tickets answered ${check.status}: the session cookie did not stick`);
  return check;
}

const decodeEntities = (s) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x2F;/g, '/').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'");

function ticketIds(client, html) {
  const re = new RegExp(`href="${escapeRe(client.basePath)}/scp/tickets/(\\d+)"`, 'g');
  const ids = new Set();
  for (const m of html.matchAll(re)) ids.add(Number(m[1]));
  return [...ids];
}

function olderCursor(html) {
  const m = decodeEntities(html).match(/href="[^"]*[?&]before=(\d+)[^"]*"\s+rel="next"/) || decodeEntities(html).match(/[?&]before=(\d+)/);
  return m ? Number(m[1]) : null;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads the open queue page by page: ticket ids for the ticket scenario, and the cursor N pages deep. */
async function discover(client, o, firstPage) {
  const ids = new Set(ticketIds(client, firstPage.body));
  let cursor = olderCursor(firstPage.body);
  let pages = 1;
  let deepBefore = o.deepBefore || null;
  if (!deepBefore) {
    while (cursor && pages < o.deepPages) {
      const res = await client.request('GET', `/scp/tickets?queue=open&before=${cursor}`);
      if (res.status !== 200) throw new Error(`GET open queue before=${cursor} answered ${res.status}`);
      for (const id of ticketIds(client, res.body)) ids.add(id);
      pages++;
      const next = olderCursor(res.body);
      if (!next) break;
      cursor = next;
    }
    deepBefore = cursor;
  }
  return { ids: [...ids], deepBefore, pages };
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

const SEARCH_WORDS = ['printer', 'invoice', 'refund', 'VPN', 'password', 'order', 'laptop', 'wifi', 'outage', 'warranty'];

const SCENARIOS = [
  { key: 'open', name: 'Open queue, first page', url: () => '/scp/tickets?queue=open' },
  { key: 'deep', name: 'Open queue, deep page', url: (ctx) => `/scp/tickets?queue=open&before=${ctx.deepBefore}`, needs: (ctx) => (ctx.deepBefore ? null : 'the open queue has a single page') },
  { key: 'answered', name: 'Answered queue', url: () => '/scp/tickets?queue=answered' },
  { key: 'mine', name: 'My Tickets, first page', url: () => '/scp/tickets?queue=mine' },
  { key: 'teams', name: 'My Teams', url: () => '/scp/tickets?queue=teams' },
  { key: 'unassigned', name: 'Unassigned', url: () => '/scp/tickets?queue=unassigned' },
  { key: 'overdue', name: 'Overdue', url: () => '/scp/tickets?queue=overdue' },
  { key: 'awaiting', name: 'Awaiting Response', url: () => '/scp/tickets?queue=awaiting' },
  { key: 'closed', name: 'Closed queue, first page', url: () => '/scp/tickets?queue=closed' },
  { key: 'updated', name: 'Open queue by last update', url: () => '/scp/tickets?queue=open&sort=updated&dir=desc' },
  { key: 'priority', name: 'Open queue by priority', url: () => '/scp/tickets?queue=open&sort=priority&dir=desc' },
  { key: 'ticket', name: 'Ticket page (random open)', url: (ctx) => `/scp/tickets/${ctx.ids[Math.floor(ctx.rng() * ctx.ids.length)]}`, needs: (ctx) => (ctx.ids.length ? null : 'no ticket ids found in the open queue') },
  { key: 'search', name: 'Quick search (words)', url: (ctx) => `/scp/search?q=${encodeURIComponent(ctx.rng() < 0.5 ? ctx.o.searchTerm : SEARCH_WORDS[Math.floor(ctx.rng() * SEARCH_WORDS.length)])}`, probe: true },
  { key: 'number', name: 'Quick search (number)', url: (ctx) => `/scp/search?q=${String(1 + Math.floor(ctx.rng() * ctx.maxNumber)).padStart(6, '0')}`, probe: true },
  { key: 'advanced', name: 'Advanced search', url: (ctx) => `/scp/search?q=${encodeURIComponent(SEARCH_WORDS[Math.floor(ctx.rng() * SEARCH_WORDS.length)])}&state=open&departmentId=1`, probe: true },
  { key: 'filters', name: 'Advanced search (no words)', url: () => '/scp/search?state=open&departmentId=1&priorityId=3&answered=no', probe: true },
];

function mulberry32(a) {
  return function next() {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** N clients in a closed loop for `seconds`; returns latencies (ms) of every finished request. */
async function load(client, scenario, ctx, connections, seconds) {
  const latencies = [];
  const statuses = {};
  let errors = 0, bytes = 0;
  const firstError = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) {
      const path = scenario.url(ctx);
      const res = await client.request('GET', path);
      latencies.push(res.ms);
      statuses[res.status] = (statuses[res.status] || 0) + 1;
      bytes += res.body.length;
      if (res.status < 200 || res.status > 299) {
        errors++;
        if (firstError.length < 3) firstError.push(`${res.status || res.error} ${path}`);
      }
    }
  }));
  return { latencies, statuses, errors, bytes, elapsed: (performance.now() - started) / 1000, firstError };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const out = o.json ? console.error : console.log;
  const client = new Client(o.base, o.connections, o.timeout * 1000);
  out(`RelayDesk bench: ${o.base} as ${o.user}, ${o.connections} connections, ${o.duration}s per scenario (+${o.warmup}s warm-up)`);
  const first = await login(client, o);
  const t = performance.now();
  const found = await discover(client, o, first);
  out(`discovery: ${found.ids.length} open ticket ids from ${found.pages} queue pages in ${Math.round(performance.now() - t)} ms; ` +
    `deep page cursor before=${found.deepBefore ?? '-'}${o.deepBefore ? ' (given)' : ''}`);
  // Generated numbers are the ids, zero-padded: the newest open ticket bounds the numbers that exist.
  const maxNumber = found.ids.length ? Math.max(...found.ids) : 1_000_000;
  const ctx = { o, ids: found.ids, deepBefore: found.deepBefore, maxNumber, rng: mulberry32(o.seed) };

  const wanted = o.scenarios ? new Set(o.scenarios.split(',').map((s) => s.trim())) : null;
  const results = [];
  for (const sc of SCENARIOS) {
    if (wanted && !wanted.has(sc.key)) continue;
    const row = { scenario: sc.key, name: sc.name };
    const missing = sc.needs ? sc.needs(ctx) : null;
    if (missing) { results.push({ ...row, skipped: missing }); out(`  ${sc.name}: skipped (${missing})`); continue; }
    if (sc.probe) {
      const probe = await client.request('GET', sc.url(ctx));
      if (probe.status === 404) {
        const note = `${sc.url(ctx).split('?')[0]} answered 404: not implemented yet`;
        results.push({ ...row, skipped: note });
        out(`  ${sc.name}: skipped (${note})`);
        continue;
      }
    }
    if (o.warmup > 0) await load(client, sc, ctx, o.connections, o.warmup);
    const r = await load(client, sc, ctx, o.connections, o.duration);
    const sorted = Float64Array.from(r.latencies).sort();
    const round = (x) => (x === null ? null : Math.round(x * 10) / 10);
    const res = {
      ...row, requests: sorted.length, rps: Math.round((sorted.length / r.elapsed) * 10) / 10,
      p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)),
      max: round(sorted.length ? sorted[sorted.length - 1] : null), errors: r.errors, statuses: r.statuses,
      avgBytes: sorted.length ? Math.round(r.bytes / sorted.length) : 0,
    };
    results.push(res);
    out(`  ${sc.name}: ${res.requests} requests, ${res.rps} req/s, p50 ${res.p50} ms, p95 ${res.p95} ms, p99 ${res.p99} ms, ${res.errors} errors` +
      (r.firstError.length ? ` (e.g. ${r.firstError.join('; ')})` : ''));
  }

  out('');
  out(table(results));
  if (o.json) {
    console.log(JSON.stringify({
      base: o.base, user: o.user, connections: o.connections, duration: o.duration, at: new Date().toISOString(),
      deepBefore: ctx.deepBefore, openIds: ctx.ids.length, results,
    }, null, 2));
  }
  client.agent.destroy();
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
}

function table(results) {
  const head = ['scenario', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
  const rows = results.map((r) => (r.skipped
    ? [r.name, '-', '-', '-', '-', '-', `skipped: ${r.skipped}`]
    : [r.name, r.requests, r.rps, r.p50, r.p95, r.p99, r.errors].map(String)));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.filter((r) => r[1] !== '-' || i < 6).map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i === 0 || i === 6 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w, i) => (i === 0 || i === 6 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

main().catch((err) => {
  console.error(`\nbench failed: ${err.message}`);
  process.exit(1);
});
