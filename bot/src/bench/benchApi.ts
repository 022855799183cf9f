import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { normalizeSip, synthesizeTenant, toSnapshotDocument } from '@cgm/core';
import { createTestSchema } from '../store/testDatabase.js';
import { startServerProcess, stopServerProcess, waitForHealthIndex } from '../testSupport/serverProcess.js';
import type { LoadFigures } from './loadFigures.js';
import { asEachUser, loadFigures } from './loadFigures.js';

/**
 * `npm run bench:api`: the tab's API on the real server (a child process) over loopback,
 * on a 100,000-user synthetic tenant, with PGlite and PostgreSQL side by side. Load comes
 * from autocannon in this process, which shares the machine's cores with the server (and
 * PostgreSQL): the CPU each process used is printed beside the figures. Prints figures, last
 * one JSON line; asserts nothing.
 *
 * Besides the API, two reference routes show the ceiling of this machine: /healthz (restify
 * alone) and /readyz (two one-row queries through restify and the database driver).
 * Proposals are measured twice: "cold" is the first run after start, which includes the first
 * applied change (it builds the in-memory health index of the whole tenant); "warm" is a
 * second run.
 *
 * `GET /api/me` is also measured on PGlite with the demo tenant (60 users), the embedded default
 * of a small organisation: 100 connections opened at once is everyone opening the tab at 9:00.
 * Every load uses a client timeout of 10 s (TIMEOUT_SECONDS, a browser-like patience); requests
 * still unanswered then count as timeouts, and the figures name them apart from other errors.
 * The machine's load average is printed at the start and the end: on a shared machine the
 * figures move with it.
 */
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The client's timeout for every request (autocannon's default, stated here so it cannot drift). */
const TIMEOUT_SECONDS = 10;
/** Which parts to run: `reference` (/healthz, /readyz), `me` (/api/me), `propose`, `demo` (/api/me on the demo tenant, PGlite); all by default. */
const PARTS = (process.env.BENCH_PARTS ?? 'reference,me,propose,demo').split(',').map((name) => name.trim());
/** Which databases to measure: `pglite,postgres` (the default), or one of them. */
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((name) => name.trim());
const POSTGRES = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLI = fileURLToPath(new URL('../../bin/cgm.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../data/demo-tenant.json', import.meta.url));
const say = (line: string) => process.stderr.write(`${line}\n`);
const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(', ');
const demoUpns = (JSON.parse(readFileSync(DEMO, 'utf8')) as { users: { UserPrincipalName: string }[] }).users.map((u) => u.UserPrincipalName);

const { tenant } = synthesizeTenant({ users: USERS, seed: 1, defectRate: 0 });
const work = mkdtempSync(join(tmpdir(), 'cgm-bench-api-'));
const snapshot = join(work, 'tenant.json');
writeFileSync(snapshot, JSON.stringify(toSnapshotDocument(tenant)));
const upns = tenant.users.map((u) => u.UserPrincipalName);
const eligible = tenant.users.filter((u) => u.AccountEnabled && u.HasTeamsPhoneLicense && u.TeamsUpgradeEffectiveMode === 'TeamsOnly');
say(`synthetic tenant: ${USERS} users (${eligible.length} eligible for call groups)`);

/** CPU time of a process in milliseconds (user + system), from /proc; undefined where there is none. */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Timeouts are requests unanswered after TIMEOUT_SECONDS. */
interface Load extends LoadFigures {
  /** CPU milliseconds per request of the server process and of this (the load generator's) process. */
  readonly serverCpuMsPerRequest?: number;
  readonly loadCpuMsPerRequest: number;
}

/** Run autocannon against the server `child` and measure what each side spent. */
async function load(child: ChildProcess, options: autocannon.Options): Promise<Load> {
  const server = cpuMsOf(child.pid);
  const own = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ timeout: TIMEOUT_SECONDS, ...options }, (error, done) => (error ? reject(error) : resolve(done))),
  );
  const serverAfter = cpuMsOf(child.pid);
  const spent = process.cpuUsage(own);
  const total = Math.max(result.requests.total, 1);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    ...loadFigures(result, Math.round(result.requests.average)),
    ...(server !== undefined && serverAfter !== undefined ? { serverCpuMsPerRequest: round((serverAfter - server) / total) } : {}),
    loadCpuMsPerRequest: round((spent.user + spent.system) / 1000 / total),
  };
}

const show = (figures: Load) =>
  `${figures.rps} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms (${figures.timeouts} timeouts, ${figures.errors} other errors, ${figures.non2xx} non-2xx; CPU per request: server ${figures.serverCpuMsPerRequest ?? '?'} ms, load generator ${figures.loadCpuMsPerRequest} ms)`;

