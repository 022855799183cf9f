import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SettingsWrite } from '@cgm/core';
import { parseSnapshotText } from '@cgm/core';
import { readFileSync } from 'node:fs';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createApplyWorker } from '../services/applyWorker.js';
import { silentNotifier } from '../services/notifier.js';
import { createRequestService } from '../services/requestService.js';
import type { StoredRequest } from '../services/requestService.js';
import type { Principal } from '../services/principal.js';
import type { Database } from '../store/database.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { openPostgres } from '../store/postgresDatabase.js';
import { createTestSchema } from '../store/testDatabase.js';
import { createRequestStore } from '../store/requestStore.js';
import { createStoreBundle } from '../store/stores.js';
import { createTenantStore } from '../store/tenantStore.js';
import { DEMO_SNAPSHOT, manualClock } from './testServer.js';

const CHILD = fileURLToPath(new URL('../../dist/testSupport/applyWorkerChild.js', import.meta.url));


interface Backend {
  name: string;
  open(): Promise<Database>;
  childEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

async function pgliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'cgm-crash-'));
  return { name: 'pglite', open: () => openDatabase({ dataDir: dir }), childEnv: { CGM_TEST_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresBackend(url: string): Promise<Backend> {
  const schema = await createTestSchema(url);
  return { name: 'postgres', open: () => openPostgres({ connectionString: url, maxConnections: 4, schema: schema.schema }), childEnv: { CGM_TEST_DATABASE_URL: url, CGM_TEST_SCHEMA: schema.schema }, cleanup: schema.drop };
}

const until = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const backends: [string, () => Promise<Backend>][] = [['pglite', pgliteBackend]];
if (process.env.TEST_DATABASE_URL) backends.push(['postgres', () => postgresBackend(process.env.TEST_DATABASE_URL!)]);

describe.each(backends)('the apply worker killed between two writes (%s)', (_name, make) => {
  it('K2: resumes at once after a restart, without waiting out the lease, and completes the change exactly once', async () => {
    const backend = await make();
    let db = await backend.open();
    try {
      await migrate(db);
      const tenant = parseSnapshotText(readFileSync(DEMO_SNAPSHOT, 'utf8'));
      if (!tenant.ok) throw new Error('demo tenant invalid');
      const gateway = createLocalCallingGateway(db);
      await db.transaction(async (tx) => {
        await gateway.seed(tenant.value, tx);
        await createTenantStore(tx).replaceTenant(tenant.value, new Date());
      });
      const principal = async (upn: string, isApprover: boolean): Promise<Principal> => {
        const user = (await createTenantStore(db).userByRef(upn))!;
        return { tenantId: tenant.value.tenantId, objectId: user.Identity, sip: `sip:${upn}`, upn, displayName: user.DisplayName, isApprover, user };
      };
      const alex = await principal('alex.wilber@contoso.com', false);
      const megan = await principal('megan.bowen@contoso.com', true);
      // A change of both rules is two writes (Forwarding, then Unanswered): the crash goes between them.
      const clock = manualClock(new Date());
      const requests = createRequestService({ stores: createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db), clock, ids: () => crypto.randomUUID(), notifier: silentNotifier, approvalPolicy: 'always', expiryHours: 24, onApproved: () => undefined });
      const request = await requests.propose(alex, {
        kind: 'answering',
        forwarding: { enabled: true, type: 'Immediate', targetType: 'SingleTarget', target: 'megan.bowen@contoso.com' },
        unanswered: { enabled: false, targetType: null, target: null, delaySeconds: 20 },
      });
      expect(request.writes.length).toBe(2);
      await requests.approve(megan, request.id);
      if (backend.name === 'pglite') await db.close();

      const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...backend.childEnv, CGM_TEST_WRITE_LATENCY_MS: '1500' }, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The second write starts only after the first is done and recorded; it waits 1.5 s in
      // the gateway, and the worker dies in that wait, between the two writes.
      let writes = 0;
      child.stdout.on('data', (chunk: Buffer) => (writes += chunk.toString().split('write').length - 1));
      await until('the second write to start', async () => writes >= 2);
      child.kill('SIGKILL');
      await exited;

      if (backend.name === 'pglite') db = await backend.open();
      const [job] = await db.query<{ next_step: number; done: boolean }>('SELECT next_step, done FROM apply_outbox WHERE request_id = $1', [request.id]);
      expect(job).toEqual({ next_step: 1, done: false });

      // K2: the restarted worker takes the dead worker's job over at once. Its clock stands at
      // the moment of the crash, so the 60 s lease has not run out: only the holder's death
      // (its PostgreSQL session ended with the process; on PGlite, no process of ours holds its
      // key) lets it claim. PostgreSQL notices a killed client's closed socket within moments,
      // so the claim is tried until it happens, the clock never moving.
      const crashedAt = new Date();
      const restarted = createApplyWorker({ db, stores: createStoreBundle(db), gateway: createLocalCallingGateway(db), clock: { now: () => crashedAt }, notifier: silentNotifier });
      try {
        await until('the restarted worker to take the dead worker’s job over', async () => (await restarted.drain()) === 1, 10_000);
        expect(await restarted.drain()).toBe(0);
      } finally {
        await restarted.close();
      }

      const final = await createRequestStore(db).get(request.id);
      expect(final?.status).toBe('applied');
      const audit = await db.query<{ action: string; step: number | null }>(
        "SELECT action, (details->>'step')::int AS step FROM audit_log WHERE request_id = $1 ORDER BY id",
        [request.id],
      );
      expect(audit.filter((a) => a.action === 'apply.step').map((a) => a.step)).toEqual([0, 1]);
      expect(audit.filter((a) => a.action === 'request.applied')).toHaveLength(1);
      const settings = await createLocalCallingGateway(db).readSettings('alex.wilber@contoso.com');
      expect(settings).toMatchObject({ IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'SingleTarget', IsUnansweredEnabled: false });
    } finally {
      await db.close();
      await backend.cleanup();
    }
  }, 90_000);
});
