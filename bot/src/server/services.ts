import { readFile } from 'node:fs/promises';
import type { SettingsWrite, Tenant } from '@cgm/core';
import { formatProblem, parseSnapshotText } from '@cgm/core';
import type { Config } from '../config.js';
import type { CallingGateway } from '../gateway/callingGateway.js';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { GRAPH_ORIGIN, createGraphGroupMembers } from '../gateway/graph/graphGroupMembers.js';
import { createTeamsAppInstaller } from '../gateway/graph/teamsAppInstaller.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createHttpsTransport } from '../gateway/teams/httpsTransport.js';
import { createManagedIdentityTokenSource } from '../gateway/teams/managedIdentityToken.js';
import { createStdioTransport } from '../gateway/teams/stdioTransport.js';
import { createTeamsGateway } from '../gateway/teams/teamsGateway.js';
import type { ApplyWake } from '../services/applyService.js';
import { createApplyService } from '../services/applyService.js';
import { createBotReadServices } from '../services/botServices.js';
import { createCoverRunner } from '../services/coverRunner.js';
import { createCoverService } from '../services/coverService.js';
import type { Clock, IdSource } from '../services/clock.js';
import { randomIds, systemClock } from '../services/clock.js';
import type { ApproverGroupMembers, ApproverPolicy } from '../services/approvers.js';
import { createApproverService, noGroupMembers } from '../services/approvers.js';
import { createFindingActions } from '../services/findingActions.js';
import { createHealthService } from '../services/healthService.js';
import { createPeopleService } from '../services/peopleService.js';
import { createPersonalProblems } from '../services/personalProblems.js';
import { createPreferenceService } from '../services/preferenceService.js';
import type { AppInstaller } from '../services/reachService.js';
import { createReachService } from '../services/reachService.js';
import { createRelationshipService } from '../services/relationshipService.js';
import { createReportService } from '../services/reportService.js';
import type { Notifier } from '../services/notifier.js';
import { silentNotifier } from '../services/notifier.js';
import { createRequestService } from '../services/requestService.js';
import type { RequestService, StoredRequest } from '../services/requestService.js';
import { createSyncService } from '../services/syncService.js';
import type { Database } from '../store/database.js';
import { createBotPorts } from '../store/botPorts.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { createPeoplePort } from '../store/peopleQueries.js';
import { createReachPort } from '../store/reachQueries.js';
import { createRelationshipPort } from '../store/relationshipQueries.js';
import { createReportPort } from '../store/reportQueries.js';
import { createStoreBundle } from '../store/stores.js';
import { hasTenant, lockTenantImport } from '../store/tenantMeta.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';

