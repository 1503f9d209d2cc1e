#!/usr/bin/env node
// Prints the SQL the app's TicketQueuesService really sends for the staff queues, as an EXPLAIN script,
// by running the compiled service (dist/, so `npm run build` first) against the bench database with a
// query logger. bench/explain.sql was made with it; regenerate it when the queue queries change:
//
//   node bench/queue-sql.js [--url mysql://root@127.0.0.1:3306/relaydesk_bench] [--mode explain|analyze|plain] > bench/explain.sql
//   mysql relaydesk_bench < bench/explain.sql
//   node bench/queue-sql.js --run                # compact EXPLAIN + time of each query
//
// Scopes are built from the generated agents the way StaffService.scope does: agent1 (admin), agent2
// (departments 1 and 2, team 1) and the agent of the smallest department (see bench/generate.js).
'use strict';

require('reflect-metadata');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const dist = (p) => {
  try {
    return require(path.join(ROOT, 'dist', p));
  } catch (err) {
    console.error(`cannot load dist/${p} (${err.message}): run npm run build first`);
    process.exit(1);
  }
};

function parseArgs(argv) {
  const o = { url: 'mysql://root@127.0.0.1:3306/relaydesk_bench', mode: 'explain', run: false };
  for (let i = 0; i < argv.length; i++) {
    const [k, v] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], argv[++i]];
    if (k === '--run') { o.run = true; if (v !== undefined) i--; continue; }
    if (k === '--url') o.url = v;
    else if (k === '--mode') o.mode = v;
    else throw new Error(`unknown option ${k}`);
  }
  if (!['explain', 'analyze', 'plain'].includes(o.mode)) throw new Error('--mode is explain, analyze or plain');
  return o;
}

