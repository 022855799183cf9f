import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { synthesizeTenant } from '@cgm/core';
import { readConfig } from '../config.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createReadBudget, withReadCost } from '../gateway/local/readCostModel.js';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/logger.js';
import { openServices } from '../server/services.js';
import { createVirtualTimer, trackDatabase } from '../testSupport/virtualTimer.js';
import { describeLoad, loadMeInWorker } from './loadFigures.js';
import type { PlannedEdit } from './syncEdits.js';
import { detectionSeconds, makeEdit, percentile, planEdits } from './syncEdits.js';
import { startSyncDriver } from './syncDriver.js';
import { traceStatements } from './statementTrace.js';
import { openTenantDatabase } from './tenantDatabaseCache.js';

/**
 * `npm run bench:sync`: sync at the scale of a real tenant, in simulated time. 100,000 synthetic
 * users in PGlite, the local gateway behind Teams' cost model (400 ms a call, 10 calls a second
 * per tenant, 429 past it), and the server itself in this process, as in production, where
 * sync shares the event loop with the API. While the pass runs, 1,000 direct edits are made in
 * "Teams" at random simulated moments (syncEdits.ts), and detection is the simulated time from
 * an edit to its drift record. GET /api/me is loaded from a worker thread (autocannon, as
 * bench:api does) at rest and during the pass, when sync runs at its real pace. Progress on stderr; last on stdout, one JSON line.
 * Figures, never assertions; the machine's load average is printed, since it moves them.
 */
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 1_000);
const BUDGET = Number(process.env.BENCH_READS_PER_SECOND ?? 10);
const LATENCY_MS = Number(process.env.BENCH_READ_LATENCY_MS ?? 400);
const API_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Gateway sessions: enough that the budget, not the round trip, bounds the pace (twice budget × latency). */
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? Math.ceil((2 * BUDGET * LATENCY_MS) / 1000));
/** When, in simulated seconds of the pass, the API is loaded beside it. */
const DURING_AT_SECONDS = Number(process.env.BENCH_DURING_AT_SECONDS ?? 600);
const say = (line: string) => process.stderr.write(`${line}\n`);
const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(', ');
const wallStarted = performance.now();

say(`load average at start: ${loadAverage()}`);
const { tenant } = synthesizeTenant({ users: USERS, seed: 1, defectRate: 0 });
const timer = createVirtualTimer();
const simStart = timer.now().getTime();
const simSeconds = () => (timer.now().getTime() - simStart) / 1000;
const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: '', SYNC_INTERVAL_MINUTES: '0', SYNC_READS_PER_SECOND: String(BUDGET), SYNC_CONCURRENCY: String(SESSIONS) });

let started = performance.now();
const opened = await openTenantDatabase(
  tenant,
  async (fresh) => {
    const importer = await openServices(config, silentLogger, { db: fresh, gateway: createLocalCallingGateway(fresh) });
    await importer.importTenant(tenant, false);
  },
  process.env.BENCH_FRESH === '1',
);
say(`${opened.cached ? 'loaded the imported' : 'imported'} ${USERS} users into PGlite in ${Math.round(performance.now() - started)} ms`);
// Only the simulation's own queries hold simulated time; the API's, under load, do not.
const trace = process.env.BENCH_TRACE === '1' ? traceStatements(opened.db) : undefined;
const db = trackDatabase(trace?.db ?? opened.db, timer, 'simulation');
const teams = createLocalCallingGateway(db);
const budget = createReadBudget({ readsPerSecond: BUDGET });
const gateway = withReadCost(teams, { timer, budget, latencyMs: LATENCY_MS, seed: 3 });
const app = await createApp(config, silentLogger, { db, gateway, clock: timer, jobs: false });
const address = await app.listen();
started = performance.now();
await app.applyOnce(); // builds the health index, as the apply job's first run does after a start
say(`health index built in ${Math.round(performance.now() - started)} ms`);

const upns = tenant.users.map((user) => user.UserPrincipalName);
const loadMe = (seconds = API_SECONDS) => loadMeInWorker({ url: `http://127.0.0.1:${address.port}/api/me`, users: upns, connections: 100, seconds });
// A short warm-up first, so that the figure at rest is not the JIT's first seconds.
await loadMe(3);
const atRest = await loadMe();
say(`GET /api/me at rest, 100 connections, ${API_SECONDS} s: ${describeLoad(atRest)}`);

