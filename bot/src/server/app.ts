import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Server } from 'restify';
import { formatProblem, parseSnapshotText } from '@cgm/core';
import type { Config } from '../config.js';
import type { CallingGateway } from '../gateway/callingGateway.js';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createStdioTransport } from '../gateway/teams/stdioTransport.js';
import { createTeamsGateway } from '../gateway/teams/teamsGateway.js';
import { mountApprovalRoutes } from '../http/approvalRoutes.js';
import type { ApproverRule, Authenticate } from '../http/authenticate.js';
import { devAuthenticate, entraAuthenticate } from '../http/authenticate.js';
import { devSignInAllowed } from '../http/auth/devSignIn.js';
import { createTeamsTokenVerifier } from '../http/auth/teamsTokenVerifier.js';
import { mountHealthRoutes } from '../http/healthRoutes.js';
import { mountMeRoutes } from '../http/meRoutes.js';
import { createRouter, sendJson } from '../http/router.js';
import { createApplyWorker } from '../services/applyWorker.js';
import type { Clock, IdSource } from '../services/clock.js';
import { randomIds, systemClock } from '../services/clock.js';
import { createHealthService } from '../services/healthService.js';
import type { Notifier } from '../services/notifier.js';
import { silentNotifier } from '../services/notifier.js';
import { createRequestService } from '../services/requestService.js';
import { createSyncService } from '../services/syncService.js';
import type { Database } from '../store/database.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Logger } from './logger.js';
import type { Job } from './scheduler.js';
import { startJob } from './scheduler.js';

/** What tests and other entry points may swap: everything else comes from the configuration. */
export interface AppOverrides {
  readonly db?: Database;
  readonly gateway?: CallingGateway;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  readonly notifier?: Notifier;
  /** Start the periodic jobs (apply, expiry, sync); tests drive them by hand when false. */
  readonly jobs?: boolean;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/** The development approvers when none are configured: Megan Bowen, the demo tenant's Teams Phone admin. */
export const DEV_DEFAULT_APPROVERS = ['megan.bowen@contoso.com'];

function authenticator(config: Config, db: Database): Authenticate {
  const approvers: ApproverRule = {
    upns: (config.APPROVERS.length > 0 ? config.APPROVERS : config.AUTH_MODE === 'dev' ? DEV_DEFAULT_APPROVERS : []).map((u) => u.toLowerCase()),
    groupId: config.APPROVER_GROUP_ID,
  };
  if (config.AUTH_MODE === 'dev') {
    const decision = devSignInAllowed({ authMode: config.AUTH_MODE, host: config.HOST, nodeEnv: config.NODE_ENV });
    if (!decision.allowed) throw new Error(decision.reason);
    return devAuthenticate(db, approvers);
  }
  const verifier = createTeamsTokenVerifier({
    clientId: config.ENTRA_CLIENT_ID ?? '',
    applicationIdUri: config.ENTRA_APP_ID_URI ?? '',
    allowedTenantIds: config.ENTRA_TENANT_IDS,
    jwksUrl: config.ENTRA_JWKS_URL,
  });
  return entraAuthenticate(db, verifier, approvers);
}

/** The calling gateway the configuration asks for: the embedded tenant, or the MicrosoftTeams PowerShell worker. */
function createGateway(config: Config, db: Database, logger: Logger): CallingGateway {
  if (config.GATEWAY === 'local') return createLocalCallingGateway(db);
  const workerLogger = { info: (message: string) => logger.info(message, { source: 'teams-worker' }), warn: (message: string) => logger.warn(message, { source: 'teams-worker' }) };
  const transport = createStdioTransport({
    command: config.TEAMS_WORKER_COMMAND,
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', config.TEAMS_WORKER_SCRIPT],
    logger: workerLogger,
    timeoutsMs: { readSettings: config.TEAMS_WORKER_TIMEOUT_MS, applyWrite: config.TEAMS_WORKER_TIMEOUT_MS },
  });
  return createTeamsGateway({ transport, logger: workerLogger });
}

const SEED_LOCK_KEY = 0x43474d03;

/** Seed an empty database with the configured snapshot (the demo tenant), as `npm start` does on first run. */
async function seedIfEmpty(config: Config, db: Database, gateway: CallingGateway, logger: Logger): Promise<boolean> {
  if (!config.SEED_SNAPSHOT) return false;
  const [meta] = await db.query('SELECT 1 FROM tenant_meta');
  if (meta) return false;
  const parsed = parseSnapshotText(await readFile(config.SEED_SNAPSHOT, 'utf8'));
  if (!parsed.ok) throw new Error(`SEED_SNAPSHOT ${config.SEED_SNAPSHOT} is invalid:\n${parsed.problems.map(formatProblem).join('\n')}`);
  // Two instances starting together on one PostgreSQL: the second waits here, then finds the tenant seeded.
  const seeded = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [SEED_LOCK_KEY]);
    if ((await tx.query('SELECT 1 FROM tenant_meta')).length > 0) return false;
    if (gateway.kind === 'local') await (gateway as LocalCallingGateway).seed(parsed.value, tx);
    await createTenantStore(tx).replaceTenant(parsed.value, new Date());
    return true;
  });
  if (seeded) logger.info('seeded the tenant', { snapshot: config.SEED_SNAPSHOT, users: parsed.value.users.length });
  return seeded;
}

