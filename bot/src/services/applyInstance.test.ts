import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import { manualClock } from '../server/testServer.js';
import { createApplyInstance } from './applyInstance.js';

describe.each(testBackends())('an apply worker instance key (%s)', (backend, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  it('K2: is held for the life of the worker, so others see it alive until it lets go, and dead after', async () => {
    const running = createApplyInstance(db);
    const other = createApplyInstance(db);
    const key = await running.key();
    expect(Number.isSafeInteger(key) && key > 0).toBe(true);
    expect(await running.key()).toBe(key);
    expect(await other.deadOf([key])).toEqual([]);
    // Nobody may take a live worker's key.
    expect((await db.withAdvisoryLock(key, async () => 'taken')).ran).toBe(false);

    await running.release();
    expect(await other.deadOf([key])).toEqual([key]);
    // A key once free stays known as dead, and a second release is harmless.
    expect(await other.deadOf([key, key])).toEqual([key, key]);
    await running.release();
    await other.release();
  });

  it('K2: tells apart several holders at once, and a worker that starts again holds a new key', async () => {
    const first = createApplyInstance(db);
    const second = createApplyInstance(db);
    const observer = createApplyInstance(db);
    const [a, b] = [await first.key(), await second.key()];
    expect(a).not.toBe(b);
    await first.release();
    expect(await observer.deadOf([a, b])).toEqual([a]);
    const restarted = await first.key();
    expect(restarted).not.toBe(a);
    expect(await observer.deadOf([restarted, b])).toEqual([]);
    await Promise.all([first.release(), second.release(), observer.release()]);
  });

  it.runIf(backend === 'postgres')('K2: a worker whose lock session ended under it takes a new key once it checks, instead of claiming under a dead one', async () => {
    const clock = manualClock();
    const running = createApplyInstance(db, clock);
    const observer = createApplyInstance(db);
    const key = await running.key();
    // The database ends the session that holds the key (a restart, a dropped connection).
    const ended = await db.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1",
      [key],
    );
    expect(ended).toEqual([{ ended: true }]);
    await until(async () => (await observer.deadOf([key])).length === 1);
    // Until it checks, the worker still believes it holds the key; after VERIFY_MS it checks.
    clock.advance(9_999);
    expect(await running.key()).toBe(key);
    clock.advance(1);
    const renewed = await running.key();
    expect(renewed).not.toBe(key);
    expect(await observer.deadOf([renewed])).toEqual([]);
    await Promise.all([running.release(), observer.release()]);
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries += 1) {
    if (tries > 200) throw new Error('the ended session still holds its lock');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