/** Inlines `?` parameters (numbers and simple strings only: enough for these queries). */
function inline(sql, params) {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++];
    if (typeof v === 'number') return String(v);
    if (v === null || v === undefined) return 'NULL';
    return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { DataSource } = require('typeorm');
  const { loadConfig } = dist('src/config/app-config.js');
  const { dataSourceOptions } = dist('src/database/data-source-options.js');
  const { TicketQueuesService } = dist('src/tickets/ticket-queues.service.js');
  const { TicketStatus } = dist('src/tickets/ticket-status.entity.js');
  const { Priority } = dist('src/tickets/priority.entity.js');
  const { EMPTY_CRITERIA } = dist('src/tickets/ticket-criteria.js');
  const { QUEUE_KEYS } = dist('src/tickets/ticket-queue-rules.js');
  const { Ticket } = dist('src/tickets/ticket.entity.js');
  const { ThreadEntry } = dist('src/threads/thread-entry.entity.js');
  const { Attachment } = dist('src/attachments/attachment.entity.js');
  const { In } = require('typeorm');

  let capture = null;
  const logger = {
    logQuery: (query, parameters) => { if (capture) capture.push(inline(query, parameters || [])); },
    logQueryError: () => {}, logQuerySlow: () => {}, logSchemaBuild: () => {}, logMigration: () => {}, log: () => {},
  };
  const config = loadConfig({ DATABASE_URL: o.url.replace(/^mysql:/, 'mariadb:'), NODE_ENV: 'production' });
  const ds = new DataSource({ ...dataSourceOptions(config), logging: ['query'], logger, poolSize: 2 });
  await ds.initialize();
  try {
    const scopeOf = async (username) => {
      const [s] = await ds.query('SELECT id, is_admin, department_id FROM staff WHERE username = ?', [username]);
      if (!s) throw new Error(`no agent ${username}: generate the bench data first`);
      const ext = await ds.query('SELECT department_id FROM staff_department_access WHERE staff_id = ? ORDER BY department_id', [s.id]);
      const teams = await ds.query('SELECT team_id FROM team_members WHERE staff_id = ? ORDER BY team_id', [s.id]);
      return {
        staffId: s.id, name: username, isAdmin: !!Number(s.is_admin), primaryDepartmentId: s.department_id,
        departmentIds: [s.department_id, ...ext.map((r) => r.department_id)], teamIds: teams.map((r) => r.team_id),
        permissionsByDepartment: {},
      };
    };
    const [small] = await ds.query(
      'SELECT s.username FROM staff s WHERE s.is_admin = 0 AND NOT EXISTS (SELECT 1 FROM staff_department_access a WHERE a.staff_id = s.id) ' +
      'AND s.department_id = (SELECT MAX(id) FROM departments) ORDER BY s.id LIMIT 1',
    );
    const scopes = [['agent1', await scopeOf('agent1')], ['agent2', await scopeOf('agent2')]];
    if (small) scopes.push([small.username, await scopeOf(small.username)]);

    const service = new TicketQueuesService(ds.getRepository(Ticket), ds.getRepository(TicketStatus), ds.getRepository(Priority));
    const list = (scope, source, cursor = null, sort = { key: 'created', dir: 'desc' }) =>
      service.page(scope, { source, sort, cursor, pageSize: 25, timezone: 'UTC' });
    const queue = (key) => ({ kind: 'queue', key });
    const search = (criteria) => ({ kind: 'criteria', criteria: { ...EMPTY_CRITERIA, ...criteria } });
    // A deep cursor: the open queue's 50th page for the admin, found the way the UI does, page by page.
    let deep = null;
    for (let i = 0; i < 50; i++) {
      const p = await list(scopes[0][1], queue('open'), deep);
      if (!p.next) break;
      deep = p.next;
    }

    const out = [];
    const runs = [];
    const prefix = o.mode === 'explain' ? 'EXPLAIN ' : o.mode === 'analyze' ? 'ANALYZE ' : '';
    const record = async (title, run) => {
      capture = [];
      await run();
      const queries = capture;
      capture = null;
      queries.forEach((sql, i) => {
        runs.push({ title: title + (queries.length > 1 ? ` [${i + 1}/${queries.length}]` : ''), sql });
        out.push(`-- ${title}${queries.length > 1 ? ` [query ${i + 1} of ${queries.length}]` : ''}`);
        out.push(`SELECT ${sqlString(title + (queries.length > 1 ? ` [${i + 1}/${queries.length}]` : ''))} AS query;`);
        out.push(`${prefix}${sql};`, '');
      });
    };
    const describe = (s) => (s.isAdmin ? 'admin' : `departments [${s.departmentIds.join(', ')}], teams [${s.teamIds.join(', ')}]`);
    for (const [name, scope] of scopes) {
      for (const key of QUEUE_KEYS) await record(`${key} queue, first page: ${name} (${describe(scope)})`, () => list(scope, queue(key)));
    }
    for (const [name, scope] of scopes) {
      await record(`capped counts (8 queues): ${name} (${describe(scope)})`, () => service.counts(scope));
    }
    for (const sort of [{ key: 'updated', dir: 'desc' }, { key: 'priority', dir: 'desc' }, { key: 'due', dir: 'asc' }]) {
      for (const [name, scope] of scopes.slice(0, 2)) {
        await record(`open queue by ${sort.key} ${sort.dir}: ${name} (${describe(scope)})`, () => list(scope, queue('open'), null, sort));
      }
    }
    if (deep) {
      for (const [name, scope] of scopes.slice(0, 2)) {
        await record(`open queue, deep page (50 pages in, before=${deep.id}): ${name} (${describe(scope)})`, () => list(scope, queue('open'), deep));
      }
    }
    const [t1] = await ds.query("SELECT number FROM tickets WHERE id = (SELECT MAX(id) DIV 2 FROM tickets)");
    for (const [name, scope] of scopes) {
      await record(`quick search "printer": ${name} (${describe(scope)})`, () => list(scope, search({ q: 'printer' })));
      await record(`quick search "refund invoice": ${name} (${describe(scope)})`, () => list(scope, search({ q: 'refund invoice' })));
      if (t1) await record(`quick search by number ${t1.number}: ${name} (${describe(scope)})`, () => list(scope, search({ q: t1.number })));
      await record(`advanced search "printer", open, department 1: ${name} (${describe(scope)})`, () => list(scope, search({ q: 'printer', state: 'open', departmentId: 1 })));
      await record(`advanced search open, department 1, High, unanswered: ${name} (${describe(scope)})`, () => list(scope, search({ state: 'open', departmentId: 1, priorityId: 3, answered: 'no' })));
    }

    // The ticket page: TicketViewService.forAgent + ThreadService.load, copied (same finds, same relations).
    const [open] = await ds.query("SELECT MAX(id) AS id FROM tickets WHERE state = 'open'");
    if (open && open.id) {
      const ticketId = Number(open.id);
      await record(`ticket page (id ${ticketId}): the ticket with its relations`, () => ds.getRepository(Ticket).findOne({
        where: { id: ticketId },
        relations: { user: true, status: true, priority: true, department: true, helpTopic: true, slaPlan: true, assignee: true, team: true },
      }));
      await record(`ticket page (id ${ticketId}): the thread`, async () => {
        const entries = await ds.getRepository(ThreadEntry).find({ where: { ticketId, type: In(['message', 'response', 'note', 'event']) }, order: { id: 'ASC' } });
        const withFiles = entries.filter((e) => e.type !== 'event').map((e) => e.id);
        if (withFiles.length) await ds.getRepository(Attachment).find({ where: { ticketId, threadEntryId: In(withFiles) }, order: { id: 'ASC' } });
      });
    }

    if (o.run) {
      await runAll(ds, runs);
      return;
    }
    console.log(`-- Generated by bench/queue-sql.js from the compiled TicketQueuesService (${new Date().toISOString().slice(0, 10)}).`);
    console.log('-- Run against the generated bench data: mysql relaydesk_bench < bench/explain.sql');
    console.log('-- Counts run as 8 queries in parallel (Promise.all); the order below may differ from the wire order.\n');
    console.log(out.join('\n'));
  } finally {
    await ds.destroy();
  }
}

/**
 * --run: for each query, EXPLAIN (compact: table, type, key, rows, Extra) and the wall time of running
 * it (best of 3, after one warm-up run).
 */
async function runAll(ds, runs) {
  for (const { title, sql } of runs) {
    const plan = await ds.query(`EXPLAIN ${sql}`);
    let t0 = process.hrtime.bigint();
    await ds.query(sql);
    const times = [Number(process.hrtime.bigint() - t0) / 1e6];
    // Slow ones (over a second) are timed once more; quick ones best of 3 after the warm-up.
    for (let k = 0; k < (times[0] > 1000 ? 1 : 3); k++) {
      if (k === 0) times.length = 0;
      t0 = process.hrtime.bigint();
      await ds.query(sql);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(`${title}: ${Math.min(...times).toFixed(1)} ms`);
    const rows = plan.map((r) => [r.id, r.select_type, r.table, r.type, r.key ?? 'NULL', r.rows, r.Extra ?? '']);
    const head = ['id', 'select_type', 'table', 'type', 'key', 'rows', 'Extra'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
    const line = (cells) => '  ' + cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    console.log('');
  }
}

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

main().catch((err) => {
  console.error(`queue-sql failed: ${err.message}`);
  process.exit(1);
});
