import { describe, expect, it } from 'vitest';
import type { SettingsWrite, User } from '@cgm/core';
import { defaultCallingSettings } from '@cgm/core';
import { createVirtualTimer } from '../../testSupport/virtualTimer.js';
import { GatewayError } from '../callingGateway.js';
import type { LocalCallingGateway } from './localCallingGateway.js';
import type { ReadCostOptions } from './readCostModel.js';
import { createReadBudget, withReadCost } from './readCostModel.js';

const START = new Date('2026-12-01T00:00:00Z');

/** The embedded tenant without a database: answers at once, counts what reached it. */
function instantTenant(users = 0, batches: string[][] = []): LocalCallingGateway {
  const calls = { readDirectory: 0, readSettings: 0, applyWrite: 0 };
  const directory = { users: Array.from({ length: users }, (_, i) => ({ Identity: `u${i}` }) as unknown as User) };
  return {
    kind: 'local',
    calls,
    ready: async () => undefined,
    seed: async () => undefined,
    injectFaults: () => undefined,
    readDirectory: async () => {
      calls.readDirectory += 1;
      return directory as unknown as Awaited<ReturnType<LocalCallingGateway['readDirectory']>>;
    },
    readSettings: async (identity) => {
      calls.readSettings += 1;
      return defaultCallingSettings(identity);
    },
    readSettingsMany: async (identities) => {
      batches.push([...identities]);
      calls.readSettings += identities.length;
      return new Map(identities.map((id) => [id, id.startsWith('nobody') ? new GatewayError('not-found', `no ${id}`) : defaultCallingSettings(id)] as const));
    },
    applyWrite: async () => void (calls.applyWrite += 1),
    close: async () => undefined,
  };
}

function costed(options: Partial<Omit<ReadCostOptions, 'timer'>> & { readsPerSecond?: number; burst?: number; users?: number } = {}) {
  const timer = createVirtualTimer({ start: START });
  const budget = createReadBudget({ readsPerSecond: options.readsPerSecond ?? 10, ...(options.burst ? { burst: options.burst } : {}) });
  const batches: string[][] = [];
  const inner = instantTenant(options.users, batches);
  const gateway = withReadCost(inner, { timer, budget, latencyMs: 400, jitter: 0, ...options });
  const elapsed = () => timer.now().getTime() - START.getTime();
  return { timer, budget, inner, gateway, elapsed, batches };
}

const throttledBy = async (read: Promise<unknown>): Promise<GatewayError> => {
  const error = await read.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
};

