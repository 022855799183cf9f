import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate } from 'node:timers';
import type { Timer } from '../services/clock.js';
import type { Database, Queryable } from '../store/database.js';

/**
 * Simulated time for tests and benchmarks: a discrete-event clock. `sleep` never waits in
 * real time; sleepers wake in time order (ties in the order they fell asleep), and time
 * jumps to the earliest sleeper only when nothing runnable remains.
 *
 * "Nothing runnable" is the hard part when real database I/O is in flight: a worker awaiting
 * a query is neither asleep nor visibly running, and if time jumped then, its read would
 * come back "later" than it should and pacing would drift. We decide it with two signals,
 * without asking the code under test to register its workers (so the sync service knows
 * nothing of simulation, only of the Timer port):
 * - work in flight is tracked: `trackDatabase` counts every statement and transaction (and
 *   `hold`/`track` anything else); time never moves while the count is above zero;
 * - the event loop has settled: no sleep, wake or tracked start/end for `settleTurns`
 *   consecutive turns (setImmediate), so continuations that run between two awaits (pure
 *   JavaScript in microtasks, or a yield to the event loop) have reached their next sleep
 *   or query before time moves.
 * Untracked I/O (a fetch, a file read) is not waited for: wrap it with `track` if the
 * simulation must wait for it. Tracking can be limited to the simulation's own async context
 * (`simulate`), so that an HTTP server answering real load in the same process does not stop
 * simulated time while it queries the same database.
 */
export interface VirtualTimer extends Timer {
  /** Run `fn` as part of the simulation: with `trackDatabase(db, timer, 'simulation')`, only its queries hold time. */
  simulate<TValue>(fn: () => Promise<TValue>): Promise<TValue>;
  /** Whether the caller runs inside `simulate`. */
  inSimulation(): boolean;
  /** Hold time still until the returned function is called (idempotent). */
  hold(): () => void;
  /** Hold time still until `work` settles; resolves or rejects as it does. */
  track<TValue>(work: Promise<TValue>): Promise<TValue>;
  /** Sleepers not yet woken. */
  readonly sleepers: number;
  /** How many times time jumped forward (each jump wakes every sleeper due then). */
  readonly advances: number;
  /**
   * With `true`, simulated time runs no faster than the wall clock from now on (it still waits for
   * the database and the event loop), until `pace(false)`: a benchmark measuring the API beside
   * sync lets sync run at its real pace meanwhile, instead of hundreds of times faster.
   */
  pace(realTime: boolean): void;
  /** Stop advancing: pending sleepers are never woken. For the end of a benchmark or test. */
  stop(): void;
}

export interface VirtualTimerOptions {
  readonly start?: Date;
  /** Consecutive quiet event-loop turns before time may move (default 2). */
  readonly settleTurns?: number;
}

interface Sleeper {
  readonly at: number;
  readonly seq: number;
  readonly wake: () => void;
}

