import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSchema } from '../store/testDatabase.js';
import { createTestSchema } from '../store/testDatabase.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { openPostgres } from '../store/postgresDatabase.js';
import type { ServerProcess } from '../testSupport/serverProcess.js';
import { startServerProcess, stopServerProcess, waitForHealthIndex } from '../testSupport/serverProcess.js';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN } from './testServer.js';

const url = process.env.TEST_DATABASE_URL;

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
  let instances: ServerProcess[] = [];

  beforeAll(async () => {
    schema = await createTestSchema(url!);
    const databaseUrl = `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
    // Started together: both migrate and seed, under advisory locks, without tripping over each other.
    const env = { DATABASE_URL: databaseUrl, SEED_SNAPSHOT: DEMO_SNAPSHOT, APPLY_POLL_MS: '50' };
    instances = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(instances.map(({ child }) => stopServerProcess(child)));
    await schema.drop();
  });

  it('builds the health index after start, before any change is applied, and says so in /readyz', async () => {
    for (const { base } of instances) await expect(waitForHealthIndex(base, 30_000)).resolves.toBeGreaterThanOrEqual(0);
    const findings = await call(instances[0]!.base, MEGAN, '/api/health');
    expect(findings.json.findings).toHaveLength(8);
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

  it("K3: two conflicting requests approved on two instances at once: one is applied, the other superseded, never both written", async () => {
    const [a, b] = instances.map((i) => i.base) as [string, string];
    const BRIAN = 'brian.johnson@contoso.com';
    const targets = (await call(a, ALEX, '/api/me')).json.settings.CallGroupTargets as string[];
    const change = await call(a, ALEX, '/api/me/call-group', { order: 'Simultaneous', targets: [...targets, 'sip:lee.gu@contoso.com'] });
    const leave = await call(b, BRIAN, `/api/me/memberships/${encodeURIComponent(ALEX)}/leave`, {});
    expect([change.status, leave.status]).toEqual([202, 202]);
    const ids = [change.json.request.id as string, leave.json.request.id as string];
    // Neither cancelled the other: both wait for an approver.
    const approvals = await Promise.all([call(a, MEGAN, `/api/approvals/${ids[0]}/approve`, {}), call(b, MEGAN, `/api/approvals/${ids[1]}/approve`, {})]);
    expect(approvals.map((r) => r.status)).toEqual([200, 200]);

    const db = await openPostgres({ connectionString: url!, maxConnections: 2, schema: schema.schema });
    try {
      const statuses = async () => (await db.query<{ id: string; status: string; failure: string | null; desired: { CallGroupTargets: string[] } }>('SELECT id, status, failure, desired FROM change_requests WHERE id = ANY($1::uuid[])', [ids]));
      const deadline = Date.now() + 20_000;
      while ((await statuses()).some((r) => r.status === 'approved')) {
        if (Date.now() > deadline) throw new Error('the approved requests were never settled');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const settled = await statuses();
      const applied = settled.filter((r) => r.status === 'applied');
      const superseded = settled.filter((r) => r.status === 'superseded');
      expect([applied.length, superseded.length]).toEqual([1, 1]);
      expect(superseded[0]!.failure).toContain(`Overtaken by request ${applied[0]!.id}, applied first`);
      const teams = await createLocalCallingGateway(db).readSettings(ALEX);
      expect(teams.CallGroupTargets.map((t) => t.toLowerCase())).toEqual(applied[0]!.desired.CallGroupTargets.map((t) => t.toLowerCase()));
      const steps = await db.query<{ request_id: string }>("SELECT request_id FROM audit_log WHERE action = 'apply.step' AND request_id = ANY($1::uuid[])", [ids]);
      expect(steps.map((s) => s.request_id)).toEqual([applied[0]!.id]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