describe('the read cost model', () => {
  it('lets a 10/s budget through at 10 reads per simulated second under pressure', async () => {
    const { timer, gateway, elapsed } = costed({ readsPerSecond: 10, latencyMs: 400 });
    const admittedAt: number[] = [];
    const seconds = 60;
    // Twenty readers, each reading again as soon as it may (honouring Retry-After), for a simulated minute.
    const reader = async (n: number) => {
      while (elapsed() < seconds * 1_000) {
        try {
          await gateway.readSettings(`user${n}`);
          admittedAt.push(elapsed() - 400);
        } catch (error) {
          if (!(error instanceof GatewayError) || error.kind !== 'throttled') throw error;
          await timer.sleep(error.retryAfterMs ?? 1_000);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => reader(n)));
    const admitted = admittedAt.filter((at) => at < seconds * 1_000).length;
    // Ten a second, plus at most the bucket's ten saved up at the start; tokens are spent in
    // bursts as readers come back from their round trips, so one second may see up to 20.
    expect(admitted).toBeGreaterThanOrEqual(10 * seconds);
    expect(admitted).toBeLessThanOrEqual(10 * seconds + 10);
    const perSecond = Array.from({ length: seconds }, (_, s) => admittedAt.filter((at) => at >= s * 1_000 && at < (s + 1) * 1_000).length);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(20);
    expect(gateway.cost.throttled).toBeGreaterThan(0);
  });

  it('paces readers that honour Retry-After to exactly 10 a second once the saved-up burst is spent', async () => {
    const { timer, gateway, elapsed } = costed({ readsPerSecond: 10, latencyMs: 0 });
    const admittedAt: number[] = [];
    const reader = async (n: number) => {
      while (elapsed() < 5_000) {
        const outcome = await gateway.readSettings(`user${n}`).then(() => undefined, (error: unknown) => error as GatewayError);
        if (outcome) await timer.sleep(outcome.retryAfterMs ?? 1_000);
        else admittedAt.push(elapsed());
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => reader(n)));
    const perSecond = Array.from({ length: 5 }, (_, s) => admittedAt.filter((at) => at >= s * 1_000 && at < (s + 1) * 1_000).length);
    expect(perSecond).toEqual([19, 10, 10, 10, 10]);
  });

  it('answers a burst past the bucket with 429 and a Retry-After that, honoured, succeeds', async () => {
    const { timer, gateway, elapsed } = costed({ readsPerSecond: 10, latencyMs: 0 });
    const first = await Promise.allSettled(Array.from({ length: 11 }, (_, n) => gateway.readSettings(`user${n}`)));
    expect(first.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
    const refused = await throttledBy(gateway.readSettings('late'));
    expect(refused.kind).toBe('throttled');
    expect(refused.retryable).toBe(true);
    expect(refused.retryAfterMs).toBe(100);
    // Retrying a millisecond early is refused again; at the given moment it succeeds.
    await timer.sleep(99);
    const early = await throttledBy(gateway.readSettings('late'));
    await timer.sleep(early.retryAfterMs ?? 0);
    await expect(gateway.readSettings('late')).resolves.toMatchObject({ SipUri: 'late' });
    expect(elapsed()).toBe(100);
  });

  it('counts Retry-After from the answer, which comes after the round trip', async () => {
    const { gateway } = costed({ readsPerSecond: 1, burst: 1, latencyMs: 400 });
    await gateway.readSettings('a');
    // The token taken at 0 is back at 1,000; the second read arrives at 400 and is refused at 800.
    const refused = await throttledBy(gateway.readSettings('b'));
    expect(refused.retryAfterMs).toBe(200);
  });

  it('adds latency in simulated time: 1,000 reads one after another take 400 simulated seconds', async () => {
    const { gateway, elapsed, inner } = costed({ readsPerSecond: 1_000, latencyMs: 400 });
    for (let i = 0; i < 1_000; i += 1) await gateway.readSettings(`user${i}`);
    expect(elapsed()).toBe(400_000);
    expect(inner.calls.readSettings).toBe(1_000);
    expect(gateway.cost).toMatchObject({ reads: 1_000, throttled: 0 });
  });

  it('jitters latency within the given share, the same way for the same seed', async () => {
    const latencies = async (seed: number) => {
      const { gateway, elapsed } = costed({ readsPerSecond: 1_000, latencyMs: 400, jitter: 0.25, seed });
      const spent: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        const before = elapsed();
        await gateway.readSettings('a');
        spent.push(elapsed() - before);
      }
      return spent;
    };
    const once = await latencies(7);
    expect(await latencies(7)).toEqual(once);
    expect(await latencies(8)).not.toEqual(once);
    expect(Math.min(...once)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...once)).toBeLessThanOrEqual(500);
    expect(new Set(once).size).toBeGreaterThan(10);
  });

  it('fetches the reads in flight at once together, when the first of them answers', async () => {
    const { gateway, batches, elapsed } = costed({ latencyMs: 400, jitter: 0.25, seed: 5 });
    const late = (async () => {
      await gateway.readSettings('first');
      // Started after the first batch was fetched: fetched on its own.
      return gateway.readSettings('after');
    })();
    const together = await Promise.all(['a', 'b', 'c'].map((id) => gateway.readSettings(id)));
    expect(together.map((settings) => settings.SipUri)).toEqual(['a', 'b', 'c']);
    await late;
    expect(batches[0]?.sort()).toEqual(['a', 'b', 'c', 'first']);
    expect(batches.slice(1)).toEqual([['after']]);
    expect(elapsed()).toBeGreaterThanOrEqual(600);
    expect(gateway.cost.reads).toBe(5);
  });

  it('fails only the read of someone Teams does not know when it is fetched with others', async () => {
    const { gateway } = costed({ latencyMs: 400 });
    const [known, unknown] = await Promise.allSettled([gateway.readSettings('alex'), gateway.readSettings('nobody@contoso.com')]);
    expect(known).toMatchObject({ status: 'fulfilled', value: { SipUri: 'alex' } });
    expect(unknown).toMatchObject({ status: 'rejected', reason: { kind: 'not-found' } });
  });

  it('costs each user of a many-user read as a call of its own', async () => {
    const { gateway, budget } = costed({ readsPerSecond: 2, burst: 2, latencyMs: 0 });
    const outcomes = await gateway.readSettingsMany(['a', 'b', 'c']);
    expect(budget.taken).toBe(2);
    expect([...outcomes.values()].filter((outcome) => outcome instanceof GatewayError && outcome.kind === 'throttled')).toHaveLength(1);
  });

  it('pages the bulk directory read, each page waiting for its token', async () => {
    const { gateway, elapsed, budget } = costed({ readsPerSecond: 1, burst: 1, latencyMs: 0, users: 2_500, directoryPageSize: 1_000 });
    const directory = await gateway.readDirectory();
    expect(directory.users).toHaveLength(2_500);
    expect(gateway.cost.directoryPages).toBe(3);
    expect(elapsed()).toBe(2_000);
    expect(budget.taken).toBe(3);
  });

  it('charges writes to the same budget as reads', async () => {
    const { gateway, inner } = costed({ readsPerSecond: 1, burst: 1, latencyMs: 0 });
    await gateway.readSettings('a');
    const write = { cmdlet: 'Set-CsUserCallingSettings', identity: 'a', parameterSet: 'CallGroup', parameters: {}, reason: 'test' } satisfies SettingsWrite;
    expect((await throttledBy(gateway.applyWrite(write))).kind).toBe('throttled');
    expect(inner.calls.applyWrite).toBe(0);
  });

  it('refuses settings that make no sense, naming them', () => {
    expect(() => createReadBudget({ readsPerSecond: 0 })).toThrow(/readsPerSecond/);
    expect(() => createReadBudget({ readsPerSecond: 5, burst: 0.5 })).toThrow(/burst/);
    const timer = createVirtualTimer();
    const budget = createReadBudget();
    expect(() => withReadCost(instantTenant(), { timer, budget, latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => withReadCost(instantTenant(), { timer, budget, jitter: 1.5 })).toThrow(/jitter/);
    expect(() => withReadCost(instantTenant(), { timer, budget, directoryPageSize: 0 })).toThrow(/directoryPageSize/);
  });
});
