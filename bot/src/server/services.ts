import { readFile } from 'node:fs/promises';
import type { Tenant } from '@cgm/core';
import { formatProblem, parseSnapshotText } from '@cgm/core';
import type { Config } from '../config.js';
import type { CallingGateway } from '../gateway/callingGateway.js';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createHttpsTransport } from '../gateway/teams/httpsTransport.js';
import { createManagedIdentityTokenSource } from '../gateway/teams/managedIdentityToken.js';
import { createStdioTransport } from '../gateway/teams/stdioTransport.js';
import { createTeamsGateway } from '../gateway/teams/teamsGateway.js';
import { createApplyWorker } from '../services/applyWorker.js';
import { createBotServices } from '../services/botServices.js';
import type { Clock, IdSource } from '../services/clock.js';
import { randomIds, systemClock } from '../services/clock.js';
import { createHealthService, requestFindingFix } from '../services/healthService.js';
import type { Notifier } from '../services/notifier.js';
import { silentNotifier } from '../services/notifier.js';
import { createRequestService } from '../services/requestService.js';
import type { StoredRequest } from '../services/requestService.js';
import { createSyncService, resolveDrift } from '../services/syncService.js';
import type { Database } from '../store/database.js';
import { createBotPorts } from '../store/botPorts.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Logger } from './logger.js';

/** What tests and the CLI may swap; everything else comes from the configuration. */
export interface ServiceOverrides {
  readonly db?: Database;
  readonly gateway?: CallingGateway;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  readonly notifier?: Notifier;
  readonly onApproved?: () => void;
  readonly onSettled?: (request: StoredRequest) => void;
}

/** The calling gateway the configuration asks for: the embedded tenant, or the MicrosoftTeams PowerShell worker. */
function createGateway(config: Config, db: Database, logger: Logger): CallingGateway {
  if (config.GATEWAY === 'local') return createLocalCallingGateway(db);
  const workerLogger = { info: (message: string) => logger.info(message, { source: 'teams-worker' }), warn: (message: string) => logger.warn(message, { source: 'teams-worker' }) };
  const timeoutsMs = { readSettings: config.TEAMS_WORKER_TIMEOUT_MS, applyWrite: config.TEAMS_WORKER_TIMEOUT_MS };
  // In Azure the worker runs in a PowerShell Functions app (App Service's Node image has no pwsh).
  const transport = config.TEAMS_WORKER_URL
    ? createHttpsTransport({
        url: config.TEAMS_WORKER_URL,
        getToken: createManagedIdentityTokenSource({ endpoint: config.IDENTITY_ENDPOINT ?? '', header: config.IDENTITY_HEADER ?? '', resource: config.TEAMS_WORKER_AUDIENCE ?? '', clientId: config.AZURE_CLIENT_ID }),
        logger: workerLogger,
        timeoutsMs,
      })
    : createStdioTransport({
        command: config.TEAMS_WORKER_COMMAND,
        args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', config.TEAMS_WORKER_SCRIPT],
        logger: workerLogger,
        timeoutsMs,
      });
  return createTeamsGateway({ transport, logger: workerLogger });
}

// Two instances starting together on one PostgreSQL: the second waits, then finds the tenant there.
const IMPORT_LOCK_KEY = 0x43474d03;

/** Read and validate a snapshot file; the error lists every problem with its JSON path. */
export async function readSnapshotFile(path: string): Promise<Tenant> {
  const parsed = parseSnapshotText(await readFile(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path} is not a valid cgm.tenant-snapshot v1 file:\n${parsed.problems.map(formatProblem).join('\n')}`);
  return parsed.value;
}

/**
 * The database, the gateway and the services, wired once: the server's composition root
 * (app.ts) and the CLI's `import` and `sync` both start here.
 */
export async function openServices(config: Config, logger: Logger, overrides: ServiceOverrides = {}) {
  const db = overrides.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, maxConnections: config.DATABASE_POOL_SIZE }));
  await migrate(db);
  const gateway = overrides.gateway ?? createGateway(config, db, logger);
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const notifier = overrides.notifier ?? silentNotifier;
  const health = createHealthService({ db, clock, notifier });
  const requests = createRequestService({ db, clock, ids, notifier, approvalPolicy: config.APPROVAL_POLICY, expiryHours: config.REQUEST_EXPIRY_HOURS, onApproved: overrides.onApproved ?? (() => undefined) });
  const applyWorker = createApplyWorker({ db, gateway, clock, notifier, onSettled: overrides.onSettled });
  const sync = createSyncService({ db, gateway, clock, ids, health, notifier, concurrency: config.SYNC_CONCURRENCY });
  const bot = createBotServices({
    ports: createBotPorts(db),
    clock,
    findings: {
      requestFix: (principal, finding) => requestFindingFix({ db, requests }, principal, finding),
      resolveDrift: (principal, id, resolution) => resolveDrift({ db, clock, requests }, principal, id, resolution),
    },
  });

  /** Make the local tenant exactly `tenant` (and the embedded Teams too, with the local gateway); `onlyIfEmpty` for first start. */
  async function importTenant(tenant: Tenant, onlyIfEmpty: boolean): Promise<boolean> {
    const imported = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [IMPORT_LOCK_KEY]);
      if (onlyIfEmpty && (await tx.query('SELECT 1 FROM tenant_meta')).length > 0) return false;
      if (gateway.kind === 'local') await (gateway as LocalCallingGateway).seed(tenant, tx);
      await createTenantStore(tx).replaceTenant(tenant, clock.now());
      return true;
    });
    if (imported) await health.rescanAll();
    return imported;
  }

  return {
    db,
    gateway,
    clock,
    services: { requests, applyWorker, health, sync, bot },
    importTenant,
    /** First start: seed an empty database with the configured snapshot (the demo tenant). */
    async seedIfEmpty(): Promise<boolean> {
      if (!config.SEED_SNAPSHOT) return false;
      if ((await db.query('SELECT 1 FROM tenant_meta')).length > 0) return false;
      const seeded = await importTenant(await readSnapshotFile(config.SEED_SNAPSHOT), true);
      if (seeded) logger.info('seeded the tenant', { snapshot: config.SEED_SNAPSHOT });
      return seeded;
    },
    async close(): Promise<void> {
      await applyWorker.close();
      await gateway.close();
      if (!overrides.db) await db.close();
    },
  };
}
