import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Server } from 'restify';
import type { BotSurfaceOptions } from '../bot/botSurface.js';
import { createBotSurface } from '../bot/botSurface.js';
import type { Config } from '../config.js';
import { mountApprovalRoutes } from '../http/approvalRoutes.js';
import { mountCoverRoutes } from '../http/coverRoutes.js';
import type { Authenticate, UserLookup } from '../http/authenticate.js';
import { devAuthenticate, entraAuthenticate } from '../http/authenticate.js';
import { devSignInAllowed } from '../http/auth/devSignIn.js';
import { createTeamsTokenVerifier } from '../http/auth/teamsTokenVerifier.js';
import { mountHealthRoutes } from '../http/healthRoutes.js';
import { mountMeRoutes } from '../http/meRoutes.js';
import { mountProblemRoutes } from '../http/problemRoutes.js';
import { mountPreferenceRoutes } from '../http/preferenceRoutes.js';
import { mountReachRoutes } from '../http/reachRoutes.js';
import { mountRelationshipRoutes } from '../http/relationshipRoutes.js';
import { mountTabRoutes } from '../http/tabRoutes.js';
import { ROUTER_MAX_PARAM_LENGTH } from '../http/inputEdges.js';
import { createRouter, sendJson } from '../http/router.js';
import { answerServerErrors } from '../http/serverErrors.js';
import type { Logger } from './logger.js';
import type { Job } from './scheduler.js';
import type { ServiceOverrides } from './services.js';
import { approverPolicy, assembleServices, openAdapters } from './services.js';
import type { ApproverService } from '../services/approvers.js';
import { ping } from '../store/tenantMeta.js';
import { createJob, startJob } from './scheduler.js';

/** What tests and other entry points may swap: everything else comes from the configuration. */
export interface AppOverrides extends ServiceOverrides {
  /** Start the periodic jobs (apply, expiry, sync); tests drive them by hand when false. */
  readonly jobs?: boolean;
  /** The bot's proactive sender and back-off (tests). */
  readonly bot?: BotSurfaceOptions;
}

export type App = Awaited<ReturnType<typeof createApp>>;

export { DEV_DEFAULT_APPROVERS } from './services.js';

function authenticator(config: Config, people: UserLookup, approvers: ApproverService): Authenticate {
  if (config.AUTH_MODE === 'dev') {
    const decision = devSignInAllowed({ authMode: config.AUTH_MODE, host: config.HOST, nodeEnv: config.NODE_ENV });
    if (!decision.allowed) throw new Error(decision.reason);
    return devAuthenticate(people, approvers);
  }
  const verifier = createTeamsTokenVerifier({
    clientId: config.ENTRA_CLIENT_ID ?? '',
    applicationIdUri: config.ENTRA_APP_ID_URI ?? '',
    allowedTenantIds: config.ENTRA_TENANT_IDS,
    jwksUrl: config.ENTRA_JWKS_URL,
  });
  return entraAuthenticate(people, verifier, approvers);
}

/**
 * The composition root, in order: configuration (given), adapters (database, gateway, clock)
 * and the read services over them, the bot's notifier built from those, the use cases that
 * tell people through it, the HTTP server and its routes, and the bot's endpoint. Nothing is
 * bound late; the periodic jobs are built here and started by listen(). Tests build the same
 * graph with their own database, gateway or clock.
 */
