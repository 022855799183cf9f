import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Database, LockOutcome, Queryable } from './database.js';
import { assertLockKey } from './lockKey.js';
import { TEXT_PARSERS } from './sqlTypes.js';

export interface PgliteOptions {
  /** A folder for the database files, or `memory://` for an in-memory database (tests). */
  readonly dataDir: string;
  /** A tarball from `dumpDataDir()` to start from (tests open a prepared schema this way in about 0.5 s instead of 3 s). */
  readonly loadDataDir?: Blob;
}

/** PGlite is what runs when nothing is configured: this adapter also exposes a dump for test templates. */
export interface PgliteDatabase extends Database {
  readonly backend: 'pglite';
  /** The whole data folder as an uncompressed tarball. */
  dumpDataDir(): Promise<Blob>;
}

function queryableOf(target: PGlite | Transaction): Queryable {
  return {
    async query<TRow>(sql: string, params: readonly unknown[] = []): Promise<TRow[]> {
      const result = await target.query<TRow>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/**
 * Open (or create) an embedded PGlite database. PGlite is one connection in this
 * process: it already runs transactions one at a time (a query outside a transaction
 * waits for the running one), so two concurrent `transaction()` calls are serialised,
 * and only this process can open the data folder, so a process-local set of held keys
 * is a faithful advisory lock.
 */
export async function openPglite(options: PgliteOptions): Promise<PgliteDatabase> {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    parsers: TEXT_PARSERS,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const heldKeys = new Set<number>();
  return {
    backend: 'pglite',
    ...queryableOf(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(queryableOf(tx))),
    async withAdvisoryLock<TValue>(key: number, fn: () => Promise<TValue>): Promise<LockOutcome<TValue>> {
      assertLockKey(key);
      if (heldKeys.has(key)) return { ran: false };
      heldKeys.add(key);
      try {
        return { ran: true, value: await fn() };
      } finally {
        heldKeys.delete(key);
      }
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: () => pglite.close(),
  };
}
