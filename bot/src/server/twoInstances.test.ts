import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSchema } from '../store/testDatabase.js';
import { createTestSchema } from '../store/testDatabase.js';
import { openPostgres } from '../store/postgresDatabase.js';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN } from './testServer.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const url = process.env.TEST_DATABASE_URL;

/** Start the real server process on a free loopback port; resolves with its base URL once it says it is ready. */
function startInstance(databaseUrl: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN, '--dev'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO_SNAPSHOT, APPLY_POLL_MS: '50', SYNC_INTERVAL_MINUTES: '0', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tab API:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ base: match[1]!, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
  });
}

const call = async (base: string, upn: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-dev-user': upn, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
};

// Needs a real PostgreSQL shared by two processes; CI sets TEST_DATABASE_URL.
describe.runIf(url)('two server instances on one PostgreSQL', () => {
  let schema: TestSchema;
  let instances: { base: string; child: ChildProcess }[] = [];

  beforeAll(async () => {
    schema = await createTestSchema(url!);
    const databaseUrl = `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
    // Started together: both migrate and seed, under advisory locks, without tripping over each other.
    instances = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)]);
  }, 60_000);

  afterAll(async () => {
    for (const { child } of instances) child.kill('SIGTERM');
    await Promise.all(instances.map(({ child }) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
    await schema.drop();
  });

  it('decides and applies a request exactly once under 50 concurrent approve and reject calls', async () => {
    const [a, b] = instances.map((i) => i.base) as [string, string];
    const me = await call(a, ALEX, '/api/me');
    const proposed = await call(b, ALEX, '/api/me/call-group', { order: 'Simultaneous', targets: [...me.json.settings.CallGroupTargets, ADELE] });
    expect(proposed.status).toBe(202);
    const id = proposed.json.request.id as string;

    const calls = Array.from({ length: 50 }, (_, i) =>
      call(i % 2 === 0 ? a : b, MEGAN, `/api/approvals/${id}/${i % 4 < 2 ? 'approve' : 'reject'}`, i % 4 < 2 ? {} : { reason: 'race' }),
    );
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);

    const db = await openPostgres({ connectionString: url!, maxConnections: 2, schema: schema.schema });
    try {
      const [request] = await db.query<{ status: string }>('SELECT status FROM change_requests WHERE id = $1', [id]);
      if (request!.status !== 'rejected') {
        const deadline = Date.now() + 20_000;
        while ((await db.query<{ status: string }>('SELECT status FROM change_requests WHERE id = $1', [id]))[0]!.status !== 'applied') {
          if (Date.now() > deadline) throw new Error('the approved request was never applied');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      const audit = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE request_id = $1 ORDER BY id', [id]);
      const count = (action: string) => audit.filter((e) => e.action === action).length;
      expect(count('request.approved') + count('request.rejected')).toBe(1);
      if (count('request.approved') === 1) {
        expect(count('request.applied')).toBe(1);
        expect(count('apply.step')).toBe(1);
        const outbox = await db.query('SELECT * FROM apply_outbox WHERE request_id = $1', [id]);
        expect(outbox).toHaveLength(1);
      } else {
        expect(count('apply.step')).toBe(0);
      }
    } finally {
      await db.close();
    }
  }, 60_000);
});
