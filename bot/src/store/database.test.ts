import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import type { Database } from './database.js';
import { jsonParam } from './sqlTypes.js';
import { testBackends } from './testDatabase.js';

const randomKey = () => Math.floor(Math.random() * 1_000_000_000);

describe.each(testBackends())('Database on %s', (name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open({ migrated: false });
    await db.exec('CREATE TABLE probe (id integer PRIMARY KEY, note text)');
  }, 120_000);
  afterAll(() => db.close());

  it('returns timestamptz as Date, bigint as number, numeric and date as text, jsonb parsed', async () => {
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT $1::timestamptz AS at, 9007199254740991::bigint AS big, count(*) AS n, 1.10::numeric AS money,
              DATE '2025-03-01' AS day, $2::jsonb AS doc, ARRAY['a','b'] AS list, 'b1f1c7d2-5f7a-4a8e-9c1e-1d2f3a4b5c6d'::uuid AS id,
              true AS flag, 7::integer AS small`,
      ['2025-03-01T10:20:30.456Z', jsonParam([{ a: 1 }, 'x'])],
    );
    expect(row).toEqual({
      at: new Date('2025-03-01T10:20:30.456Z'),
      big: 9007199254740991,
      n: 1,
      money: '1.10',
      day: '2025-03-01',
      doc: [{ a: 1 }, 'x'],
      list: ['a', 'b'],
      id: 'b1f1c7d2-5f7a-4a8e-9c1e-1d2f3a4b5c6d',
      flag: true,
      small: 7,
    });
  });

  it('refuses a bigint beyond 2^53 rather than rounding it', async () => {
    await expect(db.query('SELECT 9007199254740993::bigint AS big')).rejects.toThrow(/does not fit/);
  });

  it('commits a transaction that resolves', async () => {
    await db.transaction((tx) => tx.query('INSERT INTO probe VALUES (1, $1)', ['kept']));
    expect(await db.query('SELECT note FROM probe WHERE id = 1')).toEqual([{ note: 'kept' }]);
  });

  it('rolls back a transaction that throws', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe VALUES (2, $1)', ['lost']);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await db.query('SELECT note FROM probe WHERE id = 2')).toEqual([]);
  });

  it.runIf(name === 'pglite')('runs concurrent transactions one after the other on its single connection', async () => {
    const order: string[] = [];
    const first = db.transaction(async (tx) => {
      order.push('first:start');
      await tx.query('INSERT INTO probe VALUES (10, $1)', ['first']);
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push('first:end');
    });
    const second = db.transaction(async (tx) => {
      order.push('second:start');
      await tx.query('INSERT INTO probe VALUES (11, $1)', ['second']);
      order.push('second:end');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second:start', 'second:end']);
  });

  it('runs only one of two concurrent holders of the same advisory lock', async () => {
    const key = randomKey();
    let entered!: () => void;
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = db.withAdvisoryLock(key, async () => {
      entered();
      await gate;
      return 'first';
    });
    await holding;
    const second = await db.withAdvisoryLock(key, async () => 'second');
    release();
    expect(second).toEqual({ ran: false });
    expect(await first).toEqual({ ran: true, value: 'first' });
  });

  it('releases the advisory lock after the holder finishes, even when it throws', async () => {
    const key = randomKey();
    await expect(db.withAdvisoryLock(key, () => Promise.reject(new Error('job failed')))).rejects.toThrow('job failed');
    expect(await db.withAdvisoryLock(key, async () => 42)).toEqual({ ran: true, value: 42 });
  });

  it('lets different keys run at the same time', async () => {
    const [a, b] = await Promise.all([
      db.withAdvisoryLock(randomKey(), async () => 'a'),
      db.withAdvisoryLock(randomKey() + 1_000_000_000, async () => 'b'),
    ]);
    expect([a, b]).toEqual([{ ran: true, value: 'a' }, { ran: true, value: 'b' }]);
  });

  it('refuses a fractional advisory lock key as a bug', async () => {
    await expect(db.withAdvisoryLock(1.5, async () => 'never')).rejects.toThrow(RangeError);
  });

  it.runIf(name === 'postgres')('works inside its own schema, not public', async () => {
    const [row] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(row?.schema).toMatch(/^cgm_test_/);
  });
});

describe('openDatabase', () => {
  it('opens PGlite in the data folder when no database URL is set, and finds the data again', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cgm-store-'));
    const dataDir = join(folder, 'data');
    try {
      const first = await openDatabase({ dataDir });
      expect(first.backend).toBe('pglite');
      await first.exec("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
      await first.close();
      const second = await openDatabase({ dataDir, databaseUrl: undefined });
      expect(await second.query('SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
      await second.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it.runIf(process.env.TEST_DATABASE_URL)('opens PostgreSQL when a database URL is set', async () => {
    const db = await openDatabase({ dataDir: 'unused', databaseUrl: process.env.TEST_DATABASE_URL, maxConnections: 1 });
    try {
      expect(db.backend).toBe('postgres');
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
