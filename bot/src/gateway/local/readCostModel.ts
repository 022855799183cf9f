import type { CallingSettings, SettingsWrite } from '@cgm/core';
import { createRandom } from '@cgm/core';
import type { Timer } from '../../services/clock.js';
import { GatewayError } from '../callingGateway.js';
import type { LocalCallingGateway } from './localCallingGateway.js';

/**
 * What a call to Teams costs, modelled on the `local` gateway so that sync can be tested and
 * measured at the scale of a real tenant without one: every call takes a round trip (latency
 * with jitter), and the tenant has a budget of calls per second, a token bucket, past which
 * Teams answers 429 with a Retry-After. Everything runs on the Timer port: on a virtual timer
 * a benchmark simulates hours in seconds; on the system timer a demo feels like Teams.
 */

export const DEFAULT_READS_PER_SECOND = 10;
export const DEFAULT_READ_LATENCY_MS = 400;
/** ±25 % around the latency: enough that concurrent readers do not move in lock step. */
export const DEFAULT_LATENCY_JITTER = 0.25;
/** Users per page of the bulk directory read (Get-CsOnlineUser pages its results); each page is one call. */
export const DEFAULT_DIRECTORY_PAGE_SIZE = 1_000;

/** One tenant's budget of calls. Teams throttles per tenant: share one budget between every gateway of that tenant. */
export interface ReadBudget {
  readonly readsPerSecond: number;
  /** Take one call's token at `atMs`; when none is left, how long until one is. */
  take(atMs: number): { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };
  /** Calls let through and calls refused so far. */
  readonly taken: number;
  readonly refused: number;
}

export interface ReadBudgetOptions {
  readonly readsPerSecond?: number;
  /** Calls that may arrive at once after a quiet spell (the bucket's size); one second's worth by default. */
  readonly burst?: number;
}

/**
 * A token bucket: `readsPerSecond` tokens a second, at most `burst` kept, full at first. Kept as
 * the generic cell rate algorithm (the moment the bucket would be full again), which is the same
 * bucket in whole milliseconds, without fractions of a token adding up wrong.
 */
export function createReadBudget(options: ReadBudgetOptions = {}): ReadBudget {
  const rate = options.readsPerSecond ?? DEFAULT_READS_PER_SECOND;
  const burst = options.burst ?? rate;
  if (!(rate > 0)) throw new RangeError(`readsPerSecond must be above 0 (got ${rate})`);
  if (!(burst >= 1)) throw new RangeError(`burst must be at least 1 (got ${burst})`);
  const interval = 1000 / rate;
  const tolerance = (Math.floor(burst) - 1) * interval;
  /** When the bucket is full again if nothing more is taken (the theoretical arrival time). */
  let fullAt = -Infinity;
  let taken = 0;
  let refused = 0;
  return {
    readsPerSecond: rate,
    take(atMs) {
      const earliest = fullAt - tolerance;
      if (earliest > atMs) {
        refused += 1;
        return { ok: false, retryAfterMs: Math.ceil(earliest - atMs) };
      }
      fullAt = Math.max(fullAt, atMs) + interval;
      taken += 1;
      return { ok: true };
    },
    get taken() {
      return taken;
    },
    get refused() {
      return refused;
    },
  };
}

export interface ReadCostOptions {
  readonly timer: Timer;
  readonly budget: ReadBudget;
  readonly latencyMs?: number;
  /** 0 to 1: each call's latency is latencyMs × (1 ± jitter), uniformly. */
  readonly jitter?: number;
  /** Seeds the jitter, so a test or a benchmark run is repeatable. */
  readonly seed?: number;
  readonly directoryPageSize?: number;
}

/** What the model did, for a benchmark's figures. */
export interface ReadCostStats {
  readonly reads: number;
  readonly throttled: number;
  readonly directoryPages: number;
  readonly writes: number;
}

export interface CostedLocalGateway extends LocalCallingGateway {
  readonly cost: ReadCostStats;
}

/**
 * `inner` behind the cost model. A per-user read or a write takes one token or is refused with
 * GatewayError('throttled', …, retryAfterMs) — the 429 arrives after a round trip too, as it
 * would over the network; the caller decides whether to honour Retry-After. The bulk directory
 * read is paged: each page waits for its token (the MicrosoftTeams module retries its own pages)
 * and takes a round trip. Reads see Teams as it is at some moment of their round trip (see
 * fetchUnfetched). Seeding and test hooks go straight to `inner`.
 */
