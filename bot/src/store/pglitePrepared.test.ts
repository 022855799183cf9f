import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from './pgliteDatabase.js';
import { openPglite } from './pgliteDatabase.js';
import { jsonParam } from './sqlTypes.js';
import { statementName } from './statementNames.js';

/**
 * On PGlite a statement with parameters runs prepared (planning was most of GET /api/me's cost
 * there); these tests hold prepared runs to what PGlite's own query() returns and throws.
 */
describe('prepared statements on PGlite', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite({ dataDir: 'memory://' });
    await db.exec('CREATE TABLE notes (id integer PRIMARY KEY, body text, tags text[], at timestamptz, flag boolean, doc jsonb)');
  }, 60_000);
  afterAll(() => db.close());

  const preparedNames = async () => (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).map((row) => row.name);

  it('K9: a statement with parameters is prepared once, under the name PostgreSQL gets too, and reused', async () => {
    const sql = 'SELECT $1::integer + 1 AS next';
    expect(await preparedNames()).not.toContain(statementName(sql));
    expect(await db.query(sql, [1])).toEqual([{ next: 2 }]);
    expect(await preparedNames()).toContain(statementName(sql));
    expect(await db.query(sql, [41])).toEqual([{ next: 42 }]);
    const names = await preparedNames();
    expect(names.filter((name) => name === statementName(sql))).toHaveLength(1);
    // Without parameters a statement is not prepared, as on PostgreSQL.
    await db.query('SELECT 1 AS one');
    expect(await preparedNames()).not.toContain(statementName('SELECT 1 AS one'));
  });

  it('K9: prepared statements pass every parameter kind and read every result type as the adapter promises, custom and generic plans alike', async () => {
    const sql = `SELECT $1::timestamptz AS at, $2::jsonb AS doc, $3::text[] AS list, $4::boolean AS flag, $5::text AS nothing,
                        9007199254740991::bigint AS big, 1.10::numeric AS money, DATE '2025-03-01' AS day, 7::integer AS small`;
    const params = [new Date('2025-03-01T10:20:30.456Z'), jsonParam({ a: [1, 'x'] }), ['a', 'b,c', 'd"e'], false, null];
    const runs = [];
    // PostgreSQL plans the first five runs for their values, then may switch to one generic plan.
    for (let i = 0; i < 7; i++) runs.push(await db.query<Record<string, unknown>>(sql, params));
    expect(runs[0]).toEqual([
      { at: new Date('2025-03-01T10:20:30.456Z'), doc: { a: [1, 'x'] }, list: ['a', 'b,c', 'd"e'], flag: false, nothing: null, big: 9007199254740991, money: '1.10', day: '2025-03-01', small: 7 },
    ]);
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
    expect(await preparedNames()).toContain(statementName(sql));
  });

  it('K9: a prepared statement that fails rejects with PostgreSQL’s message and code, and the next statements still run', async () => {
    const insert = 'INSERT INTO notes (id, body) VALUES ($1, $2)';
    await db.query(insert, [1, 'first']);
    await db.query(insert, [2, 'second']);
    await expect(db.query(insert, [2, 'again'])).rejects.toMatchObject({ code: '23505', message: expect.stringMatching(/duplicate key/) });
    await expect(db.query(insert, ['two', 'bad'])).rejects.toMatchObject({ code: '22P02' });
    const big = 'SELECT $1::bigint * 2 AS doubled';
    await db.query(big, [1]);
    await expect(db.query(big, [9007199254740991])).rejects.toThrow(/does not fit/);
    await db.query(insert, [3, 'third']);
    expect(await db.query('SELECT id, body FROM notes WHERE id = ANY($1::integer[]) ORDER BY id', [[1, 2, 3]])).toEqual([
      { id: 1, body: 'first' },
      { id: 2, body: 'second' },
      { id: 3, body: 'third' },
    ]);
  });

  it('K9: prepared statements in a transaction commit and roll back with it, and stay usable after a rollback', async () => {
    const insert = 'INSERT INTO notes (id, body, flag) VALUES ($1, $2, $3) RETURNING id';
    await db.transaction(async (tx) => {
      expect(await tx.query(insert, [10, 'kept', true])).toEqual([{ id: 10 }]);
      expect(await tx.query(insert, [11, 'kept', true])).toEqual([{ id: 11 }]);
    });
    const failing = db.transaction(async (tx) => {
      await tx.query(insert, [12, 'lost', false]);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    const failingStatement = db.transaction((tx) => tx.query(insert, [10, 'duplicate', false]));
    await expect(failingStatement).rejects.toMatchObject({ code: '23505' });
    expect(await db.query(insert, [13, 'after', false])).toEqual([{ id: 13 }]);
    expect(await db.query('SELECT id FROM notes WHERE id >= $1 ORDER BY id', [10])).toEqual([{ id: 10 }, { id: 11 }, { id: 13 }]);
  });
});