export async function createApp(config: Config, logger: Logger, overrides: AppOverrides = {}) {
  const adapters = await openAdapters(config, logger, overrides);
  const { db, gateway, clock } = adapters;
  const botSurface = createBotSurface(config, logger, overrides.bot ?? {}, { clock, services: adapters.reads.bot, approvers: adapters.reads.approvers, preferences: adapters.reads.preferences });
  // Built before the use cases so an approval can wake it; it first runs when listen() starts it.
  const applyJob = createJob('apply', config.APPLY_POLL_MS, () => services.apply.runScheduled(), logger);
  // Covers' starts and ends are due jobs; an approval (or a cover starting now) runs it at once, as it does the apply job.
  const coverJob = createJob('covers', config.APPLY_POLL_MS, () => services.coverRunner.runOnce(), logger);
  const wake = () => (applyJob.kick(), coverJob.kick());
  const assembled = assembleServices(config, logger, adapters, overrides.notifier ?? botSurface.notifier, { wake }, !overrides.db);
  const { services } = assembled;
  const { requests, sync } = services;
  const jobs: Job[] = [applyJob, coverJob];
  const authenticate = authenticator(config, services.people, services.approvers);
  await assembled.seedIfEmpty();

  // maxParamLength: long owner addresses and finding ids reach the routes, which name the limit (inputEdges.ts).
  const server: Server = restify.createServer({ name: 'call-group-manager', handleUncaughtExceptions: false, maxParamLength: ROUTER_MAX_PARAM_LENGTH });
  const routeLogger = { error: (message: string, error: unknown) => logger.error(message, error) };
  answerServerErrors(server, routeLogger);
  const router = createRouter(server, authenticate, routeLogger);
  server.get('/healthz', async (_req, res) => sendJson(res, 200, { status: 'ok' }));
  server.get('/readyz', async (_req, res) => {
    try {
      await ping(db);
      await gateway.ready();
      sendJson(res, 200, { status: 'ready', database: db.backend, gateway: gateway.kind, healthIndex: services.health.indexed ? 'built' : 'building' });
    } catch (error) {
      logger.warn('not ready', { error: (error as Error).message });
      sendJson(res, 503, { error: { code: 'not-ready', message: 'The database or the calling gateway is not ready.', details: [] } });
    }
  });
  mountMeRoutes(router, { people: services.people, requests });
  mountProblemRoutes(router, { problems: services.problems });
  mountPreferenceRoutes(router, { preferences: services.preferences });
  mountApprovalRoutes(router, { requests });
  mountCoverRoutes(router, { covers: services.covers });
  mountHealthRoutes(router, { findings: services.findings, reports: services.reports, relationships: services.relationships });
  mountReachRoutes(router, { reach: services.reach });
  const policy = approverPolicy(config);
  const bot = botSurface.bind(server, { requests, sync, findings: services.findings, preferenceSettings: services.preferences, problems: services.problems, covers: services.covers });
  mountTabRoutes(server, { config, people: services.people, approvers: services.approvers, approverUpns: policy.upns });
  mountRelationshipRoutes(router, { relationships: services.relationships });

  return {
    config,
    db,
    gateway,
    server,
    services,
    bot,
    /** The apply use case's one run (tests drive it by hand): apply what is due, then re-check the people it changed. */
    applyOnce: (): Promise<number> => services.apply.runOnce(),
    /** The cover job's one run (tests drive it by hand): settle decided covers, then start and end what is due. */
    coversOnce: (): Promise<number> => services.coverRunner.runOnce(),
    async listen(): Promise<AddressInfo> {
      await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
      if (overrides.jobs !== false) {
        // The apply job runs first: its first run builds the health index (applyService.ts).
        applyJob.start();
        coverJob.start();
        jobs.push(startJob('expire', 60_000, () => requests.expireDue(), logger));
        if (config.SYNC_INTERVAL_MINUTES > 0) {
          // The continuous, checkpointed pass: it paces itself to SYNC_READS_PER_SECOND and shares the work with other instances.
          sync.start();
          jobs.push({ kick: () => undefined, stop: () => sync.stop() });
          void sync.status().then(({ plan }) => logger.info('sync reads the tenant continuously', { ...plan }), (error: unknown) => logger.error('sync status', error));
        }
        jobs.push(startJob('digest', 15 * 60_000, () => bot.digestOnce(), logger));
        // Notices held for quiet hours or a daily summary go when due; the sweep (now, then hourly) sends what a crash left unsent.
        jobs.push(startJob('held notices', 60_000, () => bot.releaseHeldOnce(), logger));
        const sweep = startJob('personal notices sweep', 60 * 60_000, () => bot.sweepOnce(), logger);
        sweep.kick();
        jobs.push(sweep);
        // Installs the app for people open findings concern and the bot cannot reach (PROACTIVE_INSTALL=graph only).
        if (config.PROACTIVE_INSTALL === 'graph') jobs.push(startJob('reach', 15 * 60_000, () => services.reach.installMissing(), logger));
      }
      return server.address() as AddressInfo;
    },
    async close(): Promise<void> {
      await Promise.all(jobs.map((job) => job.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Cards still being sent get a few seconds; a shutdown does not wait out a connector's back-off.
      await Promise.race([bot.idle(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await assembled.close();
    },
  };
}