export function withReadCost(inner: LocalCallingGateway, options: ReadCostOptions): CostedLocalGateway {
  const { timer, budget } = options;
  const latencyMs = options.latencyMs ?? DEFAULT_READ_LATENCY_MS;
  const jitter = options.jitter ?? DEFAULT_LATENCY_JITTER;
  const pageSize = options.directoryPageSize ?? DEFAULT_DIRECTORY_PAGE_SIZE;
  if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be 0 or more (got ${latencyMs})`);
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`jitter must be from 0 to 1 (got ${jitter})`);
  if (!(pageSize >= 1)) throw new RangeError(`directoryPageSize must be at least 1 (got ${pageSize})`);
  const random = createRandom(options.seed ?? 1);
  const cost = { reads: 0, throttled: 0, directoryPages: 0, writes: 0 };

  const roundTrip = () => timer.sleep(Math.round(latencyMs * (1 + jitter * (2 * random.next() - 1))));

  /** A refused call's 429, answered now: Retry-After counts from the answer (as HTTP's does) to when the bucket has a token again (at least 1 ms). */
  function throttled(arrival: number, retryAfterMs: number): GatewayError {
    cost.throttled += 1;
    const wait = Math.max(1, arrival + retryAfterMs - timer.now().getTime());
    return new GatewayError('throttled', `Too many requests (429): the tenant's budget of ${budget.readsPerSecond} calls a second is spent. Retry after ${wait} ms.`, wait);
  }

  /** One call's admission: its token, or a 429 after the round trip. */
  async function admit(): Promise<void> {
    const arrival = timer.now().getTime();
    const admission = budget.take(arrival);
    await roundTrip();
    if (!admission.ok) throw throttled(arrival, admission.retryAfterMs);
  }

  /**
   * Reads admitted and not fetched yet. A read sees Teams as it is at some moment of its round
   * trip: the first of those in flight to answer fetches them all in one statement, so a
   * simulation pays one database round trip for several reads.
   */
  let unfetched: { readonly identity: string; result?: Promise<CallingSettings> }[] = [];
  function fetchUnfetched(): void {
    const batch = unfetched;
    unfetched = [];
    const outcomes = inner.readSettingsMany(batch.map((entry) => entry.identity));
    for (const entry of batch) {
      entry.result = outcomes.then((found) => {
        const outcome = found.get(entry.identity);
        if (outcome === undefined || outcome instanceof GatewayError) throw outcome ?? new GatewayError('not-found', `Management object not found for identity "${entry.identity}".`);
        return outcome;
      });
      // Handled when its reader wakes; until then it must not count as an unhandled rejection.
      entry.result.catch(() => undefined);
    }
  }

  return {
    kind: 'local',
    cost,
    get calls() {
      return inner.calls;
    },
    ready: () => inner.ready(),
    seed: (tenant, tx) => inner.seed(tenant, tx),
    injectFaults: (faults) => inner.injectFaults(faults),
    async readDirectory() {
      const directory = await inner.readDirectory();
      for (let page = 0; page < Math.max(1, Math.ceil(directory.users.length / pageSize)); page += 1) {
        for (let admission = budget.take(timer.now().getTime()); !admission.ok; admission = budget.take(timer.now().getTime())) await timer.sleep(admission.retryAfterMs);
        await roundTrip();
        cost.directoryPages += 1;
      }
      return directory;
    },
    async readSettings(identity) {
      const arrival = timer.now().getTime();
      const admission = budget.take(arrival);
      const entry: (typeof unfetched)[number] = { identity };
      if (admission.ok) unfetched.push(entry);
      await roundTrip();
      if (!admission.ok) throw throttled(arrival, admission.retryAfterMs);
      if (!entry.result) fetchUnfetched();
      cost.reads += 1;
      return entry.result ?? Promise.reject(new Error('a fetched read has its result'));
    },
    async readSettingsMany(identities) {
      // Each one is a call of its own to Teams, costed as such.
      const outcomes = await Promise.all(identities.map((identity) => this.readSettings(identity).catch((error: unknown) => error)));
      return new Map(identities.map((identity, i) => [identity, outcomes[i] as CallingSettings | GatewayError] as const));
    },
    async applyWrite(write: SettingsWrite) {
      await admit();
      cost.writes += 1;
      return inner.applyWrite(write);
    },
    close: () => inner.close(),
  };
}
