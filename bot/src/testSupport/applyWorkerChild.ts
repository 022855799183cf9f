/**
 * Test support, not part of the product: an apply worker in a process of its own, whose
 * local gateway takes CGM_TEST_WRITE_LATENCY_MS per call, so that a test can kill it
 * (SIGKILL) between two writes of one request and prove the change completes once after
 * a restart. Its worker holds its instance key until it is killed, so the restarted worker
 * sees the job's holder gone and takes the job over without waiting out the lease. Run from
 * the compiled dist by bot/src/server/applyCrash.test.ts.
 */
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createApplyWorker } from '../services/applyWorker.js';
import { systemClock } from '../services/clock.js';
import { silentNotifier } from '../services/notifier.js';
import { openDatabase } from '../store/database.js';
import { openPostgres } from '../store/postgresDatabase.js';
import { createStoreBundle } from '../store/stores.js';

const schema = process.env.CGM_TEST_SCHEMA;
const db = process.env.CGM_TEST_DATABASE_URL
  ? await openPostgres({ connectionString: process.env.CGM_TEST_DATABASE_URL, maxConnections: 2, ...(schema ? { schema } : {}) })
  : await openDatabase({ dataDir: process.env.CGM_TEST_DATA_DIR ?? '' });
const gateway = createLocalCallingGateway(db);
const latencyMs = Number(process.env.CGM_TEST_WRITE_LATENCY_MS ?? 0);
// Say when each write starts, so the test knows the previous one is done and recorded.
const applyWrite = gateway.applyWrite.bind(gateway);
const announced = { ...gateway, applyWrite: (write: Parameters<typeof applyWrite>[0]) => (process.stdout.write('write\n'), applyWrite(write)) };
const worker = createApplyWorker({ db, stores: createStoreBundle(db), gateway: announced, clock: systemClock, notifier: silentNotifier, leaseMs: 60_000 });
gateway.injectFaults({ latencyMs });
process.stdout.write('ready\n');
for (;;) {
  await worker.drain();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
