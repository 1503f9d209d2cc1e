import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver shares ONE query runner (one connection) among all callers, so two
 * requests' transactions interleave on it ("cannot start a transaction within a transaction", or worse,
 * one request's writes landing in another's transaction). This gives the SQLite data source one writer
 * at a time, as SQLite itself has:
 *  - a transaction runs under a mutex, and the async context that holds it is remembered;
 *  - a query from any other context waits for the mutex, then runs on its own (autocommit);
 *  - a transaction TypeORM would open implicitly outside a held context (repository.save) is skipped:
 *    its statements then run one by one under the mutex, each atomic.
 * MySQL has a real pool and is left alone.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const serializers = new WeakMap<DataSource, { run<T>(fn: () => Promise<T>): Promise<T> }>();

export function serializeSqlite(ds: DataSource): void {
  if (ds.options.type !== 'better-sqlite3' || serializers.has(ds)) return;
  const mutex = new Mutex();
  const holder = new AsyncLocalStorage<symbol>();
  let owner: symbol | null = null;
  const inOwnerContext = () => owner !== null && holder.getStore() === owner;

  /** Runs `fn` as the single writer (re-entrant within the same async context). */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inOwnerContext()) return fn();
    return mutex.run(async () => {
      const token = Symbol('sqlite-writer');
      owner = token;
      try {
        return await holder.run(token, fn);
      } finally {
        owner = null;
      }
    });
  };
  serializers.set(ds, { run: exclusive });

  const manager: EntityManager = ds.manager;
  const originalTransaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as unknown as { transaction: unknown }).transaction = (...args: unknown[]) => exclusive(() => originalTransaction(...args));

  const runner: QueryRunner = ds.createQueryRunner(); // the shared one
  const original = {
    query: runner.query.bind(runner),
    start: runner.startTransaction.bind(runner),
    commit: runner.commitTransaction.bind(runner),
    rollback: runner.rollbackTransaction.bind(runner),
  };
  const patched = runner as unknown as Record<string, unknown>;
  patched.query = (...args: Parameters<QueryRunner['query']>) => (inOwnerContext() ? original.query(...args) : mutex.run(() => original.query(...args)));
  patched.startTransaction = (...args: Parameters<QueryRunner['startTransaction']>) => (inOwnerContext() ? original.start(...args) : Promise.resolve());
  patched.commitTransaction = () => (inOwnerContext() ? original.commit() : Promise.resolve());
  patched.rollbackTransaction = () => (inOwnerContext() ? original.rollback() : Promise.resolve());
}

/** Runs `fn` holding the SQLite writer lock (migrations at boot); on MySQL just runs it. */
export function runExclusive<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const serializer = serializers.get(ds);
  return serializer ? serializer.run(fn) : fn();
}
