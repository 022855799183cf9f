import { setImmediate } from 'node:timers';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Database, LockOutcome, Queryable } from './database.js';
import type { FairQueueState } from './fairQueue.js';
import { createFairQueue } from './fairQueue.js';
import type { PglitePrepared } from './pglitePrepared.js';
import { pglitePrepared } from './pglitePrepared.js';
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
  /** The queue every statement, transaction, dump and close waits in (see fairQueue.ts). */
  queueState(): FairQueueState;
}

/**
 * Statements on `target` (the database or an open transaction), each run through `turn` (the
 * queue outside a transaction, a yield inside one); those with parameters as prepared statements.
 */
function queryableOf(target: PGlite | Transaction, prepared: PglitePrepared, turn: <TValue>(work: () => Promise<TValue>) => Promise<TValue>): Queryable {
  return {
    query: <TRow>(sql: string, params: readonly unknown[] = []) =>
      turn(async () => (params.length > 0 ? prepared.query<TRow>(target, sql, params) : (await target.query<TRow>(sql)).rows)),
    exec: (sql: string) => turn(async () => void (await target.exec(sql))),
  };
}

/** Let the event loop take a turn (accept, read, answer) before `work`; a transaction keeps its place in the queue meanwhile. */
function afterATurn<TValue>(work: () => Promise<TValue>): Promise<TValue> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(work);
}

/**
 * Open (or create) an embedded PGlite database. PGlite is one connection in this
 * process, running each statement synchronously on the server's thread: every statement,
 * transaction, dump and close waits its turn in one first-in, first-out queue, one at a
 * time, and the next starts on a later turn of the event loop, so a burst of API requests
 * is answered in the order it came and the server keeps accepting connections meanwhile.
 * A transaction is one unit of the queue (a single statement never overtakes it, nor it a
 * statement that asked first). Statements with parameters run prepared (pglitePrepared.ts),
 * as on PostgreSQL. Only this process can open the data folder, so a
 * process-local set of held keys is a faithful advisory lock.
 */
export async function openPglite(options: PgliteOptions): Promise<PgliteDatabase> {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    parsers: TEXT_PARSERS,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const heldKeys = new Set<number>();
  const queue = createFairQueue({ concurrency: 1 });
  const prepared = pglitePrepared(pglite);
  return {
    backend: 'pglite',
    ...queryableOf(pglite, prepared, (work) => queue.run(work)),
    transaction: (fn) => queue.run(() => pglite.transaction((tx) => fn(queryableOf(tx, prepared, afterATurn)))),
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
    dumpDataDir: () => queue.run(() => pglite.dumpDataDir('none')),
    queueState: queue.state,
    close: () => queue.run(() => pglite.close()),
  };
}
