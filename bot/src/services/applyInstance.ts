import { randomInt } from 'node:crypto';
import type { Database } from '../store/database.js';

/**
 * Who an apply worker is, for the leases it takes: a random advisory-lock key that the
 * worker holds for as long as it runs. On PostgreSQL the lock lives in a session of its
 * own, which PostgreSQL ends when the process dies (a crash, a kill, a lost machine); on
 * PGlite only this process can open the data folder, so a key no worker of this process
 * holds belongs to a process that is gone. Either way "can I take the key?" tells a dead
 * holder, whose jobs may be taken over at once, from a live one, whose lease still counts.
 */
export interface ApplyInstance {
  /** This worker's key, once it holds it. */
  key(): Promise<number>;
  /** Of `holders`, the ones whose process is gone (cached: a key is never held again once free). */
  deadOf(holders: readonly number[]): Promise<number[]>;
  /** Let go of the key (the worker stops). */
  release(): Promise<void>;
}

// Keys are PostgreSQL bigints that must stay exact in a JS number; 2^48 of them make a clash
// with another instance (or with the fixed job-lock keys) practically impossible, and a clash
// is only ever a failed try: acquire() then draws another key.
const KEY_SPACE = 2 ** 48;

export function createApplyInstance(db: Database): ApplyInstance {
  const dead = new Set<number>();
  let held: Promise<{ key: number; stop: () => void; done: Promise<unknown> }> | undefined;

  async function acquire(): Promise<{ key: number; stop: () => void; done: Promise<unknown> }> {
    for (;;) {
      const key = randomInt(1, KEY_SPACE);
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      let acquired!: () => void;
      const got = new Promise<boolean>((resolve) => (acquired = () => resolve(true)));
      const done = db.withAdvisoryLock(key, async () => {
        acquired();
        await stopped;
      });
      if (await Promise.race([got, done.then((outcome) => outcome.ran)])) return { key, stop, done };
    }
  }

  return {
    async key() {
      held ??= acquire().catch((error: unknown) => {
        held = undefined;
        throw error;
      });
      return (await held).key;
    },
    async deadOf(holders) {
      for (const holder of holders) {
        if (dead.has(holder)) continue;
        const probe = await db.withAdvisoryLock(holder, async () => undefined);
        if (probe.ran) dead.add(holder);
      }
      return holders.filter((holder) => dead.has(holder));
    },
    async release() {
      const current = held;
      held = undefined;
      if (!current) return;
      const { stop, done } = await current;
      stop();
      await done;
    },
  };
}
