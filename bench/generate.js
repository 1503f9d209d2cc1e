#!/usr/bin/env node
// Loads a MariaDB/MySQL database with a help desk at scale for the bench tier (see bench/README.md).
//
//   node bench/generate.js [--tickets 1000000] [--url mysql://root@127.0.0.1:3306/relaydesk_bench]
//                          [--seed 42] [--now 2026-01-01] [--migrate] [--reset] [--concurrency 3] ...
//
// Plain CommonJS on purpose: it runs with `node`, no TypeScript toolchain. Deterministic for a given
// --seed and --now: every chunk of rows is drawn from its own PRNG stream, so the number of parallel
// connections and the order in which chunks land do not change the data.
'use strict';

const { parseOptions } = require('./options');

const path = require('node:path');
const { spawnSync } = require('node:child_process');
const mysql = require('mysql2/promise');
const V = require('./vocabulary');

const ROOT = path.resolve(__dirname, '..');
const DAY = 86_400_000;
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: node bench/generate.js [options]

  --tickets N        tickets to create (default 1000000; ~4.8 thread entries each)
  --users N          end users (default: tickets / 5, at least 1000, at most 200000)
  --agents N         agents, usernames agent1..agentN (default 200; agent1 is an admin)
  --departments N    departments in all, including the 3 the migrations create (default 20)
  --teams N          teams in all, including the 1 the migrations create (default 10)
  --url URL          mysql://user:pass@host:port/db or mariadb://... (default mysql://root@127.0.0.1:3306/relaydesk_bench)
  --seed N           PRNG seed (default 42)
  --now DATE         the "present" of the data set, ISO date (default: today, 00:00 UTC)
  --years N          history length (default 3)
  --migrate          CREATE DATABASE IF NOT EXISTS, then run the app's migrations (npm run migration:run)
  --reset            DROP the database first (implies --migrate); refuses databases not named *bench*
  --concurrency N    parallel connections for the load (default 3)
  --chunk N          tickets per transaction (default 1000)
  --batch N          rows per INSERT statement for thread entries and users (default 2500)
  --password P       agents' password (default bench-pass-123)
  --tune-server      SET GLOBAL innodb_flush_log_at_trx_commit=2 during the load, restored afterwards
  --no-analyze       skip ANALYZE TABLE at the end
  --help`;

function parseArgs(argv) {
  const defaults = {
    tickets: 1_000_000, users: null, agents: 200, departments: 20, teams: 10,
    url: 'mysql://root@127.0.0.1:3306/relaydesk_bench', seed: 42, now: null, years: 3,
    migrate: false, reset: false, concurrency: 3, chunk: 1000, batch: 2500, password: 'bench-pass-123',
    tuneServer: false, analyze: true,
  };
  const numeric = new Set(['tickets', 'users', 'agents', 'departments', 'teams', 'seed', 'years', 'concurrency', 'chunk', 'batch']);
  const on = (key) => (o) => { o[key] = true; };
  const o = parseOptions(argv, {
    defaults, numeric, usage: () => USAGE,
    flags: { migrate: on('migrate'), reset: on('reset'), tuneServer: on('tuneServer'), noAnalyze: (o) => { o.analyze = false; } },
  });
  if (o.reset) o.migrate = true;
  if (o.users === null) o.users = Math.min(200_000, Math.max(1000, Math.round(o.tickets / 5)));
  o.departments = Math.max(3, Math.min(3 + V.DEPARTMENTS.length, o.departments));
  o.teams = Math.max(1, Math.min(1 + V.TEAMS.length, o.teams));
  if (o.agents < 3) throw new Error('--agents must be at least 3');
  const today = new Date();
  o.nowMs = o.now ? Date.parse(o.now) : Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (!Number.isFinite(o.nowMs)) throw new Error('--now must be an ISO date');
  return o;
}

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness: mulberry32 streams keyed by (seed, stream, index).

function mulberry32(a) {
  return function next() {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(...parts) {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13; h = Math.imul(h, 0x5bd1e995); h ^= h >>> 15;
  }
  return h >>> 0;
}

const STREAM = { counts: 1, tickets: 2, users: 3, staff: 4, userName: 5 };

const pick = (rng, arr) => arr[Math.floor(rng() * arr.length)];

/** A sampler over weights: returns an index. */
function weighted(weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  const cum = [];
  let acc = 0;
  for (const w of weights) { acc += w / total; cum.push(acc); }
  cum[cum.length - 1] = 1;
  return (rng) => {
    const r = rng();
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (r < cum[mid]) hi = mid; else lo = mid + 1; }
    return lo;
  };
}

function gaussian(rng) {
  const u = 1 - rng(), v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// ---------------------------------------------------------------------------------------------------
// SQL text helpers. Every string is escaped once; vocabulary is escaped at start-up.

const esc = (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "''");
const q = (s) => (s === null || s === undefined ? 'NULL' : `'${s}'`); // s is already escaped
const dt = (ms) => (ms === null ? 'NULL' : `'${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`);
const E = (arr) => arr.map(esc);

const slug = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

