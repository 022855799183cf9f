import { setImmediate as turn } from 'node:timers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVirtualTimer } from './virtualTimer.js';

/**
 * Paced, the virtual timer waits for the wall clock before waking the next sleeper. That wait
 * must give way to what comes in meanwhile: a sleeper due sooner, or the pace being lifted. The
 * wall clock here is vitest's fake one, moved by hand, so nothing depends on real time.
 */

const START = new Date('2026-12-01T00:00:00Z');
const elapsed = (timer: { now(): Date }) => timer.now().getTime() - START.getTime();

describe('the paced virtual timer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Whether the promise settled once the wall clock has moved `ms`. */
  async function settledAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
    let settled = false;
    void promise.then(() => (settled = true));
    // The timer settles over real turns of the event loop (node:timers' setImmediate) before it waits for the wall clock.
    const settle = async () => {
      for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => turn(resolve));
    };
    await settle();
    await vi.advanceTimersByTimeAsync(ms);
    await settle();
    return settled;
  }

  it('a sleeper due sooner, arriving while the timer waits for a later one, wakes at its own time', async () => {
    const timer = createVirtualTimer({ start: START });
    timer.pace(true);
    const later = timer.sleep(60_000);
    // The timer is now waiting a minute of wall clock for `later`.
    expect(await settledAfter(later, 100)).toBe(false);
    const sooner = timer.sleep(1_000);
    expect(await settledAfter(sooner, 1_000)).toBe(true);
    expect(elapsed(timer)).toBe(1_000);
    timer.stop();
  });

  it('lifting the pace while the timer waits for the wall clock wakes the sleeper at once', async () => {
    const timer = createVirtualTimer({ start: START });
    timer.pace(true);
    const sleeper = timer.sleep(15 * 60_000);
    expect(await settledAfter(sleeper, 100)).toBe(false);
    timer.pace(false);
    expect(await settledAfter(sleeper, 10)).toBe(true);
    expect(elapsed(timer)).toBe(15 * 60_000);
    timer.stop();
  });

  it('paced, a sleeper still does not wake before the wall clock reaches its time', async () => {
    const timer = createVirtualTimer({ start: START });
    timer.pace(true);
    const sleeper = timer.sleep(5_000);
    expect(await settledAfter(sleeper, 4_900)).toBe(false);
    expect(await settledAfter(sleeper, 200)).toBe(true);
    timer.stop();
  });
});