/** GET /api/me at 100 connections, each request as another of `users` (so the sign-in cache never helps). */
function loadMe(child: ChildProcess, base: string, users: readonly string[]): Promise<Load> {
  return load(child, { url: `${base}/api/me`, connections: 100, duration: SECONDS, requests: asEachUser(users) });
}

/** Proposing a call group at 10 connections, each as another eligible owner with another member. */
function proposeOptions(base: string): autocannon.Options {
  let proposal = 0;
  return {
    url: `${base}/api/me/call-group`,
    connections: 10,
    duration: SECONDS,
    method: 'POST',
    requests: [
      {
        setupRequest: (request) => {
          const i = proposal++;
          const owner = eligible[(i * 7919) % eligible.length]!;
          const member = eligible[(i * 7919 + 1) % eligible.length]!;
          const body = JSON.stringify({ order: 'Simultaneous', targets: [normalizeSip(member.SipAddress)] });
          return { ...request, headers: { ...request.headers, 'content-type': 'application/json', 'x-dev-user': owner.UserPrincipalName }, body };
        },
      },
    ],
  };
}

/** Run `measure` against a server started with `env` once its health index is built; prints and returns the figures. */
async function onServer(env: Record<string, string>, measure: (child: ChildProcess, base: string) => Promise<Record<string, Load>>) {
  const { base, child } = await startServerProcess(env);
  try {
    // The apply job builds the health index right after start; measuring during that full scan would measure the scan.
    const indexMs = await waitForHealthIndex(base);
    say(`  health index built ${Math.round(indexMs)} ms after the server was ready`);
    const figures = await measure(child, base);
    for (const [label, figure] of Object.entries(figures)) say(`  ${label.padEnd(34)} ${show(figure)}`);
    return { indexMs: Math.round(indexMs), ...figures };
  } finally {
    await stopServerProcess(child);
  }
}

/** The 100,000-user tenant imported into `env`'s database, then the parts asked for. */
async function measure(name: string, env: Record<string, string>) {
  const importStarted = performance.now();
  const imported = spawnSync(process.execPath, [CLI, 'import', snapshot], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const importMs = Math.round(performance.now() - importStarted);
  say(`${name}, ${USERS} users: import ${importMs} ms`);
  const figures = await onServer(env, async (child, base) => {
    const measured: Record<string, Load> = {};
    if (PARTS.includes('reference')) {
      measured['GET /healthz (no database)'] = await load(child, { url: `${base}/healthz`, connections: 100, duration: Math.max(2, SECONDS / 2) });
      measured['GET /readyz (two one-row queries)'] = await load(child, { url: `${base}/readyz`, connections: 100, duration: Math.max(2, SECONDS / 2) });
    }
    if (PARTS.includes('me')) measured['GET /api/me'] = await loadMe(child, base, upns);
    if (PARTS.includes('propose')) {
      measured['propose, cold'] = await load(child, proposeOptions(base));
      measured['propose, warm'] = await load(child, proposeOptions(base));
    }
    return measured;
  });
  return { importMs, ...figures };
}

const results: Record<string, unknown> = {};
say(`load average at start: ${loadAverage()}; client timeout ${TIMEOUT_SECONDS} s`);
try {
  // Cold start: a fresh data folder, the demo tenant seeded, until the server says it is ready.
  const coldEnv = { DATA_DIR: join(work, 'cold'), SEED_SNAPSHOT: DEMO };
  const cold = await startServerProcess(coldEnv);
  await stopServerProcess(cold.child);
  results.coldStartMs = Math.round(cold.readyMs);
  say(`cold start to ready on a fresh data folder: ${results.coldStartMs} ms`);

  if (BACKENDS.includes('pglite') && PARTS.includes('demo')) {
    say(`pglite, demo tenant (${demoUpns.length} users):`);
    results.pgliteDemo = await onServer(coldEnv, async (child, base) => ({ 'GET /api/me': await loadMe(child, base, demoUpns) }));
  }
  if (BACKENDS.includes('pglite')) results.pglite = await measure('pglite', { DATA_DIR: join(work, 'pglite'), SEED_SNAPSHOT: '' });
  if (BACKENDS.includes('postgres')) {
    const schema = await createTestSchema(POSTGRES);
    try {
      const url = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
      results.postgres = await measure('postgres', { DATABASE_URL: url, SEED_SNAPSHOT: '' });
    } finally {
      await schema.drop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
say(`load average at end: ${loadAverage()}`);
process.stdout.write(`${JSON.stringify({ users: USERS, seconds: SECONDS, timeoutSeconds: TIMEOUT_SECONDS, loadAverageAtEnd: loadavg(), ...results })}\n`);