const FIRST = E(V.FIRST_NAMES), LAST = E(V.LAST_NAMES);
const FIRST_SLUG = V.FIRST_NAMES.map(slug), LAST_SLUG = V.LAST_NAMES.map(slug);
const SUBJECTS = E(V.SUBJECTS), PRODUCTS = E(V.PRODUCTS), PLACES = E(V.PLACES), APPS = E(V.APPS), MONTHS = V.MONTHS;
const GREET = E(V.GREETINGS_USER), SIGN_USER = E(V.SIGNOFFS_USER), SIGN_AGENT = E(V.SIGNOFFS_AGENT);
const USER_S = E(V.USER_SENTENCES), AGENT_S = E(V.AGENT_SENTENCES), NOTE_S = E(V.NOTE_SENTENCES);

// ---------------------------------------------------------------------------------------------------
// The fixed parts of the model (match the migrations' default data).

const STATUS = {
  open: { id: 1, name: 'Open', state: 'open' },
  progress: { id: 2, name: 'In Progress', state: 'open' },
  awaiting: { id: 3, name: 'Awaiting Response', state: 'open' },
  resolved: { id: 4, name: 'Resolved', state: 'closed' },
  closed: { id: 5, name: 'Closed', state: 'closed' },
};
const PRIORITIES = [{ id: 1, name: 'Low' }, { id: 2, name: 'Normal' }, { id: 3, name: 'High' }, { id: 4, name: 'Emergency' }];
const pickPriority = weighted([15, 65, 15, 5]);
const SOURCES = ['email', 'web', 'phone', 'api', 'other'];
const pickSource = weighted([50, 35, 10, 4, 1]);
const SLA_HOURS = { 1: 18, 2: 8, 3: 72 };
const SLA_NAMES = { 1: 'Default SLA', 2: 'Priority (8h)', 3: 'Standard (3 days)' };
// Thread length 2..8 entries, ~4.8 on average.
const pickEntryCount = weighted([10, 18, 20, 18, 14, 11, 9]);
const OPEN_SHARE = 0.15; // Open 10%, In Progress 3%, Awaiting Response 2%
const pickOpenStatus = weighted([10, 3, 2]);
const OPEN_STATUSES = [STATUS.open, STATUS.progress, STATUS.awaiting];

/** Builds departments, topics, agents and teams (in memory) from the options. */
function buildOrganisation(o) {
  const rng = mulberry32(mix(o.seed, STREAM.staff));
  const createdAt = o.nowMs - o.years * 365.25 * DAY - 60 * DAY;
  const departments = [];
  const baseNames = ['Support', 'Sales', 'Maintenance'];
  const deptSla = { Billing: 3, 'Technical Support': 2, 'Network Operations': 2, Shipping: 3 };
  const privateDepts = new Set(['Maintenance', 'Security', 'Human Resources', 'Legal', 'Payroll', 'Compliance']);
  for (let id = 1; id <= o.departments; id++) {
    const name = id <= 3 ? baseNames[id - 1] : V.DEPARTMENTS[id - 4];
    departments.push({
      id, name, nameSql: esc(name), isNew: id > 3, isPublic: !privateDepts.has(name),
      slaPlanId: id === 1 ? 1 : deptSla[name] ?? null,
      // Zipf-like: a few departments get most of the tickets.
      weight: 1 / Math.pow(id, 1.1), topics: [],
    });
  }
  // Help topics: the migrations' four belong to Support; one "<Department> Request" topic for each other.
  const topics = [
    { id: 1, deptId: 1, slaPlanId: null, fullName: 'General Inquiry' },
    { id: 2, deptId: 1, slaPlanId: null, fullName: 'Feedback' },
    { id: 3, deptId: 1, slaPlanId: 1, fullName: 'Report a Problem' },
    { id: 4, deptId: 1, slaPlanId: 1, fullName: 'Report a Problem / Access Issue' },
  ];
  for (const d of departments.slice(1)) topics.push({ id: topics.length + 1, deptId: d.id, slaPlanId: null, fullName: `${d.name} Request`, isNew: true });
  for (const t of topics) departments[t.deptId - 1].topics.push(t);

  // Agents: agent1 admin in Support; agent2 Support + Sales (extended) and team 1; agent3.. one per
  // department so each has someone; the rest spread over departments by (damped) ticket volume.
  const pickDept = weighted(departments.map((d) => Math.sqrt(d.weight)));
  const pickRole = weighted([15, 45, 35, 5]); // All Access, Expanded, Limited, View Only
  const staff = [];
  for (let id = 1; id <= o.agents; id++) {
    const fi = Math.floor(rng() * FIRST.length), li = Math.floor(rng() * LAST.length);
    let deptId;
    if (id <= 2) deptId = 1;
    else if (id - 2 <= departments.length) deptId = id - 2;
    else deptId = departments[pickDept(rng)].id;
    const roleId = id === 1 ? 1 : id === 2 ? 2 : pickRole(rng) + 1;
    staff.push({
      id, username: `agent${id}`, email: `agent${id}@helpdesk.example`, first: FIRST[fi], last: LAST[li],
      name: `${FIRST[fi]} ${LAST[li]}`, deptId, roleId, isAdmin: id === 1, isActive: id <= 2 || rng() > 0.03,
      extended: [], teams: [], signature: rng() < 0.5 ? `${FIRST[fi]} ${LAST[li]}\n${departments[deptId - 1].nameSql}` : null,
    });
  }
  staff[1].extended.push({ deptId: 2, roleId: 2 });
  for (const a of staff.slice(2)) {
    if (rng() < 0.1) {
      const n = rng() < 0.7 ? 1 : 2;
      for (let k = 0; k < n; k++) {
        const d = departments[pickDept(rng)].id;
        if (d !== a.deptId && !a.extended.some((e) => e.deptId === d)) a.extended.push({ deptId: d, roleId: 3 });
      }
    }
  }
  const teamNames = ['Level I Support', ...V.TEAMS];
  const teams = [];
  for (let id = 1; id <= o.teams; id++) teams.push({ id, name: teamNames[id - 1], nameSql: esc(teamNames[id - 1]), members: [] });
  const join = (a, t) => { if (!a.teams.includes(t.id)) { a.teams.push(t.id); t.members.push(a.id); } };
  join(staff[1], teams[0]);
  for (const a of staff.slice(2)) {
    const i = a.id - 3;
    if (i < 3 * teams.length) join(a, teams[i % teams.length]);
    else if (rng() < 0.35) join(a, pick(rng, teams));
    if (rng() < 0.08) join(a, pick(rng, teams));
  }
  for (const t of teams) t.leadId = t.members.length ? Math.min(...t.members) : null;

  // Who may work a department's tickets (primary or extended access), for assignment.
  for (const d of departments) d.agents = [];
  for (const a of staff) {
    departments[a.deptId - 1].agents.push(a);
    for (const e of a.extended) departments[e.deptId - 1].agents.push(a);
  }
  return { departments, topics, staff, teams, createdAt, pickDept: weighted(departments.map((d) => d.weight)) };
}

