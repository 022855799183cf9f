import { setImmediate } from 'node:timers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from './pgliteDatabase.js';
import { openPglite } from './pgliteDatabase.js';

/**
 * PGlite under a burst of requests (the embedded default when everyone opens the tab at 9:00):
 * statements wait in one first-in, first-out queue, one runs at a time, a transaction is one
 * unit, and the event loop gets a turn between units so the server keeps accepting and reading.
 * Loop turns are counted with a setImmediate ticker, not measured in time.
 */
describe('PGlite under a burst', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite({ dataDir: 'memory://' });
    await db.exec('CREATE TABLE arrivals (seq integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL)');
  }, 60_000);
  afterAll(() => db.close());
  beforeEach(() => db.exec('TRUNCATE arrivals'));

  const insert = (label: string) => db.query('INSERT INTO arrivals (label) VALUES ($1)', [label]);

  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** Counts turns of the event loop until stopped; `seen` holds how many statements had completed at each turn. */
  function loopTurns(completed: () => number) {
    const seen: number[] = [];
    let running = true;
    const tick = () => {
      seen.push(completed());
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    return { seen, stop: () => (running = false) };
  }

  it('K9: 200 statements and a transaction asked for at once all complete, in the order asked, one at a time, the transaction as one unit', async () => {
    await nextTurn(); // the slot of beforeEach's statement comes back
    const expected: string[] = [];
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      if (i === 100) {
        const steps = ['tx-1', 'tx-2', 'tx-3'];
        calls.push(db.transaction(async (tx) => {
          for (const step of steps) await tx.query('INSERT INTO arrivals (label) VALUES ($1)', [step]);
        }));
        expected.push(...steps);
      }
      calls.push(insert(`q${i}`));
      expected.push(`q${i}`);
    }
    // One statement runs; the other 200 calls (the transaction among them) wait in our queue, not in PGlite's.
    expect(db.queueState()).toMatchObject({ running: 1, waiting: 200 });

    await Promise.all(calls);
    const rows = await db.query<{ label: string }>('SELECT label FROM arrivals ORDER BY seq');
    expect(rows.map((row) => row.label)).toEqual(expected);
    expect(db.queueState().peakRunning).toBe(1);
  });

  it('K9: the event loop gets a turn between queued statements, so a burst cannot hold the server for its whole length', async () => {
    let completed = 0;
    const turns = loopTurns(() => completed);
    await Promise.all(Array.from({ length: 50 }, (_, i) => insert(`q${i}`).then(() => (completed += 1))));
    turns.stop();
    // Before the queue, all 50 ran back to back before the loop's next turn: the first tick saw 50.
    const perTurn = turns.seen.map((count, i) => count - (turns.seen[i - 1] ?? 0));
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(1);
    expect(completed).toBe(50);
    expect(turns.seen.length).toBeGreaterThanOrEqual(49);
  });

  it('K9: a transaction yields the loop between its statements and keeps its place: nothing asked later runs inside it', async () => {
    let completed = 0;
    const turns = loopTurns(() => completed);
    const transaction = db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await tx.query('INSERT INTO arrivals (label) VALUES ($1)', [`tx-${i}`]);
        completed += 1;
      }
    });
    const later = insert('later').then(() => (completed += 1));
    await Promise.all([transaction, later]);
    turns.stop();
    const rows = await db.query<{ label: string }>('SELECT label FROM arrivals ORDER BY seq');
    expect(rows.map((row) => row.label)).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-3', 'tx-4', 'later']);
    // Before, the whole transaction ran before the loop's next turn: the ticker saw nothing.
    const perTurn = turns.seen.map((count, i) => count - (turns.seen[i - 1] ?? 0));
    expect(turns.seen.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(1);
  });

  it('K9: a failing statement rejects its own caller only; the statements queued behind it still run', async () => {
    const results = await Promise.allSettled([insert('before'), db.query('SELECT * FROM no_such_table'), insert('after')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toHaveProperty('message', expect.stringMatching(/no_such_table/));
    const rows = await db.query<{ label: string }>('SELECT label FROM arrivals ORDER BY seq');
    expect(rows.map((row) => row.label)).toEqual(['before', 'after']);
  });
});
