import { describe, expect, it } from 'vitest';
import { createVirtualTimer } from '../../testSupport/virtualTimer.js';
import { createPacer } from './pacer.js';

/** Start `count` reads through the pacer, each taking `latencyMs` of the timer's time; the start times. */
async function starts(pacer: ReturnType<typeof createPacer>, timer: ReturnType<typeof createVirtualTimer>, count: number, latencyMs = 0): Promise<number[]> {
  const at: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const release = await pacer.acquire();
      at.push(timer.now().getTime());
      if (latencyMs > 0) await timer.sleep(latencyMs);
      pacer.succeeded();
      release();
    }),
  );
  return at.sort((a, b) => a - b);
}

describe('the sync pacer', () => {
  it('starts reads no faster than the budget', async () => {
    const timer = createVirtualTimer();
    const pacer = createPacer({ timer, readsPerSecond: 10, maxConcurrency: 4 });
    const at = await starts(pacer, timer, 21);
    // 21 starts at 10 a second span two seconds, never less.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(2_000);
    for (let i = 1; i < at.length; i += 1) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('grows its window while reads succeed, up to the number of sessions', async () => {
    const timer = createVirtualTimer();
    const pacer = createPacer({ timer, readsPerSecond: 100, maxConcurrency: 6, initialConcurrency: 1 });
    await starts(pacer, timer, 60, 50);
    expect(pacer.window).toBe(6);
  });

  it('a 429 halves the window and the rate and holds every read until Retry-After has passed', async () => {
    const timer = createVirtualTimer();
    const pacer = createPacer({ timer, readsPerSecond: 10, maxConcurrency: 8, initialConcurrency: 8 });
    const throttledAt = timer.now().getTime();
    pacer.throttled(5_000);
    expect(pacer.window).toBe(4);
    expect(pacer.rate).toBe(5);
    const [first] = await starts(pacer, timer, 1);
    expect(first! - throttledAt).toBeGreaterThanOrEqual(5_000);
    pacer.throttled(undefined);
    pacer.throttled(undefined);
    pacer.throttled(undefined);
    expect(pacer.window).toBe(1);
    expect(pacer.throttles).toBe(4);
  });

  it('refuses a budget or a session count that cannot pace anything, naming it', () => {
    const timer = createVirtualTimer();
    expect(() => createPacer({ timer, readsPerSecond: 0, maxConcurrency: 4 })).toThrow(/readsPerSecond/);
    expect(() => createPacer({ timer, readsPerSecond: 10, maxConcurrency: 0 })).toThrow(/maxConcurrency/);
  });
});