// ---------------------------------------------------------------------------------------------------
// End users: a pure function of the id, so tickets can name their user without a lookup.

function userOf(o, id) {
  const h = mix(o.seed, STREAM.userName, id);
  const fi = h % FIRST.length, li = (h >>> 8) % LAST.length;
  return {
    name: `${FIRST[fi]} ${LAST[li]}`, first: FIRST[fi],
    email: `${FIRST_SLUG[fi]}.${LAST_SLUG[li]}.${id}@${V.EMAIL_DOMAINS[(h >>> 16) % V.EMAIL_DOMAINS.length]}`,
  };
}

/** A permutation of 1..n (multiplier coprime to n), so the heavy users are not ids 1, 2, 3. */
function userPermutation(n) {
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  let m = 7919;
  while (gcd(m, n) !== 1) m += 2;
  return (k) => ((k * m + 12345) % n) + 1;
}

function usersSql(o, from, to) {
  const rng = mulberry32(mix(o.seed, STREAM.users, from));
  const start = o.nowMs - o.years * 365.25 * DAY;
  const rows = [];
  for (let id = from; id <= to; id++) {
    const u = userOf(o, id);
    const created = start - Math.floor(rng() * 2 * 365 * DAY);
    const phone = rng() < 0.3 ? `'+1 555 ${String(100 + Math.floor(rng() * 900))} ${String(1000 + Math.floor(rng() * 9000))}'` : 'NULL';
    rows.push(`(${id},'${u.email}','${u.name}',${phone},${dt(created)},${dt(created)})`);
  }
  return `INSERT INTO users (id,email,name,phone,created_at,updated_at) VALUES ${rows.join(',')}`;
}

// ---------------------------------------------------------------------------------------------------
// Tickets and threads

/**
 * Chance a ticket of this age (days) is still open: nearly all of the last weeks' tickets, few old
 * ones; `a` is solved so that OPEN_SHARE of all tickets are open.
 */
function openModel(o) {
  const floor = 0.02, tau = 45, cap = 0.97;
  const spanDays = o.years * 365.25;
  const ages = [];
  for (let i = 0; i < 20000; i++) ages.push((1 - timeFraction((i + 0.5) / 20000)) * spanDays);
  const share = (a) => ages.reduce((s, age) => s + Math.min(cap, floor + a * Math.exp(-age / tau)), 0) / ages.length;
  let lo = 0, hi = 50;
  for (let k = 0; k < 60; k++) { const mid = (lo + hi) / 2; if (share(mid) < OPEN_SHARE) lo = mid; else hi = mid; }
  const a = (lo + hi) / 2;
  return (ageDays) => Math.min(cap, floor + a * Math.exp(-ageDays / tau));
}

/** Ticket volume doubles over the period: position u in [0,1) of the ids -> fraction of the time span. */
function timeFraction(u) {
  return Math.sqrt(1 + 3 * u) - 1;
}