/** What tests and the CLI may swap; everything else comes from the configuration. */
export interface ServiceOverrides {
  readonly db?: Database;
  readonly gateway?: CallingGateway;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  readonly notifier?: Notifier;
  /** Who is in the Entra approver group (tests pass a fake; production asks Microsoft Graph). */
  readonly approverGroupMembers?: ApproverGroupMembers;
  /** How the app is installed for people the bot cannot reach, used only with PROACTIVE_INSTALL=graph (tests pass a stand-in Graph). */
  readonly appInstaller?: AppInstaller;
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

/** The development approvers when none are configured: Megan Bowen, the demo tenant's Teams Phone admin. */
export const DEV_DEFAULT_APPROVERS = ['megan.bowen@contoso.com'];

/** Who approves, from the configuration: the UPN list (the development default when empty) and the Entra group. */
export function approverPolicy(config: Config): ApproverPolicy {
  const upns = config.APPROVERS.length > 0 ? config.APPROVERS : config.AUTH_MODE === 'dev' ? DEV_DEFAULT_APPROVERS : [];
  return { upns: upns.map((upn) => upn.toLowerCase()), groupId: config.APPROVER_GROUP_ID };
}

/**
 * The approver group's members: from Microsoft Graph with the app's managed identity in Azure;
 * nobody when no group is configured. Elsewhere only a token's groups claim (the tab) shows
 * a group member, and the start-up log says so.
 */
function approverGroupMembers(config: Config, logger: Logger): ApproverGroupMembers {
  if (!config.APPROVER_GROUP_ID) return noGroupMembers;
  if (config.IDENTITY_ENDPOINT && config.IDENTITY_HEADER) {
    const getToken = createManagedIdentityTokenSource({ endpoint: config.IDENTITY_ENDPOINT, header: config.IDENTITY_HEADER, resource: GRAPH_ORIGIN, clientId: config.AZURE_CLIENT_ID });
    return createGraphGroupMembers({ getToken });
  }
  logger.warn('APPROVER_GROUP_ID is set but no managed identity can read the group from Microsoft Graph: group members approve in the tab (token groups claim) but not on cards');
  return noGroupMembers;
}

/**
 * Proactive install, behind PROACTIVE_INSTALL (off by default): Microsoft Graph installs the app
 * for people the bot cannot reach, with the server's managed identity (config.ts requires it).
 */
function proactiveInstaller(config: Config, logger: Logger, override: AppInstaller | undefined): AppInstaller | undefined {
  if (config.PROACTIVE_INSTALL !== 'graph') return undefined;
  if (override) return override;
  const getToken = createManagedIdentityTokenSource({ endpoint: config.IDENTITY_ENDPOINT ?? '', header: config.IDENTITY_HEADER ?? '', resource: GRAPH_ORIGIN, clientId: config.AZURE_CLIENT_ID });
  const graphLogger = { warn: (message: string, fields?: Record<string, unknown>) => logger.warn(message, { source: 'graph', ...fields }) };
  return createTeamsAppInstaller({ getToken, catalogAppId: config.TEAMS_APP_CATALOG_ID ?? '', logger: graphLogger });
}

/** Read and validate a snapshot file; the error lists every problem with its JSON path. */
export async function readSnapshotFile(path: string): Promise<Tenant> {
  const parsed = parseSnapshotText(await readFile(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path} is not a valid cgm.tenant-snapshot v1 file:\n${parsed.problems.map(formatProblem).join('\n')}`);
  return parsed.value;
}

/**
 * The adapters and the services that stand on storage alone: the database (migrated), the
 * calling gateway, the clock and ids, and the read services the edges and the bot's notifier
 * need. The composition root (app.ts) builds these first, then the notifier, then the use cases.
 */
export async function openAdapters(config: Config, logger: Logger, overrides: ServiceOverrides = {}) {
  const db = overrides.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, maxConnections: config.DATABASE_POOL_SIZE }));
  await migrate(db);
  const gateway = overrides.gateway ?? createGateway(config, db, logger);
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const reads = {
    bot: createBotReadServices({ ports: createBotPorts(db), clock }),
    people: createPeopleService(createPeoplePort(db)),
    relationships: createRelationshipService(createRelationshipPort(db)),
    reports: createReportService(createReportPort(db)),
    approvers: createApproverService({ policy: approverPolicy(config), groupMembers: overrides.approverGroupMembers ?? approverGroupMembers(config, logger), clock }),
    reach: createReachService({ port: createReachPort(db), clock, logger, installer: proactiveInstaller(config, logger, overrides.appInstaller) }),
    // Here, before the notifier is built, because the notifier reads everyone's preferences.
    preferences: createPreferenceService({ stores: createStoreBundle(db), clock }),
  };
  return { db, gateway, clock, ids, reads };
}

export type Adapters = Awaited<ReturnType<typeof openAdapters>>;

/** The use cases, over the adapters, telling people through `notifier`; an approval wakes the apply job (and the cover job) through `applyWake`. */
export function createUseCases(config: Config, adapters: Adapters, notifier: Notifier, applyWake: ApplyWake, logger: Logger = silentLogger) {
  const { db, gateway, clock, ids, reads } = adapters;
  const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
  const health = createHealthService({ stores, clock, notifier });
  const apply = createApplyService({ db, stores, gateway, clock, notifier, health, settings: stores.tenant, wake: applyWake });
  const requests = createRequestService({ stores, clock, ids, notifier, approvalPolicy: config.APPROVAL_POLICY, expiryHours: config.REQUEST_EXPIRY_HOURS, onApproved: () => apply.approved() });
  const sync = createSyncService({ db, stores, gateway, clock, ids, health, notifier, concurrency: config.SYNC_CONCURRENCY, readsPerSecond: config.SYNC_READS_PER_SECOND, minPassMs: config.SYNC_INTERVAL_MINUTES * 60_000 });
  const findings = createFindingActions({ stores, clock, requests });
  const problems = createPersonalProblems({ stores, requests, clock, approvalPolicy: config.APPROVAL_POLICY });
  const covers = createCoverService({ stores, requests, clock, ids, approvalPolicy: config.APPROVAL_POLICY, wake: () => applyWake.wake() });
  const coverRunner = createCoverRunner({ db, stores, requests, clock, notifier, logger, wakeApply: () => applyWake.wake() });
  return { ...reads, requests: requests as RequestService, apply, health, sync, findings, problems, covers, coverRunner, bot: { ...reads.bot, findings } };
}

export type UseCases = ReturnType<typeof createUseCases>;

/** Make the local tenant exactly `tenant` (and the embedded Teams too, with the local gateway); `onlyIfEmpty` for first start. */
async function importTenant(adapters: Adapters, health: UseCases['health'], tenant: Tenant, onlyIfEmpty: boolean): Promise<boolean> {
  const { db, gateway, clock } = adapters;
  const imported = await db.transaction(async (tx) => {
    await lockTenantImport(tx);
    if (onlyIfEmpty && (await hasTenant(tx))) return false;
    if (gateway.kind === 'local') await (gateway as LocalCallingGateway).seed(tenant, tx);
    await createTenantStore(tx).replaceTenant(tenant, clock.now());
    return true;
  });
  // Quietly: an imported tenant's findings are where health starts, not news for the approvers.
  if (imported) await health.rescanAll(false);
  return imported;
}

/**
 * Adapters and use cases together, with import, first-start seeding and shutdown: the server's
 * composition root (app.ts) passes the bot's notifier and the apply job; the CLI's `import` and
 * `sync` pass neither (nobody is told, nothing is woken).
 */
export function assembleServices(config: Config, logger: Logger, adapters: Adapters, notifier: Notifier = silentNotifier, applyWake: ApplyWake = { wake: () => undefined }, ownsDb = true) {
  const { db, gateway } = adapters;
  const services = createUseCases(config, adapters, notifier, applyWake, logger);
  const importInto = (tenant: Tenant, onlyIfEmpty: boolean) => importTenant(adapters, services.health, tenant, onlyIfEmpty);
  return {
    ...adapters,
    services,
    importTenant: importInto,
    /** First start: seed an empty database with the configured snapshot (the demo tenant). */
    async seedIfEmpty(): Promise<boolean> {
      if (!config.SEED_SNAPSHOT) return false;
      if (await hasTenant(db)) return false;
      const seeded = await importInto(await readSnapshotFile(config.SEED_SNAPSHOT), true);
      if (seeded) logger.info('seeded the tenant', { snapshot: config.SEED_SNAPSHOT });
      return seeded;
    },
    async close(): Promise<void> {
      await services.apply.close();
      await services.coverRunner.close();
      await gateway.close();
      if (ownsDb) await db.close();
    },
  };
}

/** The CLI's way in: adapters and use cases with nobody to tell and no job to wake. */
export async function openServices(config: Config, logger: Logger, overrides: ServiceOverrides = {}) {
  return assembleServices(config, logger, await openAdapters(config, logger, overrides), overrides.notifier, undefined, !overrides.db);
}
