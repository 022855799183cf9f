import { setImmediate } from 'node:timers';

/**
 * A first-in, first-out queue of units of work, at most `concurrency` of them running at once.
 *
 * PGlite runs every statement synchronously on the server's own thread. Left to itself, a burst of
 * requests piles its statements onto PGlite's mutex and they run back to back in one turn of the
 * event loop; since libuv accepts one new connection per turn, a client that connects during the
 * burst waits for as many turns as there are connections ahead of it, each as long as the whole
 * pile (100 connections: some waited over 10 s while the statements themselves took 3 ms). Here
 * a finished unit's slot comes back only on a later turn (`defer`), so each turn runs at most
 * `concurrency` units, the server accepts, reads and answers between them, and callers run in
 * the order they asked.
 */
export interface FairQueueOptions {
  /** How many units may run at once (PGlite: 1, its single connection). */
  readonly concurrency: number;
  /** Run `next` on a later turn of the event loop (default setImmediate); tests pass a manual one. */
  readonly defer?: (next: () => void) => void;
}

/** What the queue holds now, and the most units that ever ran at once. */
export interface FairQueueState {
  /** Slots taken: units running, and finished ones whose slot comes back on the next turn. */
  readonly running: number;
  readonly waiting: number;
  readonly peakRunning: number;
}

export interface FairQueue {
  /** Run `unit` when its turn comes; settles as it does. A transaction is one unit: it holds its place until it ends. */
  run<TValue>(unit: () => Promise<TValue>): Promise<TValue>;
  state(): FairQueueState;
}

export function createFairQueue(options: FairQueueOptions): FairQueue {
  const { concurrency } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
  const defer = options.defer ?? ((next: () => void) => void setImmediate(next));
  const waiting: (() => void)[] = [];
  let running = 0;
  let peakRunning = 0;

  // A finished unit hands its slot back on a later turn, not at once: otherwise each request the
  // server reads in one turn would find the queue free, run its statement to the end, and the turn
  // would again hold as many statements as there are readable connections.
  function release(): void {
    defer(() => {
      running -= 1;
      while (running < concurrency) {
        const next = waiting.shift();
        if (!next) break;
        next();
      }
    });
  }

  return {
    run<TValue>(unit: () => Promise<TValue>): Promise<TValue> {
      return new Promise<TValue>((resolve, reject) => {
        const start = () => {
          running += 1;
          peakRunning = Math.max(peakRunning, running);
          // unit() may throw before returning a promise: the caller gets it as a rejection either way.
          // The slot's return is scheduled before the caller resumes, so the caller sees it taken.
          new Promise<TValue>((settle) => settle(unit())).then(
            (value) => (release(), resolve(value)),
            (error: unknown) => (release(), reject(error)),
          );
        };
        // Start at once only when nobody is ahead: a free slot with callers waiting belongs to them.
        if (running < concurrency && waiting.length === 0) start();
        else waiting.push(start);
      });
    },
    state: () => ({ running, waiting: waiting.length, peakRunning }),
  };
}
