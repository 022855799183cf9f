import { randomInt } from 'node:crypto';
import type { Database } from '../store/database.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

/**
 * Who an apply worker is, for the leases it takes: a random advisory-lock key that the
 * worker holds for as long as it runs. On PostgreSQL the lock lives in a session of its
 * own, which PostgreSQL ends when the process dies (a crash, a kill, a lost machine); on
 * PGlite only this process can open the data folder, so a key no worker of this process
 * holds belongs to a process that is gone. Either way "can I take the key?" tells a dead
 * holder, whose jobs may be taken over at once, from a live one, whose lease still counts.
 * A worker whose own lock session ended under it (the database restarted, the network
 * dropped) finds out within VERIFY_MS and takes a new key, rather than go on claiming jobs
 * under a key the others rightly treat as dead.
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
const VERIFY_MS = 10_000;

interface Hold {
  readonly key: number;
  readonly stop: () => void;
  readonly done: Promise<unknown>;
}

export function createApplyInstance(db: Database, clock: Clock = systemClock): ApplyInstance {
  const dead = new Set<number>();
  let held: Promise<Hold> | undefined;
  let verifiedAt = 0;

  async function acquire(): Promise<Hold> {
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
      if (await Promise.race([got, done.then((outcome) => outcome.ran)])) {
        verifiedAt = clock.now().getTime();
        return { key, stop, done };
      }
    }
  }

  /** Whether the key is still ours: free to take means the session that held it is gone. */
  async function stillHeld(hold: Hold): Promise<boolean> {
    verifiedAt = clock.now().getTime();
    if (!(await db.withAdvisoryLock(hold.key, async () => undefined)).ran) return true;
    dead.add(hold.key);
    hold.stop();
    // Letting go of a lock whose session is gone fails; the lock went with the session.
    hold.done.catch((error: unknown) => process.emitWarning(`the apply worker's lost instance lock ${hold.key}: ${(error as Error).message}`));
    return false;
  }

  return {
    async key() {
      if (held && clock.now().getTime() - verifiedAt >= VERIFY_MS && !(await stillHeld(await held))) held = undefined;
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