/**
 * The composition root: reads nothing global, builds adapters, then services, then the
 * HTTP server. Tests build the same graph with their own database, gateway or clock.
 */
export async function createApp(config: Config, logger: Logger, overrides: AppOverrides = {}) {
  const db = overrides.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  await migrate(db);
  const gateway = overrides.gateway ?? createGateway(config, db, logger);
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const notifier = overrides.notifier ?? silentNotifier;
  const authenticate = authenticator(config, db);

  const jobs: Job[] = [];
  const kickApply = () => jobs[0]?.kick();
  const health = createHealthService({ db, clock, notifier });
  const requests = createRequestService({ db, clock, ids, notifier, approvalPolicy: config.APPROVAL_POLICY, expiryHours: config.REQUEST_EXPIRY_HOURS, onApproved: kickApply });
  let rescanQueued = false;
  const applyWorker = createApplyWorker({ db, gateway, clock, notifier, onSettled: () => (rescanQueued = true) });
  const sync = createSyncService({ db, gateway, clock, ids, health, notifier, concurrency: config.SYNC_CONCURRENCY });

  if (await seedIfEmpty(config, db, gateway, logger)) await health.rescanAll();

  const server: Server = restify.createServer({ name: 'call-group-manager', handleUncaughtExceptions: false });
  const router = createRouter(server, authenticate, { error: (message, error) => logger.error(message, error) });
  server.get('/healthz', async (_req, res) => sendJson(res, 200, { status: 'ok' }));
  server.get('/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      await gateway.ready();
      sendJson(res, 200, { status: 'ready', database: db.backend, gateway: gateway.kind });
    } catch (error) {
      logger.warn('not ready', { error: (error as Error).message });
      sendJson(res, 503, { error: { code: 'not-ready', message: 'The database or the calling gateway is not ready.', details: [] } });
    }
  });
  mountMeRoutes(router, { db, requests });
  mountApprovalRoutes(router, { requests });
  mountHealthRoutes(router, { db, requests, clock });

  const services = { requests, applyWorker, health, sync };
  return {
    config,
    db,
    gateway,
    server,
    services,
    /** Apply due changes, then rescan health if any request settled: the apply job's one run. */
    async applyOnce(): Promise<number> {
      const claimed = await applyWorker.drain();
      if (rescanQueued) {
        rescanQueued = false;
        await health.rescanAll();
      }
      return claimed;
    },
    async listen(): Promise<AddressInfo> {
      await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
      if (overrides.jobs !== false) {
        jobs.push(startJob('apply', config.APPLY_POLL_MS, () => this.applyOnce(), logger));
        jobs.push(startJob('expire', 60_000, () => requests.expireDue(), logger));
        if (config.SYNC_INTERVAL_MINUTES > 0) jobs.push(startJob('sync', config.SYNC_INTERVAL_MINUTES * 60_000, () => sync.runOnce(), logger));
        kickApply();
      }
      return server.address() as AddressInfo;
    },
    async close(): Promise<void> {
      await Promise.all(jobs.map((job) => job.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      if (!overrides.db) await db.close();
    },
  };
}
