import type { Timer } from '../clock.js';

/**
 * Pacing reads to the tenant's budget. Reads start at most `readsPerSecond` a second, and at most
 * `window` are in flight. Both adapt (AIMD): a success grows the rate back towards the budget
 * and, after a window's worth of successes, the window by one up to `maxConcurrency`; a 429
 * halves both and holds every read until its Retry-After has passed. `maxConcurrency` models the
 * gateway sessions: with the real worker, each is one MicrosoftTeams runspace (or one worker),
 * because a PowerShell session runs one cmdlet at a time.
 */
export interface PacerOptions {
  readonly timer: Timer;
  readonly readsPerSecond: number;
  readonly maxConcurrency: number;
  /** The window to start with; default half the cap. */
  readonly initialConcurrency?: number;
}

export interface Pacer {
  /** Wait for a slot; call the returned function when the read is over. */
  acquire(): Promise<() => void>;
  succeeded(): void;
  /** A 429: back off and wait `retryAfterMs` (default one second). */
  throttled(retryAfterMs: number | undefined): void;
  readonly window: number;
  readonly rate: number;
  readonly throttles: number;
}

export function createPacer(options: PacerOptions): Pacer {
  const { timer, readsPerSecond: budget, maxConcurrency } = options;
  if (!(budget > 0)) throw new RangeError(`readsPerSecond must be above 0, got ${budget}`);
  if (!(maxConcurrency >= 1)) throw new RangeError(`maxConcurrency must be at least 1, got ${maxConcurrency}`);
  let window = Math.max(1, Math.min(maxConcurrency, options.initialConcurrency ?? Math.ceil(maxConcurrency / 2)));
  let rate = budget;
  let inFlight = 0;
  let successes = 0;
  let throttles = 0;
  let nextStartAt = 0;
  let pausedUntil = 0;
  let waiters: (() => void)[] = [];
  const now = () => timer.now().getTime();

  function release(): void {
    inFlight -= 1;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  }

  return {
    get window() {
      return window;
    },
    get rate() {
      return rate;
    },
    get throttles() {
      return throttles;
    },
    async acquire() {
      for (;;) {
        if (inFlight >= window) {
          await new Promise<void>((resolve) => waiters.push(resolve));
          continue;
        }
        const at = now();
        const start = Math.max(at, nextStartAt, pausedUntil);
        if (start <= at) {
          inFlight += 1;
          nextStartAt = at + 1000 / rate;
          return release;
        }
        // Reserve the start so lanes waiting together do not all wake for the same one.
        nextStartAt = start + 1000 / rate;
        inFlight += 1;
        await timer.sleep(start - at);
        if (pausedUntil <= now()) return release;
        release();
      }
    },
    succeeded() {
      rate = Math.min(budget, rate + budget / 20);
      successes += 1;
      if (successes >= window) {
        window = Math.min(maxConcurrency, window + 1);
        successes = 0;
      }
    },
    throttled(retryAfterMs) {
      throttles += 1;
      window = Math.max(1, Math.floor(window / 2));
      rate = Math.max(budget / 64, rate / 2);
      successes = 0;
      pausedUntil = Math.max(pausedUntil, now() + (retryAfterMs ?? 1000));
    },
  };
}
