import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { normalizeSip, synthesizeTenant, toSnapshotDocument } from '@cgm/core';
import { createTestSchema } from '../store/testDatabase.js';
import { startServerProcess, stopServerProcess } from '../testSupport/serverProcess.js';

/**
 * `npm run bench:api`: the tab's API on the real server (a child process) over loopback,
 * on a 100,000-user synthetic tenant, with PGlite and PostgreSQL side by side. Load comes
 * from autocannon in this process. Prints figures, last one JSON line; asserts nothing.
 */
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const POSTGRES = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLI = fileURLToPath(new URL('../../bin/cgm.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../data/demo-tenant.json', import.meta.url));
const say = (line: string) => process.stderr.write(`${line}\n`);

const { tenant } = synthesizeTenant({ users: USERS, seed: 1, defectRate: 0 });
const work = mkdtempSync(join(tmpdir(), 'cgm-bench-api-'));
const snapshot = join(work, 'tenant.json');
writeFileSync(snapshot, JSON.stringify(toSnapshotDocument(tenant)));
const upns = tenant.users.map((u) => u.UserPrincipalName);
const eligible = tenant.users.filter((u) => u.AccountEnabled && u.HasTeamsPhoneLicense && u.TeamsUpgradeEffectiveMode === 'TeamsOnly');
say(`synthetic tenant: ${USERS} users (${eligible.length} eligible for call groups)`);

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

async function measure(name: string, env: Record<string, string>) {
  const importStarted = performance.now();
  const imported = spawnSync(process.execPath, [CLI, 'import', snapshot], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const importMs = performance.now() - importStarted;
  const { base, child } = await startServerProcess(env);
  try {
    let next = 0;
    const me = await load({
      url: `${base}/api/me`,
      connections: 100,
      duration: SECONDS,
      requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-dev-user': upns[(next++ * 7919) % upns.length]! } }) }],
    });
    let proposal = 0;
    const propose = await load({
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
    });
    const figures = {
      importMs: Math.round(importMs),
      meRps: Math.round(me.requests.average),
      meP50Ms: me.latency.p50,
      meP99Ms: me.latency.p99,
      meErrors: me.errors + me.non2xx,
      proposeRps: Math.round(propose.requests.average),
      proposeP99Ms: propose.latency.p99,
      proposeNon2xx: propose.non2xx,
    };
    say(`${name}: import ${figures.importMs} ms; GET /api/me ${figures.meRps} req/s, p50 ${figures.meP50Ms} ms, p99 ${figures.meP99Ms} ms (${figures.meErrors} errors); propose ${figures.proposeRps} req/s, p99 ${figures.proposeP99Ms} ms (${figures.proposeNon2xx} non-2xx)`);
    return figures;
  } finally {
    await stopServerProcess(child);
  }
}

const results: Record<string, unknown> = {};
try {
  // Cold start: a fresh data folder, the demo tenant seeded, until the server says it is ready.
  const cold = await startServerProcess({ DATA_DIR: join(work, 'cold'), SEED_SNAPSHOT: DEMO });
  await stopServerProcess(cold.child);
  results.coldStartMs = Math.round(cold.readyMs);
  say(`cold start to ready on a fresh data folder: ${results.coldStartMs} ms`);

  results.pglite = await measure('pglite', { DATA_DIR: join(work, 'pglite'), SEED_SNAPSHOT: '' });
  const schema = await createTestSchema(POSTGRES);
  try {
    const url = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
    results.postgres = await measure('postgres', { DATABASE_URL: url, SEED_SNAPSHOT: '' });
  } finally {
    await schema.drop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ users: USERS, seconds: SECONDS, ...results })}\n`);
