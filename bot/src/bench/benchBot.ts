import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { TEAMS_USERS, cardClick, personalActivity, startTeamsConnector } from '../bot/testSupport/teamsConnector.js';
import { readConfig } from '../config.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/logger.js';
import type { Database } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { openPglite } from '../store/pgliteDatabase.js';
import { openPostgres } from '../store/postgresDatabase.js';
import { createRequestStore } from '../store/requestStore.js';
import { createTestSchema } from '../store/testDatabase.js';

/**
 * `npm run bench:bot`: Approve clicks (`adaptiveCard/action` invokes) answered over real HTTP
 * on loopback, on PostgreSQL and PGlite side by side. Each click approves a different pending
 * request, and the bot then updates the card copies and tells the requester in the background,
 * through a stand-in Bot Connector. The server, the connector and the load run in this one
 * process on the same cores. Target: p99 ≤ 200 ms (Teams shows an error after a few seconds).
 * Prints figures, the last line JSON; asserts nothing.
 */
const CLICKS = Number(process.env.BENCH_CLICKS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const POSTGRES = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DEMO = fileURLToPath(new URL('../../data/demo-tenant.json', import.meta.url));
/** `postgres,pglite` by default; one of them to measure (or profile) it alone. */
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');
const say = (line: string) => process.stderr.write(`${line}\n`);

interface Figures {
  readonly clicks: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly approved: number;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function run(backend: string, db: Database): Promise<Figures> {
  await migrate(db);
  const connector = await startTeamsConnector();
  const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO, SYNC_INTERVAL_MINUTES: '0' });
  const app = await createApp(config, silentLogger, { db, gateway: createLocalCallingGateway(db), jobs: false });
  const { port } = await app.listen();
  const base = `http://127.0.0.1:${port}`;
  const post = (activity: Record<string, unknown>) => fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  try {
    // Alex and Megan installed the app; Alex proposes once through the API, and the bench copies that request.
    for (const user of [TEAMS_USERS.alex, TEAMS_USERS.megan]) await post(personalActivity(connector, user, { type: 'installationUpdate', action: 'add' }));
    const proposed = await fetch(`${base}/api/me/call-group`, { method: 'POST', headers: { 'x-dev-user': 'alex.wilber@contoso.com', 'content-type': 'application/json' }, body: JSON.stringify({ order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', 'adele.vance@contoso.com'] }) });
    const template = (await app.services.requests.get(((await proposed.json()) as { request: { id: string } }).request.id))!;
    const store = createRequestStore(db);
    const ids: string[] = [];
    for (let i = 0; i < CLICKS + 50; i += 1) {
      const id = randomUUID();
      await store.create({ ...template, id, status: 'pending', createdAt: new Date() });
      ids.push(id);
    }
    await app.bot.idle();
    // Warm up: statements prepared, JIT-free paths hot.
    for (const id of ids.splice(0, 50)) await post(cardClick(connector, TEAMS_USERS.megan, 'approve', { id }));
    await app.bot.idle();

    const latencies: number[] = [];
    let approved = 0;
    const started = performance.now();
    const worker = async () => {
      for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
        const t0 = performance.now();
        const response = await post(cardClick(connector, TEAMS_USERS.megan, 'approve', { id }));
        const body = (await response.json()) as { statusCode?: number; value?: unknown };
        latencies.push(performance.now() - t0);
        if (body.statusCode === 200 && JSON.stringify(body.value).includes('Approved by Megan Bowen')) approved += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = performance.now() - started;
    await app.bot.idle();
    latencies.sort((a, b) => a - b);
    const figures = { clicks: latencies.length, rps: Math.round((latencies.length / elapsed) * 1000), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), maxMs: round(latencies.at(-1) ?? 0), approved };
    say(`${backend}: ${figures.clicks} approve clicks at ${CONCURRENCY} in flight: ${figures.rps} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms; ${figures.approved} answered "Approved"`);
    return figures;
  } finally {
    await app.close();
    await connector.close();
  }
}

const results: Record<string, Figures> = {};
if (BACKENDS.includes('postgres')) {
  const schema = await createTestSchema(POSTGRES);
  try {
    const pg = await openPostgres({ connectionString: POSTGRES, maxConnections: 10, schema: schema.schema });
    try {
      results.postgres = await run('PostgreSQL', pg);
    } finally {
      await pg.close();
    }
  } finally {
    await schema.drop();
  }
}
if (BACKENDS.includes('pglite')) {
  const lite = await openPglite({ dataDir: 'memory://' });
  try {
    results.pglite = await run('PGlite', lite);
  } finally {
    await lite.close();
  }
}
process.stdout.write(`${JSON.stringify({ concurrency: CONCURRENCY, ...results })}\n`);
