import { Worker } from 'node:worker_threads';
import type autocannon from 'autocannon';

/**
 * What the benches report of a load against GET /api/me and the other routes, and the request
 * that signs each one in as another person, shared by bench:api (in its own process) and the
 * load worker bench:sync and bench:notices run beside the server.
 */
export interface LoadFigures {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Requests unanswered within the client's timeout. */
  readonly timeouts: number;
  /** Other failures: refused or reset connections (timeouts not included). */
  readonly errors: number;
  readonly non2xx: number;
}

/** The figures of an autocannon result, at `rps` (how it is computed depends on where the result was aggregated). */
export function loadFigures(result: autocannon.Result, rps: number): LoadFigures {
  return {
    rps,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    timeouts: result.timeouts,
    errors: result.errors - result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Each request as another of `users`, stepping by a prime so that the sign-in cache never helps. */
export function asEachUser(users: readonly string[]): autocannon.Request[] {
  let next = 0;
  return [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-dev-user': users[(next++ * 7919) % users.length]! } }) }];
}

/** What the load worker (meLoadWorker.ts) is asked to do: GET `url` at `connections` for `seconds`, as each of `users` in turn. */
export interface MeLoadInput {
  readonly url: string;
  readonly users: readonly string[];
  readonly connections: number;
  readonly seconds: number;
}

/**
 * Load GET /api/me from a worker thread, so the server in this thread shares its event loop with
 * the work being measured (sync, the notifier), not with the load generator.
 */
export function loadMeInWorker(input: MeLoadInput): Promise<LoadFigures> {
  const worker = new Worker(new URL('./meLoadWorker.js', import.meta.url), { workerData: input });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** One line of figures, as the benches print them. */
export function describeLoad(load: LoadFigures): string {
  return `${load.rps} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, max ${load.maxMs} ms (${load.timeouts} timeouts, ${load.errors} errors, ${load.non2xx} non-2xx)`;
}
