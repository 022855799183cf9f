import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/** Time and ids come in through this port, so tests control expiry and backoff without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that can also wait. Pacing (a read budget, Retry-After, backoff) sleeps through this port, so a
 * test or a benchmark runs hours of simulated time in seconds on a virtual timer.
 */
export interface Timer extends Clock {
  sleep(ms: number): Promise<void>;
}

export const systemTimer: Timer = {
  now: () => new Date(),
  sleep: async (ms) => {
    if (ms > 0) await delay(ms);
  },
};

export type IdSource = () => string;
export const randomIds: IdSource = () => randomUUID();
