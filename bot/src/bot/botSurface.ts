import type { IncomingMessage } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import { ApiError } from '../http/apiError.js';
import { readJsonBody } from '../http/jsonBody.js';
import type { Logger } from '../server/logger.js';
import type { Clock } from '../services/clock.js';
import type { Notifier } from '../services/notifier.js';
import type { RequestService } from '../services/requestService.js';
import type { SyncService } from '../services/syncService.js';
import type { Database } from '../store/database.js';
import { createAudience } from './audience.js';
import { createBotChat } from './botChat.js';
import type { BotNotifier } from './botNotifier.js';
import { createBotNotifier } from './botNotifier.js';
import { createBotPeople } from './botPeople.js';
import { createBotframeworkSender } from './botframeworkSender.js';
import { createCardActions } from './cardActions.js';
import type { CardSender } from './cardSender.js';
import { createDelivery } from './delivery.js';
import { CallGroupTeamsBot } from './teamsBot.js';

/** Bot Framework activities are larger than the tab's bodies (a card with its data, mentions, attachments). */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** What the bot needs from the composition root once services exist. */
export interface BotBindings {
  readonly db: Database;
  readonly clock: Clock;
  readonly requests: RequestService;
  readonly sync: SyncService;
  /** Approvers by UPN, lower case: the API's rule. */
  readonly approverUpns: readonly string[];
}

export interface BotSurfaceOptions {
  /** Tests: a sender of their own instead of the Bot Connector. */
  readonly sender?: CardSender;
  /** Delivery back-off; tests shorten it. */
  readonly retryDelayMs?: number;
}

/** Development (the Agents Playground, tests): no bot identity, so inbound requests carry no token. */
export function botIdentityConfigured(config: Config): boolean {
  return config.BOT_ID !== undefined;
}

function createAdapter(config: Config, logger: Logger): CloudAdapter {
  // No identity: botbuilder's factory with no app id disables authentication (development only).
  const credentials = new ConfigurationServiceClientCredentialFactory(
    botIdentityConfigured(config)
      ? { MicrosoftAppId: config.BOT_ID, MicrosoftAppPassword: config.BOT_PASSWORD, MicrosoftAppType: config.BOT_TYPE === 'user-assigned-msi' ? 'UserAssignedMSI' : 'SingleTenant', MicrosoftAppTenantId: config.BOT_TENANT_ID }
      : {},
  );
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: config.BOT_ID, MicrosoftAppTenantId: config.BOT_TENANT_ID }, credentials);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => logger.error('bot turn failed', error);
  return adapter;
}

/**
 * The bot on the server: `POST /api/messages` on the same restify server, and the Notifier
 * services tell people through. The notifier exists before the services (they take it as an
 * argument) and forwards to the real one once `bind` has the services.
 */
export function createBotSurface(config: Config, logger: Logger, options: BotSurfaceOptions = {}) {
  const adapter = createAdapter(config, logger);
  const devFallback = !botIdentityConfigured(config);
  let bound: BotNotifier | undefined;
  const forward =
    <TKey extends keyof Notifier>(key: TKey) =>
    (...args: Parameters<Notifier[TKey]>): Promise<void> =>
      bound ? (bound[key] as (...a: Parameters<Notifier[TKey]>) => Promise<void>)(...args) : Promise.resolve();
  const notifier: Notifier = {
    requestProposed: forward('requestProposed'),
    requestDecided: forward('requestDecided'),
    requestApplied: forward('requestApplied'),
    requestFailed: forward('requestFailed'),
    findingsChanged: forward('findingsChanged'),
    driftDetected: forward('driftDetected'),
  };

  return {
    notifier,
    /** Build the bot over the services and mount `POST /api/messages` on `server`. */
    bind(server: Server, deps: BotBindings) {
      const { db, clock } = deps;
      const sender = options.sender ?? createBotframeworkSender(adapter, config.BOT_ID ?? '');
      const people = createBotPeople({ db, approverUpns: deps.approverUpns, tenantId: config.BOT_TENANT_ID, devFallback });
      const audience = createAudience(db, people);
      const delivery = createDelivery({ db, sender, clock, logger, onPrune: () => audience.forget(), ...(options.retryDelayMs !== undefined ? { baseDelayMs: options.retryDelayMs } : {}) });
      const botNotifier = createBotNotifier({ db, people, audience, delivery, clock, logger });
      bound = botNotifier;
      const actions = createCardActions({ db, clock, requests: deps.requests, people, audience, snoozeDays: config.BOT_SNOOZE_DAYS });
      const background = (what: string, work: () => Promise<void>) => void botNotifier.background(what, work);
      const chat = createBotChat({ db, clock, logger, people, requests: deps.requests, sync: deps.sync, actions, delivery, background, onConversationStored: () => audience.forget() });
      const bot = new CallGroupTeamsBot(chat, { devFallback });
      // No identity outside development would let anyone post activities as anyone: refuse them all.
      const refuseAll = !botIdentityConfigured(config) && config.NODE_ENV === 'production';

      server.post('/api/messages', async (req: Request, res: Response) => {
        if (refuseAll) {
          res.status(401);
          res.send({ error: { code: 'unauthenticated', message: 'The bot has no identity configured (BOT_ID), so it accepts no activities in production.', details: [] } });
          return;
        }
        try {
          (req as Request & { body: unknown }).body = await readJsonBody(req as IncomingMessage, MAX_ACTIVITY_BYTES);
        } catch (error) {
          const apiError = error instanceof ApiError ? error : new ApiError('bad-request', 'The activity could not be read.');
          res.status(apiError.status);
          res.send(apiError.toJSON());
          return;
        }
        await adapter.process(req, res, (context) => bot.run(context));
      });
      logger.info('bot endpoint mounted', { path: '/api/messages', identity: botIdentityConfigured(config) ? config.BOT_TYPE : 'none (development: inbound tokens not required)' });
      return {
        notifier: botNotifier,
        /** The Teams activity handler, for tests that drive it with botbuilder's TestAdapter. */
        handler: bot,
        /** The daily digest job's one run. */
        digestOnce: () => botNotifier.sendDigest(clock.now(), config.BOT_DIGEST_HOUR_UTC),
        /** Wait for background notices (tests, shutdown). */
        idle: () => botNotifier.idle(),
      };
    },
  };
}

export type BotSurface = ReturnType<typeof createBotSurface>;
export type BoundBot = ReturnType<BotSurface['bind']>;
