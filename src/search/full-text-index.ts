/**
 * The full-text index of ticket subjects and thread entries (messages, replies, notes; not events).
 *
 * MySQL/MariaDB: InnoDB FULLTEXT indexes on `tickets.subject` and `thread_entries.body`, kept by InnoDB.
 * SQLite: an FTS5 table `ticket_search` kept in sync by triggers. Triggers rather than the write path:
 * tickets and entries are written by intake, mail, the API, agent actions and merges, and a trigger
 * cannot be forgotten by the next writer; it is also what InnoDB does for the MySQL side. Row ids:
 * -ticket id for a subject, the entry id for a thread entry, so each trigger reaches its row by rowid.
 *
 * CASE: SQLite rebuilds a table on most ALTERs (copy, drop, rename), and the drop takes its triggers
 * along; `ensureSqliteSearchIndex` (run at boot) puts missing triggers back and refills the index.
 */
type Run = (sql: string) => Promise<unknown>;

export const SQLITE_SEARCH_TABLE = 'ticket_search';

export const SQLITE_SEARCH_TRIGGERS: Record<string, string> = {
  tickets_search_ai: `CREATE TRIGGER IF NOT EXISTS tickets_search_ai AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_search(rowid, body, ticket_id) VALUES (-new.id, new.subject, new.id); END`,
  tickets_search_au: `CREATE TRIGGER IF NOT EXISTS tickets_search_au AFTER UPDATE OF subject ON tickets BEGIN
    DELETE FROM ticket_search WHERE rowid = -old.id;
    INSERT INTO ticket_search(rowid, body, ticket_id) VALUES (-new.id, new.subject, new.id); END`,
  tickets_search_ad: `CREATE TRIGGER IF NOT EXISTS tickets_search_ad AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_search WHERE rowid = -old.id; END`,
  thread_entries_search_ai: `CREATE TRIGGER IF NOT EXISTS thread_entries_search_ai AFTER INSERT ON thread_entries WHEN new.type <> 'event' BEGIN
    INSERT INTO ticket_search(rowid, body, ticket_id) VALUES (new.id, coalesce(new.title || ' ', '') || new.body, new.ticket_id); END`,
  thread_entries_search_au: `CREATE TRIGGER IF NOT EXISTS thread_entries_search_au AFTER UPDATE OF title, body, ticket_id, type ON thread_entries BEGIN
    DELETE FROM ticket_search WHERE rowid = old.id;
    INSERT INTO ticket_search(rowid, body, ticket_id) SELECT new.id, coalesce(new.title || ' ', '') || new.body, new.ticket_id WHERE new.type <> 'event'; END`,
  thread_entries_search_ad: `CREATE TRIGGER IF NOT EXISTS thread_entries_search_ad AFTER DELETE ON thread_entries BEGIN
    DELETE FROM ticket_search WHERE rowid = old.id; END`,
};

const FILL = [
  'DELETE FROM ticket_search',
  'INSERT INTO ticket_search(rowid, body, ticket_id) SELECT -id, subject, id FROM tickets',
  "INSERT INTO ticket_search(rowid, body, ticket_id) SELECT id, coalesce(title || ' ', '') || body, ticket_id FROM thread_entries WHERE type <> 'event'",
];

/** Creates the FTS5 table and its triggers, and fills it from the rows already there. */
export async function createSqliteSearchIndex(run: Run): Promise<void> {
  await run("CREATE VIRTUAL TABLE ticket_search USING fts5(body, ticket_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')");
  for (const ddl of Object.values(SQLITE_SEARCH_TRIGGERS)) await run(ddl);
  for (const sql of FILL) await run(sql);
}

export async function dropSqliteSearchIndex(run: Run): Promise<void> {
  for (const name of Object.keys(SQLITE_SEARCH_TRIGGERS)) await run(`DROP TRIGGER IF EXISTS ${name}`);
  await run('DROP TABLE IF EXISTS ticket_search');
}

/**
 * Puts back sync triggers a table rebuild dropped and, when any was missing, refills the index (rows
 * written meanwhile were not indexed). Returns the names it restored.
 */
export async function ensureSqliteSearchIndex(query: (sql: string) => Promise<unknown[]>): Promise<string[]> {
  const tables = await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ticket_search'");
  if (tables.length === 0) return [];
  const present = new Set(((await query("SELECT name FROM sqlite_master WHERE type = 'trigger'")) as { name: string }[]).map((r) => r.name));
  const missing = Object.keys(SQLITE_SEARCH_TRIGGERS).filter((name) => !present.has(name));
  if (missing.length === 0) return [];
  for (const name of missing) await query(SQLITE_SEARCH_TRIGGERS[name]);
  for (const sql of FILL) await query(sql);
  return missing;
}
