#!/usr/bin/env node
// Prints the SQL the app's TicketQueuesService really sends for the staff queues, as an EXPLAIN script,
// by running the compiled service (dist/, so `npm run build` first) against the bench database with a
// query logger. bench/explain.sql was made with it; regenerate it when the queue queries change:
//
//   node bench/queue-sql.js [--url mysql://root@127.0.0.1:3306/relaydesk_bench] [--mode explain|analyze|plain] > bench/explain.sql
//   mysql relaydesk_bench < bench/explain.sql
//   node bench/queue-sql.js --run [--proposed]   # compact EXPLAIN + time of each query; --proposed adds
//                                                # the suggested ids-first queue page (bench/README.md)
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
  const o = { url: 'mysql://root@127.0.0.1:3306/relaydesk_bench', mode: 'explain', run: false, proposed: false };
  for (let i = 0; i < argv.length; i++) {
    const [k, v] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], argv[++i]];
    if (k === '--run' || k === '--proposed') { o[k.slice(2)] = true; if (v !== undefined) i--; continue; }
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

    const service = new TicketQueuesService(ds.getRepository(Ticket));
    // A deep cursor: the open queue's 50th page for the admin, found the way the UI does, page by page.
    let before = null;
    for (let i = 0; i < 50; i++) {
      const p = await service.page(scopes[0][1], 'open', before);
      if (!p.nextBefore) break;
      before = p.nextBefore;
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
      await record(`open queue, first page: ${name} (${describe(scope)})`, () => service.page(scope, 'open', null));
    }
    for (const [name, scope] of scopes) {
      await record(`capped counts (open, mine, closed): ${name} (${describe(scope)})`, () => service.counts(scope));
    }
    await record(`My Tickets, first page: agent2 (${describe(scopes[1][1])})`, () => service.page(scopes[1][1], 'mine', null));
    await record('My Tickets, first page: agent1 (admin)', () => service.page(scopes[0][1], 'mine', null));
    await record('closed queue, first page: agent1 (admin)', () => service.page(scopes[0][1], 'closed', null));
    if (before) {
      await record(`open queue, deep page (50 pages in, before=${before}): agent1 (admin)`, () => service.page(scopes[0][1], 'open', before));
      await record(`open queue, deep page (before=${before}): agent2 (${describe(scopes[1][1])})`, () => service.page(scopes[1][1], 'open', before));
    }
    const [mid] = await ds.query("SELECT MAX(id) AS id FROM tickets WHERE id <= (SELECT MAX(id) DIV 2 FROM tickets) AND state = 'open'");
    if (mid && mid.id) {
      await record(`open queue, very deep page (before=${mid.id}, among old stale tickets): ${scopes[scopes.length - 1][0]} (${describe(scopes[scopes.length - 1][1])})`, () => service.page(scopes[scopes.length - 1][1], 'open', Number(mid.id)));
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

    if (o.proposed) {
      // The suggested change: page the ids first with a single-table keyset query (no joins, so the
      // (state, id) index gives the order and LIMIT stops early), then load those rows with their joins.
      // USE INDEX keeps MariaDB from an index_merge over the whole scope for non-admins (ignored on SQLite).
      const proposedPage = async (scope, key, cursor) => {
        const ids = service.filtered(scope, key).select('t.id', 'id').orderBy('t.id', 'DESC').limit(26);
        if (!scope.isAdmin && key !== 'mine') ids.useIndex('tickets_state_id_idx');
        if (cursor) ids.andWhere('t.id < :before', { before: cursor });
        const rows = await ids.getRawMany();
        if (!rows.length) return [];
        return ds.getRepository(Ticket).createQueryBuilder('t')
          .innerJoinAndSelect('t.user', 'user').innerJoinAndSelect('t.status', 'status')
          .innerJoinAndSelect('t.priority', 'priority').innerJoinAndSelect('t.department', 'department')
          .leftJoinAndSelect('t.assignee', 'assignee')
          .where('t.id IN (:...ids)', { ids: rows.map((r) => Number(r.id)) })
          .orderBy('t.id', 'DESC')
          .getMany();
      };
      const label = 'PROPOSED ids first, then rows';
      for (const [name, scope] of scopes) {
        await record(`${label}: open queue, first page: ${name} (${describe(scope)})`, () => proposedPage(scope, 'open', null));
      }
      await record(`${label}: closed queue, first page: agent1 (admin)`, () => proposedPage(scopes[0][1], 'closed', null));
      await record(`${label}: My Tickets, first page: agent2 (${describe(scopes[1][1])})`, () => proposedPage(scopes[1][1], 'mine', null));
      if (before) {
        await record(`${label}: open queue, deep page (before=${before}): agent1 (admin)`, () => proposedPage(scopes[0][1], 'open', before));
        await record(`${label}: open queue, deep page (before=${before}): agent2 (${describe(scopes[1][1])})`, () => proposedPage(scopes[1][1], 'open', before));
      }
      if (mid && mid.id) {
        const [name, scope] = scopes[scopes.length - 1];
        await record(`${label}: open queue, very deep page (before=${mid.id}): ${name} (${describe(scope)})`, () => proposedPage(scope, 'open', Number(mid.id)));
      }
    }
    if (o.run) {
      await runAll(ds, runs);
      return;
    }
    console.log(`-- Generated by bench/queue-sql.js from the compiled TicketQueuesService (${new Date().toISOString().slice(0, 10)}).`);
    console.log('-- Run against the generated bench data: mysql relaydesk_bench < bench/explain.sql');
    console.log('-- Counts run as 3 queries in parallel (Promise.all); the order below may differ from the wire order.\n');
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