function fillSubject(rng) {
  const s = pick(rng, SUBJECTS).replace(/\{(\w+)\}/g, (_m, slot) => {
    switch (slot) {
      case 'product': return pick(rng, PRODUCTS);
      case 'place': return pick(rng, PLACES);
      case 'app': return pick(rng, APPS);
      case 'month': return pick(rng, MONTHS);
      case 'n': return String(10000 + Math.floor(rng() * 990000));
      case 'code': return rng() < 0.5 ? `INV-${10000 + Math.floor(rng() * 90000)}` : `E${1000 + Math.floor(rng() * 9000)}`;
      default: return slot;
    }
  });
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A body of 100..1500 characters (skewed short) built from whole sentences. */
function body(rng, head, sentences, tail) {
  const target = 100 + Math.floor(1400 * Math.pow(rng(), 2.2));
  let text = head ? `${head}\n\n` : '';
  let n = 0;
  while (true) {
    const s = pick(rng, sentences);
    if (n > 0 && (text.length + s.length + 1 + tail.length > 1500 || text.length + tail.length >= target + 2)) break;
    text += s;
    n++;
    text += rng() < 0.25 ? '\n\n' : ' ';
  }
  return text.trimEnd() + tail;
}

function buildChunk(o, org, model, chunkIndex, counts, entryBase) {
  const rng = mulberry32(mix(o.seed, STREAM.tickets, chunkIndex));
  const N = o.tickets;
  const first = chunkIndex * o.chunk + 1;
  const last = Math.min(N, first + o.chunk - 1);
  const start = o.nowMs - o.years * 365.25 * DAY;
  const span = o.nowMs - start;
  const { departments, staff, teams } = org;
  const ticketRows = [];
  const entryRows = [];
  let entryId = entryBase;
  const userSkew = 2.2;

  for (let id = first; id <= last; id++) {
    const created = start + Math.floor(timeFraction((id - 1 + rng()) / N) * span);
    const ageDays = (o.nowMs - created) / DAY;
    const isOpen = rng() < model(ageDays);
    const status = isOpen ? OPEN_STATUSES[pickOpenStatus(rng)] : rng() < 0.35 ? STATUS.resolved : STATUS.closed;
    const dept = departments[org.pickDept(rng)];
    const topic = dept.id === 1 ? pick(rng, dept.topics) : rng() < 0.8 ? dept.topics[0] : null;
    const priority = PRIORITIES[pickPriority(rng)];
    const slaPlanId = (topic && topic.slaPlanId) || dept.slaPlanId || 1;
    const userId = org.userAt(Math.floor(o.users * Math.pow(rng(), userSkew)));
    const user = userOf(o, userId);
    const source = SOURCES[pickSource(rng)];
    const subject = fillSubject(rng);

    let assignee = null, teamId = null;
    const r = rng();
    if (r < 0.7 && dept.agents.length) {
      assignee = pick(rng, dept.agents);
      if (rng() < 0.1 && assignee.teams.length) teamId = pick(rng, assignee.teams);
    } else if (r < 0.745) {
      teamId = pick(rng, teams).id;
    }
    const actor = () => (assignee && rng() < 0.7 ? assignee : dept.agents.length ? pick(rng, dept.agents) : staff[0]);

    // When the story ends: closed tickets after a log-normal resolution time, open ones somewhere before now.
    let end;
    if (isOpen) end = created + Math.floor((o.nowMs - created) * Math.sqrt(rng()));
    else end = created + Math.max(5 * 60_000, Math.floor(Math.exp(Math.log(20) + 1.5 * gaussian(rng)) * HOUR));
    end = Math.min(end, o.nowMs - 60_000);
    if (end < created) end = created;

    // The thread: message + "created" event, a conversation, and the closing event for closed tickets.
    const k = counts[id - 1];
    const plan = [];
    const closing = !isOpen;
    plan.push('message');
    if (!(closing && k === 2)) plan.push('created');
    const middle = k - plan.length - (closing ? 1 : 0);
    let prev = 'message';
    for (let i = 0; i < middle; i++) {
      let kind;
      if (i === 0 && assignee && rng() < 0.8) kind = 'assigned';
      else if (i === middle - 1 && (status === STATUS.progress || status === STATUS.awaiting)) kind = 'status_changed';
      else {
        const x = rng();
        if (prev === 'response') kind = x < 0.6 ? 'message' : x < 0.75 ? 'note' : x < 0.9 ? 'response' : x < 0.95 ? 'priority_changed' : 'transferred';
        else kind = x < 0.75 ? 'response' : x < 0.9 ? 'note' : x < 0.95 ? 'priority_changed' : 'transferred';
      }
      plan.push(kind);
      if (kind === 'message' || kind === 'response') prev = kind;
    }
    if (closing) plan.push('closed');

    // Times: the first two at creation, the rest spread up to `end` (the closing one exactly at end).
    const times = [created];
    let tPrev = created;
    for (let i = 1; i < plan.length; i++) {
      if (plan[i] === 'created') { times.push(created); continue; }
      const remaining = plan.length - i;
      const t = i === plan.length - 1 ? end : tPrev + Math.floor(((end - tPrev) / remaining) * (0.3 + 1.4 * rng()));
      tPrev = Math.max(tPrev, Math.min(t, end));
      times.push(tPrev);
    }

    let lastMessage = created, lastResponse = null, firstResponse = null, answered = false;
    for (let i = 0; i < plan.length; i++) {
      const kind = plan[i], at = times[i];
      let type, event = null, staffId = null, entryUser = null, poster, text, data = null;
      if (kind === 'message') {
        type = 'message'; entryUser = userId; poster = user.name;
        text = body(rng, pick(rng, GREET), USER_S, `\n\n${pick(rng, SIGN_USER)}\n${user.first}`);
        lastMessage = at; answered = false;
      } else if (kind === 'response') {
        const a = actor();
        type = 'response'; staffId = a.id; poster = a.name;
        text = body(rng, `Hi ${user.first},`, AGENT_S, `\n\n${pick(rng, SIGN_AGENT)}\n${a.name}\n${dept.nameSql}`);
        lastResponse = at; if (firstResponse === null) firstResponse = at; answered = true;
      } else if (kind === 'note') {
        const a = actor();
        type = 'note'; staffId = a.id; poster = a.name;
        text = body(rng, null, NOTE_S, '');
      } else {
        type = 'event'; event = kind;
        if (kind === 'created') {
          entryUser = userId; poster = user.name;
          text = `${user.name} opened the ticket via ${source === 'web' ? 'the web portal' : source === 'api' ? 'the API' : source === 'other' ? 'another channel' : source}`;
          data = `{"source":"${source}"}`;
        } else {
          const a = actor();
          staffId = a.id; poster = a.name;
          if (kind === 'assigned') {
            text = a === assignee ? `${a.name} claimed the ticket` : `${a.name} assigned the ticket to ${assignee.name}`;
            data = `{"staffId":${assignee.id},"to":"${assignee.name}"}`;
          } else if (kind === 'status_changed') {
            text = `${a.name} changed the status from Open to ${status.name}`;
            data = `{"from":"Open","to":"${status.name}"}`;
          } else if (kind === 'closed') {
            text = `${a.name} closed the ticket as ${status.name}`;
            data = `{"from":"Open","to":"${status.name}"}`;
          } else if (kind === 'priority_changed') {
            const from = priority.id === 2 ? 'Low' : 'Normal';
            text = `${a.name} changed the priority from ${from} to ${priority.name}`;
            data = `{"from":"${from}","to":"${priority.name}"}`;
          } else {
            const from = departments[(dept.id % departments.length)].nameSql;
            text = `${a.name} transferred the ticket from ${from} to ${dept.nameSql}`;
            data = `{"from":"${from}","to":"${dept.nameSql}"}`;
          }
        }
      }
      entryRows.push(`(${entryId++},${id},'${type}',${event ? `'${event}'` : 'NULL'},${staffId ?? 'NULL'},${entryUser ?? 'NULL'},'${poster}',NULL,'${text}',${data ? `'${data}'` : 'NULL'},${dt(at)})`);
    }

    const slaDue = created + SLA_HOURS[slaPlanId] * HOUR;
    const overdue = isOpen && status !== STATUS.awaiting && slaDue < o.nowMs ? 1 : 0;
    const dueAt = rng() < 0.02 ? created + (1 + Math.floor(rng() * 7)) * DAY : null;
    const updated = times[times.length - 1];
    ticketRows.push(
      `(${id},'${String(id).padStart(6, '0')}','${subject}',${userId},${status.id},'${status.state}',${dept.id},${topic ? topic.id : 'NULL'},` +
      `${priority.id},${slaPlanId},${assignee ? assignee.id : 'NULL'},${teamId ?? 'NULL'},'${source}',${answered ? 1 : 0},${overdue},` +
      `${dt(dueAt)},${dt(slaDue)},${plan.length},${dt(created)},${dt(updated)},${dt(lastMessage)},${dt(lastResponse)},` +
      `${dt(firstResponse)},NULL,${closing ? dt(end) : 'NULL'})`,
    );
  }

  const statements = [
    'INSERT INTO tickets (id,number,subject,user_id,status_id,state,department_id,help_topic_id,priority_id,sla_plan_id,' +
    'staff_id,team_id,source,is_answered,is_overdue,due_at,sla_due_at,version,created_at,updated_at,last_message_at,' +
    `last_response_at,first_response_at,reopened_at,closed_at) VALUES ${ticketRows.join(',')}`,
  ];
  for (let i = 0; i < entryRows.length; i += o.batch) {
    statements.push(
      'INSERT INTO thread_entries (id,ticket_id,type,event,staff_id,user_id,poster_name,title,body,data,created_at) VALUES ' +
      entryRows.slice(i, i + o.batch).join(','),
    );
  }
  return { statements, tickets: last - first + 1, entries: entryRows.length };
}

// ---------------------------------------------------------------------------------------------------
// Database plumbing

function connectionUrl(url) {
  return url.replace(/^mariadb:/, 'mysql:');
}

async function connect(url, database = true) {
  const u = new URL(connectionUrl(url));
  if (!database) u.pathname = '/';
  const conn = await mysql.createConnection({ uri: u.toString(), charset: 'utf8mb4_unicode_ci', timezone: 'Z', multipleStatements: false });
  return conn;
}

async function prepareDatabase(o) {
  const db = decodeURIComponent(new URL(connectionUrl(o.url)).pathname.replace(/^\//, ''));
  if (!db) throw new Error('--url must name a database');
  if (!o.migrate) return db;
  const admin = await connect(o.url, false);
  try {
    if (o.reset) {
      if (!/bench/i.test(db)) throw new Error(`--reset drops the database; refusing "${db}" (its name must contain "bench")`);
      console.log(`dropping database ${db}`);
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    }
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  migrate(o);
  return db;
}

function migrate(o) {
  const env = { ...process.env, DATABASE_URL: o.url, LOG_LEVEL: 'warn' };
  console.log(`running migrations: DATABASE_URL=${o.url} npm run migration:run`);
  const r = spawnSync('npm', ['run', 'migration:run'], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) return;
  console.warn(tail(`${r.stdout || ''}${r.stderr || ''}`, 30));
  // CASE: `npm run migration:run` builds first; while the app does not compile, tsc still emits the
  // migrations, so run them from dist/ (loudly) rather than give up.
  const ormconfig = path.join(ROOT, 'dist', 'ormconfig.js');
  if (require('node:fs').existsSync(ormconfig)) {
    console.warn('\n!! npm run migration:run failed (build errors?); running the migrations from the existing dist/ instead\n');
    const cli = require.resolve('typeorm/cli.js', { paths: [ROOT] });
    const r2 = spawnSync(process.execPath, [cli, 'migration:run', '-d', ormconfig], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r2.status === 0) return;
    console.warn(tail(`${r2.stdout || ''}${r2.stderr || ''}`, 30));
  }
  throw new Error('migrations failed');
}

const tail = (text, n) => text.trimEnd().split('\n').slice(-n).join('\n');

async function sessionForLoad(conn) {
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
}

async function checkSchema(conn, db, o) {
  const [tables] = await conn.query('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?', [db]);
  const names = new Set(tables.map((r) => r.t || r.TABLE_NAME));
  for (const t of ['tickets', 'thread_entries', 'users', 'staff', 'departments', 'teams', 'team_members', 'help_topics', 'sequences']) {
    if (!names.has(t)) {
      throw new Error(`table ${t} is missing in ${db}: migrate first (--migrate), or\n` +
        `  mysql -uroot -e "CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"\n` +
        `  DATABASE_URL=${o.url.replace(/^mysql:/, 'mariadb:')} npm run migration:run`);
    }
  }
  const [[c]] = await conn.query('SELECT (SELECT COUNT(*) FROM tickets) AS tickets, (SELECT COUNT(*) FROM staff) AS staff, (SELECT COUNT(*) FROM users) AS users');
  if (Number(c.tickets) + Number(c.staff) + Number(c.users) > 0) {
    throw new Error(`${db} already holds data (${c.tickets} tickets, ${c.staff} agents, ${c.users} users): use --reset to start over`);
  }
  const [[ref]] = await conn.query(
    'SELECT (SELECT COUNT(*) FROM departments) AS d, (SELECT COUNT(*) FROM teams) AS t, (SELECT COUNT(*) FROM help_topics) AS h, ' +
    '(SELECT COUNT(*) FROM ticket_statuses) AS s, (SELECT COUNT(*) FROM priorities) AS p, (SELECT COUNT(*) FROM roles) AS r',
  );
  if (Number(ref.d) !== 3 || Number(ref.t) !== 1 || Number(ref.h) !== 4 || Number(ref.s) < 5 || Number(ref.p) !== 4 || Number(ref.r) < 4) {
    throw new Error(`${db} does not look freshly migrated (expected the default departments, team, topics, statuses): use --reset`);
  }
}

async function insertOrganisation(conn, o, org, passwordHash) {
  const c = dt(org.createdAt);
  await conn.query(
    `INSERT INTO sla_plans (id,name,first_response_hours,resolution_hours,schedule_id,alerts_enabled,is_active,is_default,created_at) VALUES ` +
    `(2,'${SLA_NAMES[2]}',2,8,1,1,1,0,${c}),(3,'${SLA_NAMES[3]}',NULL,72,NULL,1,1,0,${c})`,
  );
  const newDepts = org.departments.filter((d) => d.isNew);
  if (newDepts.length) {
    await conn.query(`INSERT INTO departments (id,name,is_public,is_active,sla_plan_id,created_at) VALUES ` +
      newDepts.map((d) => `(${d.id},'${d.nameSql}',${d.isPublic ? 1 : 0},1,${d.slaPlanId ?? 'NULL'},${c})`).join(','));
  }
  const newTopics = org.topics.filter((t) => t.isNew);
  if (newTopics.length) {
    await conn.query(`INSERT INTO help_topics (id,parent_id,name,full_name,department_id,priority_id,sla_plan_id,is_public,is_active,sort,created_at) VALUES ` +
      newTopics.map((t) => `(${t.id},NULL,'${esc(t.fullName)}','${esc(t.fullName)}',${t.deptId},NULL,NULL,${org.departments[t.deptId - 1].isPublic ? 1 : 0},1,${t.id},${c})`).join(','));
  }
  await conn.query(`INSERT INTO staff (id,username,email,first_name,last_name,password_hash,is_admin,is_active,department_id,role_id,signature,last_login_at,created_at,updated_at) VALUES ` +
    org.staff.map((a) => `(${a.id},'${a.username}','${a.email}','${a.first}','${a.last}','${esc(passwordHash)}',${a.isAdmin ? 1 : 0},${a.isActive ? 1 : 0},` +
      `${a.deptId},${a.roleId},${q(a.signature)},NULL,${c},${c})`).join(','));
  const access = org.staff.flatMap((a) => a.extended.map((e) => `(${a.id},${e.deptId},${e.roleId})`));
  if (access.length) await conn.query(`INSERT INTO staff_department_access (staff_id,department_id,role_id) VALUES ${access.join(',')}`);
  await conn.query(`UPDATE teams SET lead_id = ${org.teams[0].leadId ?? 'NULL'} WHERE id = 1`);
  const newTeams = org.teams.slice(1);
  if (newTeams.length) {
    await conn.query(`INSERT INTO teams (id,name,lead_id,is_active,created_at) VALUES ` +
      newTeams.map((t) => `(${t.id},'${t.nameSql}',${t.leadId ?? 'NULL'},1,${c})`).join(','));
  }
  const members = org.teams.flatMap((t) => t.members.map((s) => `(${t.id},${s})`));
  if (members.length) await conn.query(`INSERT INTO team_members (team_id,staff_id) VALUES ${members.join(',')}`);
}

// ---------------------------------------------------------------------------------------------------
// Progress

function fmtDuration(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function progressPrinter(label, total, unit, extra) {
  const started = Date.now();
  let done = 0, lastDone = 0, lastAt = started;
  const print = (final) => {
    const now = Date.now();
    const elapsed = now - started;
    const rate = done / Math.max(1, elapsed) * 1000;
    const recent = (done - lastDone) / Math.max(1, now - lastAt) * 1000;
    lastDone = done; lastAt = now;
    const eta = rate > 0 ? (total - done) / rate * 1000 : 0;
    const pct = (done / total * 100).toFixed(1).padStart(5);
    console.log(`  ${label}: ${String(done).padStart(String(total).length)}/${total} ${pct}%  ` +
      `${Math.round(final ? rate : recent)} ${unit}/s${extra ? '  ' + extra() : ''}  ` +
      (final ? `done in ${fmtDuration(elapsed)}` : `elapsed ${fmtDuration(elapsed)}  ETA ${fmtDuration(eta)}`));
  };
  const timer = setInterval(() => print(false), 3000);
  return {
    add(n) { done += n; },
    finish() { clearInterval(timer); print(true); return Date.now() - started; },
  };
}

/** Runs `jobs` (async functions taking a connection) over the pool of connections. */
async function runPool(conns, count, job) {
  let next = 0;
  let failed = null;
  await Promise.all(conns.map(async (conn) => {
    while (!failed && next < count) {
      const i = next++;
      try {
        await job(conn, i);
      } catch (err) {
        failed = failed || err;
      }
    }
  }));
  if (failed) throw failed;
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  console.log(`RelayDesk bench data: ${o.tickets} tickets, ${o.users} users, ${o.agents} agents, ${o.departments} departments, ` +
    `${o.teams} teams; seed ${o.seed}; now ${new Date(o.nowMs).toISOString().slice(0, 10)}; ${o.concurrency} connections`);
  const db = await prepareDatabase(o);
  const main = await connect(o.url);
  await checkSchema(main, db, o);

  let restoreFlush = null;
  if (o.tuneServer) {
    const [[row]] = await main.query('SELECT @@GLOBAL.innodb_flush_log_at_trx_commit AS v');
    restoreFlush = Number(row.v);
    await main.query('SET GLOBAL innodb_flush_log_at_trx_commit = 2');
    console.log(`innodb_flush_log_at_trx_commit 2 for the load (was ${restoreFlush})`);
  }
  const conns = [];
  try {
    await sessionForLoad(main);
    const argon2 = require('argon2');
    // Same parameters as src/common/password.ts, computed once for every agent.
    // The salt comes from the seed too, so the whole data set is reproducible.
    const salt = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) salt.writeUInt32LE(mix(o.seed, STREAM.staff, 1000 + i), i * 4);
    const passwordHash = await argon2.hash(o.password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1, salt });
    const org = buildOrganisation(o);
    org.userAt = userPermutation(o.users);
    await insertOrganisation(main, o, org, passwordHash);
    console.log(`organisation: ${org.departments.length} departments, ${org.topics.length} help topics, ${org.teams.length} teams, ` +
      `${org.staff.length} agents (${org.staff.reduce((n, a) => n + a.extended.length, 0)} extended-access rows, ` +
      `${org.teams.reduce((n, t) => n + t.members.length, 0)} team memberships)`);

    for (let i = 0; i < o.concurrency; i++) {
      const c = await connect(o.url);
      await sessionForLoad(c);
      conns.push(c);
    }

    // Users
    const userBatch = o.batch;
    const userChunks = Math.ceil(o.users / userBatch);
    const up = progressPrinter('users', o.users, 'rows');
    await runPool(conns, userChunks, async (conn, i) => {
      const from = i * userBatch + 1, to = Math.min(o.users, from + userBatch - 1);
      await conn.query(usersSql(o, from, to));
      up.add(to - from + 1);
    });
    up.finish();

    // Tickets + thread entries. Entry ids are dense: each chunk's first id comes from the counts stream.
    const chunks = Math.ceil(o.tickets / o.chunk);
    const counts = new Uint8Array(o.tickets);
    const entryBase = new Float64Array(chunks + 1);
    let totalEntries = 0;
    for (let c = 0; c < chunks; c++) {
      const rng = mulberry32(mix(o.seed, STREAM.counts, c));
      entryBase[c] = totalEntries + 1;
      for (let id = c * o.chunk; id < Math.min(o.tickets, (c + 1) * o.chunk); id++) {
        counts[id] = pickEntryCount(rng) + 2;
        totalEntries += counts[id];
      }
    }
    entryBase[chunks] = totalEntries + 1;
    const model = openModel(o);
    let entriesDone = 0, bytes = 0;
    const tStart = Date.now();
    const tp = progressPrinter('tickets', o.tickets, 'tickets', () => {
      const s = (Date.now() - tStart) / 1000;
      return `${entriesDone}/${totalEntries} entries (${Math.round(entriesDone / Math.max(s, 0.001))}/s, ${(bytes / 1048576 / Math.max(s, 0.001)).toFixed(1)} MB/s sent)`;
    });
    await runPool(conns, chunks, async (conn, c) => {
      const chunk = buildChunk(o, org, model, c, counts, entryBase[c]);
      await conn.query('START TRANSACTION');
      for (const sql of chunk.statements) {
        bytes += sql.length;
        await conn.query(sql);
      }
      await conn.query('COMMIT');
      tp.add(chunk.tickets);
      entriesDone += chunk.entries;
    });
    const loadMs = tp.finish();

    await main.query("UPDATE sequences SET next_value = ? WHERE name = 'ticket_number'", [o.tickets + 1]);

    if (o.analyze) {
      const ta = Date.now();
      for (const t of ['tickets', 'thread_entries', 'users', 'staff', 'staff_department_access', 'team_members', 'departments', 'teams', 'help_topics']) {
        await main.query(`ANALYZE TABLE \`${t}\``);
      }
      console.log(`ANALYZE TABLE: ${fmtDuration(Date.now() - ta)}`);
    }

    // Summary
    const [[n]] = await main.query(
      'SELECT (SELECT COUNT(*) FROM tickets) AS tickets, (SELECT COUNT(*) FROM thread_entries) AS entries, (SELECT COUNT(*) FROM users) AS users, ' +
      '(SELECT COUNT(*) FROM staff) AS staff, (SELECT COUNT(*) FROM departments) AS departments, (SELECT COUNT(*) FROM teams) AS teams, ' +
      '(SELECT COUNT(*) FROM team_members) AS team_members, (SELECT COUNT(*) FROM staff_department_access) AS extended_access, ' +
      "(SELECT next_value FROM sequences WHERE name = 'ticket_number') AS next_number",
    );
    console.log('\ncounts:', Object.fromEntries(Object.entries(n).map(([k, v]) => [k, Number(v)])));
    const [byStatus] = await main.query(
      'SELECT s.name AS status, t.state, COUNT(*) AS n FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id GROUP BY s.name, t.state, t.status_id ORDER BY t.status_id',
    );
    for (const r of byStatus) console.log(`  ${r.status.padEnd(18)} ${r.state.padEnd(7)} ${String(r.n).padStart(9)}  ${(Number(r.n) / o.tickets * 100).toFixed(1)}%`);
    const [[assigned]] = await main.query("SELECT SUM(staff_id IS NOT NULL) AS a, SUM(team_id IS NOT NULL) AS t, SUM(state = 'open' AND staff_id IS NULL) AS ou FROM tickets");
    console.log(`  assigned to an agent ${(Number(assigned.a) / o.tickets * 100).toFixed(1)}%, to a team ${(Number(assigned.t) / o.tickets * 100).toFixed(1)}%, open and unassigned ${assigned.ou}`);
    const [sizes] = await main.query(
      'SELECT table_name AS t, ROUND(data_length/1048576) AS data_mb, ROUND(index_length/1048576) AS index_mb FROM information_schema.tables ' +
      "WHERE table_schema = ? AND table_name IN ('tickets','thread_entries','users')", [db]);
    for (const s of sizes) console.log(`  ${String(s.t || s.TABLE_NAME).padEnd(15)} data ${s.data_mb} MB, indexes ${s.index_mb} MB`);
    const small = org.staff.find((a) => a.id > 2 && a.deptId === org.departments.length && !a.isAdmin && a.extended.length === 0);
    console.log('\nsample agents (password ' + o.password + '):');
    console.log('  agent1: admin');
    console.log(`  agent2: departments [1, 2], teams [${org.staff[1].teams.join(', ')}]`);
    if (small) console.log(`  ${small.username}: departments [${small.deptId}] (the smallest), teams [${small.teams.join(', ')}]`);
    console.log(`\ntickets + entries loaded in ${fmtDuration(loadMs)} (${Math.round(o.tickets / loadMs * 1000)} tickets/s, ` +
      `${Math.round(totalEntries / loadMs * 1000)} entries/s, ${(bytes / 1048576).toFixed(0)} MB of SQL); total ${fmtDuration(Date.now() - t0)}`);
  } finally {
    if (restoreFlush !== null) {
      await main.query(`SET GLOBAL innodb_flush_log_at_trx_commit = ${restoreFlush}`).catch(() => {});
      console.log(`innodb_flush_log_at_trx_commit restored to ${restoreFlush}`);
    }
    for (const c of conns) await c.end().catch(() => {});
    await main.end().catch(() => {});
  }
}

main().catch((err) => {
  console.error(`\ngenerate failed: ${err.message}`);
  if (process.env.DEBUG) console.error(err);
  process.exit(1);
});