/** A binary min-heap of sleepers by wake time, then by the order they fell asleep. */
class SleeperHeap {
  private readonly items: Sleeper[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Sleeper | undefined {
    return this.items[0];
  }
  push(item: Sleeper): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): Sleeper | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const smallest = [left, left + 1].reduce((best, child) => (child < items.length && before(items[child]!, items[best]!) ? child : best), i);
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

const before = (a: Sleeper, b: Sleeper) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export function createVirtualTimer(options: VirtualTimerOptions = {}): VirtualTimer {
  const settleTurns = Math.max(1, options.settleTurns ?? 2);
  const context = new AsyncLocalStorage<true>();
  const heap = new SleeperHeap();
  let now = (options.start ?? new Date('2026-12-01T00:00:00Z')).getTime();
  let seq = 0;
  let inFlight = 0;
  /** Bumped by everything that shows the simulation is still moving. */
  let epoch = 0;
  let checking = false;
  let stopped = false;
  let advances = 0;
  /** While paced: a wall-clock instant and the simulated time it stands for. */
  let paced: { wall: number; sim: number } | undefined;
  /** While paced: the wait for the wall clock to reach the earliest sleeper. */
  let wallWait: ReturnType<typeof setTimeout> | undefined;

  const schedule = (): void => {
    // A sleeper due sooner or the pace lifted: look again now rather than when that wait ends.
    if (wallWait) {
      clearTimeout(wallWait);
      wallWait = undefined;
      checking = false;
    }
    if (checking || stopped || inFlight > 0 || heap.size === 0) return;
    checking = true;
    setImmediate(() => check(epoch, 1));
  };

  const check = (seen: number, quietTurns: number): void => {
    if (stopped || inFlight > 0) {
      checking = false;
      return; // the last release schedules the next check
    }
    if (epoch !== seen) return void setImmediate(() => check(epoch, 1));
    if (quietTurns < settleTurns) return void setImmediate(() => check(seen, quietTurns + 1));
    checking = false;
    advance();
  };

  /** Jump to the earliest wake time and wake everyone due then, in the order they fell asleep. */
  const advance = (): void => {
    const first = heap.peek();
    if (!first) return;
    const ahead = paced ? paced.wall + (first.at - paced.sim) - performance.now() : 0;
    if (ahead > 0) {
      // Wait for the wall clock, then look again: a sleeper may have come in earlier meanwhile.
      checking = true;
      wallWait = setTimeout(() => {
        wallWait = undefined;
        checking = false;
        schedule();
      }, ahead);
      return;
    }
    now = Math.max(now, first.at);
    advances += 1;
    while (heap.peek() && heap.peek()!.at <= now) heap.pop()!.wake();
    epoch += 1;
    schedule();
  };

  const hold = (): (() => void) => {
    inFlight += 1;
    epoch += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      epoch += 1;
      schedule();
    };
  };

  return {
    now: () => new Date(now),
    sleep(ms) {
      epoch += 1;
      return new Promise<void>((resolve) => {
        heap.push({ at: now + Math.max(0, ms), seq: seq++, wake: resolve });
        schedule();
      });
    },
    simulate: (fn) => context.run(true, fn),
    inSimulation: () => context.getStore() === true,
    hold,
    track(work) {
      const release = hold();
      return work.finally(release);
    },
    get sleepers() {
      return heap.size;
    },
    get advances() {
      return advances;
    },
    pace(realTime) {
      paced = realTime ? { wall: performance.now(), sim: now } : undefined;
      schedule();
    },
    stop() {
      stopped = true;
    },
  };
}

/**
 * `db` with every statement, transaction and lock wait held against `timer`, so simulated time
 * does not move while the database works. `scope: 'simulation'` holds only for calls made
 * inside `timer.simulate` (a benchmark whose HTTP server answers real load on the same
 * database); `'all'` (the default) holds for every call (a test).
 */
export function trackDatabase(db: Database, timer: VirtualTimer, scope: 'all' | 'simulation' = 'all'): Database {
  const tracked = () => scope === 'all' || timer.inSimulation();
  const wrap = <TValue>(work: () => Promise<TValue>): Promise<TValue> => (tracked() ? timer.track(work()) : work());
  const queryable = (q: Queryable): Queryable => ({
    query: (sql, params) => wrap(() => q.query(sql, params)),
    exec: (sql) => wrap(() => q.exec(sql)),
  });
  return {
    ...queryable(db),
    backend: db.backend,
    transaction: (fn) => wrap(() => db.transaction((tx) => fn(queryable(tx)))),
    // The lock is held across the caller's whole run, sleeps included: hold time only while
    // waiting to take it and to give it back, never while `fn` runs.
    async withAdvisoryLock(key, fn) {
      if (!tracked()) return db.withAdvisoryLock(key, fn);
      let release = timer.hold();
      try {
        return await db.withAdvisoryLock(key, async () => {
          release();
          try {
            return await fn();
          } finally {
            release = timer.hold();
          }
        });
      } finally {
        release();
      }
    },
    close: () => db.close(),
  };
}
