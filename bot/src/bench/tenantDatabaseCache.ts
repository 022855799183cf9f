import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tenant } from '@cgm/core';
import { MIGRATIONS } from '../store/migrations/index.js';
import type { PgliteDatabase } from '../store/pgliteDatabase.js';
import { openPglite } from '../store/pgliteDatabase.js';

/**
 * bench:sync's database with the tenant already imported. Importing 100,000 users (the embedded
 * Teams, the synced copy, the first health scan) takes half a minute on a quiet machine and
 * minutes on a busy one, and is not what the benchmark measures: the first run keeps a dump of
 * the imported database in the system's temp folder, named after the tenant and the migrations,
 * and later runs load it in seconds. BENCH_FRESH=1 imports again.
 */
export async function openTenantDatabase(tenant: Tenant, importInto: (db: PgliteDatabase) => Promise<void>, fresh: boolean): Promise<{ readonly db: PgliteDatabase; readonly cached: boolean }> {
  const hash = createHash('sha256').update(JSON.stringify(tenant));
  for (const migration of MIGRATIONS) hash.update(migration.id).update(migration.sql);
  const path = join(tmpdir(), `cgm-bench-sync-${tenant.users.length}-${hash.digest('hex').slice(0, 16)}.tar`);
  const dump = fresh
    ? undefined
    : await readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
  if (dump) return { db: await openPglite({ dataDir: 'memory://', loadDataDir: new Blob([dump]) }), cached: true };
  const db = await openPglite({ dataDir: 'memory://' });
  await importInto(db);
  // Write then rename, so that a run started meanwhile never loads half a dump.
  const partial = `${path}.${process.pid}.${randomUUID()}`;
  await writeFile(partial, new Uint8Array(await (await db.dumpDataDir()).arrayBuffer()));
  await rename(partial, path);
  return { db, cached: false };
}
