import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import { createApplyInstance } from './applyInstance.js';

describe.each(testBackends())('an apply worker instance key (%s)', (_backend, open) => {
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
});
