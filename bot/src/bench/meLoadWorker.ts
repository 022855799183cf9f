import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadFigures, MeLoadInput } from './loadFigures.js';
import { asEachUser, loadFigures } from './loadFigures.js';

/**
 * bench:sync's load generator, in a worker thread: GET /api/me at `connections`, each request
 * as another of `users` (as bench:api does), so the server in the main thread shares its event
 * loop with sync only, not with the load generator. Posts the figures back and ends.
 */
const input = workerData as MeLoadInput;
const options: autocannon.Options = {
  url: input.url,
  connections: input.connections,
  duration: input.seconds,
  timeout: 10,
  requests: asEachUser(input.users),
};
const raw = await new Promise<autocannon.Result>((resolve, reject) => autocannon(options, (error, done) => (error ? reject(error) : resolve(done))));
// Off the main thread autocannon hands back its raw histograms; the percentiles are computed here
// (aggregateResult is exported by autocannon but missing from its types).
const aggregate = (autocannon as unknown as { aggregateResult(results: readonly unknown[], opts: autocannon.Options): autocannon.Result }).aggregateResult;
const result = aggregate([raw], options);
parentPort?.postMessage(loadFigures(result, Math.round(result.requests.total / Math.max(result.duration, 0.001))) satisfies LoadFigures);
