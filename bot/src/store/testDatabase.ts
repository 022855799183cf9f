import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openPglite } from './pgliteDatabase.js';
import { openPostgres, quoteIdentifier } from './postgresDatabase.js';

/**
 * Test support: the same suite runs on every backend available here. PGlite in memory
 * always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it), each database in a
 * fresh schema so parallel test files never see each other's rows.
 *
 * ```ts
 * describe.each(testBackends())('%s', (_name, open) => {
 *   let db: Database;
 *   beforeAll(async () => { db = await open(); });
 *   afterAll(() => db.close());
 * });
 * ```
 */

export type TestBackendName = 'pglite' | 'postgres';

export interface OpenTestDatabaseOptions {
  /** Run the migrations before returning (default true). */
  readonly migrated?: boolean;
}

/** Opens a fresh, empty database; its `close()` also throws the database away. */
export type OpenTestDatabase = (options?: OpenTestDatabaseOptions) => Promise<Database>;

/** `[name, open]` for PGlite and, when TEST_DATABASE_URL is set, PostgreSQL. */
export function testBackends(env: Readonly<Record<string, string | undefined>> = process.env): [TestBackendName, OpenTestDatabase][] {
  const backends: [TestBackendName, OpenTestDatabase][] = [['pglite', openTestPglite]];
  const url = env.TEST_DATABASE_URL;
  if (url) backends.push(['postgres', (options) => openTestPostgres(url, options)]);
  return backends;
}

// Creating a PGlite database runs initdb (3 s alone, 10 s or more while other test files run);
// loading a dump takes about 0.5 s. So the dumps of an empty and of a migrated database are
// built once and kept in the system's temp folder, named after the migrations they hold:
// every test file (vitest runs each in its own worker) then starts from them.
const templates = new Map<string, Promise<Blob>>();

/** PGlite's version: a template written by another version may not load. */
async function pgliteVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

async function templatePath(migrated: boolean): Promise<string> {
  const hash = createHash('sha256').update(await pgliteVersion());
  if (migrated) for (const migration of MIGRATIONS) hash.update(migration.id).update(migration.sql);
  return join(tmpdir(), `cgm-pglite-${migrated ? 'migrated' : 'empty'}-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function buildTemplate(migrated: boolean): Promise<Blob> {
  const db = migrated ? await openPglite({ dataDir: 'memory://', loadDataDir: await template(false) }) : await openPglite({ dataDir: 'memory://' });
  try {
    if (migrated) await migrate(db);
    return await db.dumpDataDir();
  } finally {
    await db.close();
  }
}

async function loadOrBuildTemplate(migrated: boolean): Promise<Blob> {
  const path = await templatePath(migrated);
  const cached = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (cached) return new Blob([cached]);
  const built = await buildTemplate(migrated);
  // Write then rename, so a worker never reads a half-written template.
  const partial = `${path}.${process.pid}.${randomUUID()}`;
  await writeFile(partial, new Uint8Array(await built.arrayBuffer()));
  await rename(partial, path);
  return built;
}

function template(migrated: boolean): Promise<Blob> {
  const key = migrated ? 'migrated' : 'empty';
  let promise = templates.get(key);
  if (!promise) {
    promise = loadOrBuildTemplate(migrated);
    templates.set(key, promise);
  }
  return promise;
}

async function openTestPglite(options: OpenTestDatabaseOptions = {}): Promise<Database> {
  return openPglite({ dataDir: 'memory://', loadDataDir: await template(options.migrated !== false) });
}

/** A fresh schema in the test PostgreSQL database; `drop()` removes it with everything in it. */
export interface TestSchema {
  readonly connectionString: string;
  readonly schema: string;
  drop(): Promise<void>;
}

/** Create `cgm_test_<random>`; open databases on it with `openPostgres({ …, schema })`. */
export async function createTestSchema(connectionString: string): Promise<TestSchema> {
  const schema = `cgm_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await runAdmin(connectionString, `CREATE SCHEMA ${quoteIdentifier(schema)}`);
  return {
    connectionString,
    schema,
    drop: () => runAdmin(connectionString, `DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`),
  };
}

async function runAdmin(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openTestPostgres(connectionString: string, options: OpenTestDatabaseOptions = {}): Promise<Database> {
  const testSchema = await createTestSchema(connectionString);
  const db = await openPostgres({ connectionString, maxConnections: 4, schema: testSchema.schema });
  if (options.migrated !== false) await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await testSchema.drop();
    },
  };
}
