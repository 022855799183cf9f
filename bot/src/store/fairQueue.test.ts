import { describe, expect, it } from 'vitest';
import { createFairQueue } from './fairQueue.js';

/** A hand-turned event loop: `defer` only records; `turn()` runs what the previous turn deferred. */
function manualTurns() {
  let pending: (() => void)[] = [];
  return {
    defer: (next: () => void) => void pending.push(next),
    async turn(): Promise<void> {
      const due = pending;
      pending = [];
      for (const next of due) next();
      // Let the units started in this turn run up to their next await, as microtasks would.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
    get deferred() {
      return pending.length;
    },
  };
}

/** A unit the test finishes by hand; records when it started. */
function gate(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => ((finish = resolve), (fail = reject)));
  return {
    unit: () => {
      log.push(name);
      return done;
    },
    finish: () => finish(name),
    fail: (message: string) => fail(new Error(message)),
  };
}

describe('createFairQueue', () => {
  it('K9: runs units first in, first out, never more than `concurrency` at once, each freed slot handed on a turn later', async () => {
    const turns = manualTurns();
    const queue = createFairQueue({ concurrency: 2, defer: turns.defer });
    const started: string[] = [];
    const gates = Array.from({ length: 6 }, (_, i) => gate(started, `u${i}`));
    const results = gates.map((g) => queue.run(g.unit));
    await turns.turn();
    expect(started).toEqual(['u0', 'u1']);
    expect(queue.state()).toEqual({ running: 2, waiting: 4, peakRunning: 2 });

    // u1 ends first: its slot is not reused within the turn it ended in.
    gates[1]!.finish();
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual(['u0', 'u1']);
    expect(turns.deferred).toBe(1);
    await turns.turn();
    expect(started).toEqual(['u0', 'u1', 'u2']);

    for (const g of gates.slice(2)) g.finish();
    gates[0]!.finish();
    for (let i = 0; i < 6; i++) await turns.turn();
    expect(started).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
    await expect(Promise.all(results)).resolves.toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
    expect(queue.state()).toEqual({ running: 0, waiting: 0, peakRunning: 2 });
  });

  it('K9: 200 queued units and a multi-step one among them all complete in the order asked, one at a time', async () => {
    const turns = manualTurns();
    const queue = createFairQueue({ concurrency: 1, defer: turns.defer });
    const events: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const step = async (name: string) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await Promise.resolve();
      events.push(name);
      inFlight -= 1;
    };
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      if (i === 100) {
        // Like a transaction: several awaited steps, one unit of the queue.
        runs.push(queue.run(async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          for (const name of ['tx-begin', 'tx-write', 'tx-commit']) {
            await Promise.resolve();
            events.push(name);
          }
          inFlight -= 1;
        }));
      }
      runs.push(queue.run(() => step(`q${i}`)));
    }
    expect(queue.state()).toEqual({ running: 1, waiting: 200, peakRunning: 1 });
    let settled = false;
    void Promise.all(runs).then(() => (settled = true));
    for (let i = 0; i < 202 && !settled; i++) await turns.turn();

    const expected = Array.from({ length: 200 }, (_, i) => `q${i}`);
    expected.splice(100, 0, 'tx-begin', 'tx-write', 'tx-commit');
    expect(settled).toBe(true);
    expect(events).toEqual(expected);
    expect(peak).toBe(1);
    expect(queue.state().peakRunning).toBe(1);
  });

  it('K9: a caller arriving after a unit ended in this turn waits for the next turn, even with nobody ahead', async () => {
    const turns = manualTurns();
    const queue = createFairQueue({ concurrency: 1, defer: turns.defer });
    const started: string[] = [];
    const first = gate(started, 'first');
    const running = queue.run(first.unit);
    first.finish();
    await running;
    const later = gate(started, 'later');
    void queue.run(later.unit);
    expect(started).toEqual(['first']);
    await turns.turn();
    expect(started).toEqual(['first', 'later']);
  });

  it('K9: a unit that fails, or throws before returning a promise, rejects only its own caller and frees its slot', async () => {
    const turns = manualTurns();
    const queue = createFairQueue({ concurrency: 1, defer: turns.defer });
    const started: string[] = [];
    const failing = gate(started, 'failing');
    const failed = queue.run(failing.unit);
    const thrown = queue.run(() => {
      throw new Error('thrown before any promise');
    });
    const after = gate(started, 'after');
    const fine = queue.run(after.unit);
    failing.fail('statement failed');
    await expect(failed).rejects.toThrow('statement failed');
    await turns.turn();
    await expect(thrown).rejects.toThrow('thrown before any promise');
    await turns.turn();
    after.finish();
    await expect(fine).resolves.toBe('after');
    await turns.turn();
    expect(queue.state()).toEqual({ running: 0, waiting: 0, peakRunning: 1 });
  });

  it.each([0, -1, 1.5, Number.NaN])('K9: refuses a concurrency of %s, naming the field', (concurrency) => {
    expect(() => createFairQueue({ concurrency })).toThrow(/concurrency must be a whole number of at least 1/);
  });
});
