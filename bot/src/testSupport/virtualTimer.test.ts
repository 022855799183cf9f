import { describe, expect, it } from 'vitest';
import type { Database, LockOutcome } from '../store/database.js';
import { createVirtualTimer, trackDatabase } from './virtualTimer.js';

const START = new Date('2026-12-01T00:00:00Z');
const elapsed = (timer: { now(): Date }) => timer.now().getTime() - START.getTime();
/** Real time passing, as database I/O does. */
const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A database whose every statement takes `ioMs` of real time, recording the simulated time it answered at. */
function slowDatabase(ioMs: number, answeredAt: number[], clock: { now(): Date }): Database {
  const query = async <TRow>(): Promise<TRow[]> => {
    await realDelay(ioMs);
    answeredAt.push(elapsed(clock));
    return [];
  };
  return {
    backend: 'pglite',
    query,
    exec: async () => void (await query()),
    transaction: (fn) => fn({ query, exec: async () => void (await query()) }),
    withAdvisoryLock: async <TValue>(_key: number, fn: () => Promise<TValue>): Promise<LockOutcome<TValue>> => {
      await realDelay(ioMs);
      return { ran: true, value: await fn() };
    },
    close: async () => undefined,
  };
}

describe('the virtual timer', () => {
  it('wakes sleepers in time order, ties in the order they fell asleep', async () => {
    const timer = createVirtualTimer({ start: START });
    const woke: string[] = [];
    const sleeper = async (name: string, ms: number) => {
      await timer.sleep(ms);
      woke.push(`${name}@${elapsed(timer)}`);
    };
    await Promise.all([sleeper('c', 300), sleeper('a', 100), sleeper('b', 100), sleeper('d', 0)]);
    expect(woke).toEqual(['d@0', 'a@100', 'b@100', 'c@300']);
  });

  it('does not let a sleeper overtake a worker that is between two sleeps', async () => {
    const timer = createVirtualTimer({ start: START });
    const woke: string[] = [];
    const worker = async () => {
      await timer.sleep(100);
      woke.push(`worker@${elapsed(timer)}`);
      // Work between two sleeps (microtasks and a turn of the event loop) happens at 100.
      for (let i = 0; i < 5; i += 1) await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      await timer.sleep(50);
      woke.push(`worker@${elapsed(timer)}`);
    };
    const other = async () => {
      await timer.sleep(120);
      woke.push(`other@${elapsed(timer)}`);
    };
    await Promise.all([worker(), other()]);
    expect(woke).toEqual(['worker@100', 'other@120', 'worker@150']);
  });

  it('holds time still while tracked work is in flight', async () => {
    const timer = createVirtualTimer({ start: START });
    const sleeping = timer.sleep(1_000);
    const answeredAt = await timer.track(realDelay(30).then(() => elapsed(timer)));
    expect(answeredAt).toBe(0);
    await sleeping;
    expect(elapsed(timer)).toBe(1_000);
  });

  it('a released hold lets time move, and releasing twice counts once', async () => {
    const timer = createVirtualTimer({ start: START });
    const release = timer.hold();
    const other = timer.hold();
    const sleeping = timer.sleep(10);
    release();
    release();
    await realDelay(20);
    expect(elapsed(timer)).toBe(0);
    other();
    await sleeping;
    expect(elapsed(timer)).toBe(10);
  });

  it('paced, simulated time never runs ahead of the wall clock; unpaced again, it jumps', async () => {
    const timer = createVirtualTimer({ start: START });
    // Each sleeper records how far the wall clock had moved when it woke, against the time it slept to.
    const lags: number[] = [];
    timer.pace(true);
    const wallStart = performance.now();
    for (const step of [40, 40, 80]) {
      await timer.sleep(step);
      lags.push(performance.now() - wallStart - elapsed(timer));
    }
    expect(elapsed(timer)).toBe(160);
    // A timer fires no sooner than asked (to the millisecond Node rounds to): never ahead.
    for (const lag of lags) expect(lag).toBeGreaterThanOrEqual(-1);
    // Unpaced, an hour of simulated time passes at once (the test's timeout would catch a wait).
    timer.pace(false);
    await timer.sleep(3_600_000);
    expect(elapsed(timer)).toBe(3_600_160);
  });

  it('stop leaves sleepers asleep', async () => {
    const timer = createVirtualTimer({ start: START });
    let woke = false;
    void timer.sleep(5).then(() => (woke = true));
    timer.stop();
    await realDelay(20);
    expect(woke).toBe(false);
    expect(timer.sleepers).toBe(1);
  });
});

describe('a tracked database', () => {
  it('answers a query before simulated time moves past it', async () => {
    const timer = createVirtualTimer({ start: START });
    const answeredAt: number[] = [];
    const db = trackDatabase(slowDatabase(15, answeredAt, timer), timer);
    const reader = async () => {
      for (let i = 0; i < 3; i += 1) {
        await db.query('SELECT 1');
        await timer.sleep(400);
      }
    };
    const writer = async () => {
      await timer.sleep(100);
      await db.transaction((tx) => tx.query('UPDATE t SET x = 1'));
    };
    await Promise.all([reader(), writer()]);
    expect(answeredAt).toEqual([0, 100, 400, 800]);
    expect(elapsed(timer)).toBe(1_200);
  });

  it('with scope "simulation" holds time only for calls made inside simulate', async () => {
    const timer = createVirtualTimer({ start: START });
    const answeredAt: number[] = [];
    const db = trackDatabase(slowDatabase(30, answeredAt, timer), timer, 'simulation');
    // A request from outside (an API call under load) does not hold simulated time.
    const outside = db.query('SELECT 1');
    const inside = timer.simulate(async () => {
      await timer.sleep(500);
      await db.query('SELECT 2');
      return elapsed(timer);
    });
    await outside;
    expect(answeredAt[0]).toBe(500);
    expect(await inside).toBe(500);
    expect(answeredAt).toEqual([500, 500]);
  });

  it('does not hold time while the advisory lock is held, only while taking it', async () => {
    const timer = createVirtualTimer({ start: START });
    const db = trackDatabase(slowDatabase(10, [], timer), timer);
    const outcome = await db.withAdvisoryLock(1, async () => {
      await timer.sleep(60_000);
      return elapsed(timer);
    });
    expect(outcome).toEqual({ ran: true, value: 60_000 });
  });
});