// The pass, the edits and a monitor run inside the simulation; everything else is outside it.
const horizonMs = (USERS / BUDGET) * 1000;
const planned = planEdits(tenant, EDITS, horizonMs, 11);
const made: { edit: PlannedEdit; madeAt: number }[] = [];
let refusedEdits = 0;
const simWallStarted = performance.now();
const sync = startSyncDriver({ timer, db, gateway, health: app.services.health, config });
// The API is loaded during the pass once the first directory read is in (ten simulated minutes),
// with the simulation paced to the wall clock meanwhile: unpaced, sync would read hundreds of times
// faster than Teams lets it and take the event loop from the API, which production never sees.
const during = (async () => {
  while (simSeconds() < DURING_AT_SECONDS) await new Promise((resolve) => setTimeout(resolve, 50));
  timer.pace(true);
  try {
    return await loadMe();
  } finally {
    timer.pace(false);
  }
})();
const edits = timer.simulate(async () => {
  for (const edit of planned) {
    await timer.sleep(simStart + edit.atMs - timer.now().getTime());
    if (await makeEdit(teams, edit)) made.push({ edit, madeAt: timer.now().getTime() });
    else refusedEdits += 1;
  }
});
let ticks = 0;
const progress = setInterval(() => {
  say(`  simulated ${Math.round(simSeconds())} s, ${gateway.cost.reads} reads, ${gateway.cost.throttled} throttled, ${made.length} edits made, passes ${sync.passes().length}; wall ${Math.round((performance.now() - wallStarted) / 1000)} s, load ${loadAverage()}`);
  if (trace && ++ticks % 6 === 0) say(`database time by statement so far:\n${trace.report(12)}`);
}, 10_000).unref();

/** Drift records so far, read inside the simulation so that time waits for the query. */
const driftRows = () => db.query<{ subjectSip: string; detectedAt: Date }>('SELECT subject_sip AS "subjectSip", detected_at AS "detectedAt" FROM drift_records');
// Run until the first pass is over and every edit is seen, or four passes' worth of time. Looking
// costs real time (the pass's state counts the queue), so the pass is looked at every ten minutes:
// its length is the service's own figure, exact whenever it is read.
await timer.simulate(async () => {
  for (let minute = 1; ; minute += 1) {
    await timer.sleep(60_000);
    if (simSeconds() * 1000 > 4 * horizonMs) return;
    if (sync.passes().length === 0 && minute % 10 === 0) await sync.check();
    if (sync.passes().length === 0 || made.length + refusedEdits < planned.length) continue;
    const seen = detectionSeconds(made, await driftRows()).filter((s) => s !== undefined).length;
    if (seen === made.length) return;
  }
});
await edits;
await sync.stop();
const simWallSeconds = (performance.now() - simWallStarted) / 1000;
const duringPass = await during;
clearInterval(progress);
const detections = detectionSeconds(made, await driftRows());
timer.stop();

const of = (kind: PlannedEdit['kind'], memberRelated?: boolean) =>
  made.flatMap(({ edit }, i) => (edit.kind === kind && (memberRelated === undefined || edit.memberRelated === memberRelated) ? [detections[i] ?? simSeconds()] : []));
const undetected = detections.filter((s) => s === undefined).length;
const fullPassSeconds = sync.passes()[0] ?? Number.NaN;
const round = (value: number) => Math.round(value * 10) / 10;
say(`GET /api/me during the pass: ${describeLoad(duringPass)}`);
say(`first full pass: ${round(fullPassSeconds)} simulated s (floor ${USERS / BUDGET} s); ${gateway.cost.reads} reads, ${gateway.cost.throttled} throttled, ${gateway.cost.directoryPages} directory pages; ${timer.advances} time steps`);
say(`edits: ${made.length} made, ${refusedEdits} refused by Teams, ${undetected} not detected (counted as detected at the end); new groups whose member was already related: p50 ${round(percentile(of('newGroup', true), 0.5))} s, unrelated: p50 ${round(percentile(of('newGroup', false), 0.5))} s`);
say(`simulation ran ${round(simWallSeconds)} s of wall time for ${round(simSeconds())} simulated s; load average at end: ${loadAverage()}`);
const figures = {
  users: USERS,
  readsPerSecondBudget: BUDGET,
  readLatencyMs: LATENCY_MS,
  fullPassSeconds: round(fullPassSeconds),
  budgetUsedPct: round((100 * budget.taken) / (BUDGET * simSeconds())),
  relatedDriftP50Seconds: round(percentile(of('related'), 0.5)),
  relatedDriftP99Seconds: round(percentile(of('related'), 0.99)),
  newGroupDetectP50Seconds: round(percentile(of('newGroup'), 0.5)),
  newGroupDetectP99Seconds: round(percentile(of('newGroup'), 0.99)),
  apiP99AtRestMs: atRest.p99Ms,
  apiP99DuringPassMs: duringPass.p99Ms,
  wallSeconds: round((performance.now() - wallStarted) / 1000),
};
if (trace) say(`database time by statement, costliest first:\n${trace.report()}`);
process.stdout.write(`${JSON.stringify(figures)}\n`);
// The pass never ends by itself and sleepers stay asleep: leave without waiting for them.
process.exit(undetected > 0 ? 1 : 0);
