import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import { ApiError, toApiError } from '../http/apiError.js';
import { AuthError } from '../http/auth/authError.js';
import { developmentServer, directLoopbackRequest } from '../http/auth/developmentMode.js';
import { readJsonBody } from '../http/jsonBody.js';
import { sendJson } from '../http/router.js';
import type { Logger } from '../server/logger.js';
import type { BotReadServices, FindingActions } from '../services/botServices.js';
import type { Clock } from '../services/clock.js';
import type { ApproverService } from '../services/approvers.js';
import type { CoverService } from '../services/coverService.js';
import type { PreferenceService } from '../services/preferenceService.js';
import type { Principal } from '../services/principal.js';
import type { RequestService } from '../services/requestService.js';
import type { SyncService } from '../services/syncService.js';
import { createActivityReader } from './activityEdge.js';
import { createAudience } from './audience.js';
import { createBotChat } from './botChat.js';
import { createBotNotifier } from './botNotifier.js';
import type { BotMode } from './botMode.js';
import { botIdentityConfigured, botMode } from './botMode.js';
import { createBotPeople } from './botPeople.js';
import { createBotframeworkSender } from './botframeworkSender.js';
import type { ProblemActions } from './problemCardActions.js';
import { createCardActions } from './cardActions.js';
import { createCoverCardActions } from './coverCardActions.js';
import type { CardSender } from './cardSender.js';
import { createDelivery } from './delivery.js';
import { createPreferenceCards } from './preferenceCards.js';
import { createHeldRelease } from './heldRelease.js';
import { createHeldRenderer } from './heldRenderers.js';
import type { PreferenceReader } from './noticeGate.js';
import { defaultPreferenceReader } from './noticeGate.js';
import { CallGroupTeamsBot } from './teamsBot.js';

/** Bot Framework activities are larger than the tab's bodies (a card with its data, mentions, attachments). */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** What the bot needs from the composition root once services exist. */
/** What the bot's notifier is built from: the bot's read services and the approver rule, which exist before any use case. */
export interface BotFoundation {
  readonly clock: Clock;
  /** Conversations, notices, the directory and the health overview. */
  readonly services: BotReadServices;
  /** Who approves: the one rule the API and the tab use too. */
  readonly approvers: ApproverService;
  /** Everyone's notification preferences: every card to a personal chat honours them (defaults when absent). */
  readonly preferences?: PreferenceReader;
}

/** The use cases the bot's chat and cards call, built after the notifier that they tell people through. */
export interface BotBindings {
  readonly requests: RequestService;
  readonly sync: SyncService;
  readonly findings: FindingActions;
  /** What the `preferences` card reads and changes: the same service as the tab's API. */
  readonly preferenceSettings: PreferenceService;
  /** A person's own problems and their actions, behind the buttons of personal notices. */
  readonly problems?: ProblemActions;
  /** Covers: Extend and End now on their cards, and the `pending` list. */
  readonly covers?: CoverService;
}

export interface BotSurfaceOptions {
  /** Tests: a sender of their own instead of the Bot Connector. */
  readonly sender?: CardSender;
  /** Delivery back-off; tests shorten it. */
  readonly retryDelayMs?: number;
}

/**
 * botbuilder's CloudAdapter with its turn reachable directly: its own `process()` answers bad
 * input with 500s and bare strings, so the edge below reads and checks the request itself.
 */
class EdgeAdapter extends CloudAdapter {
  /** Authenticate (verify the token when the bot has an identity), then run one turn; the invoke's answer, if any. */
  turn(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

function createAdapter(config: Config, logger: Logger): EdgeAdapter {
  // No identity: botbuilder's factory with no app id disables authentication (development only).
  const credentials = new ConfigurationServiceClientCredentialFactory(
    botIdentityConfigured(config)
      ? { MicrosoftAppId: config.BOT_ID, MicrosoftAppPassword: config.BOT_PASSWORD, MicrosoftAppType: config.BOT_TYPE === 'user-assigned-msi' ? 'UserAssignedMSI' : 'SingleTenant', MicrosoftAppTenantId: config.BOT_TENANT_ID }
      : {},
  );
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: config.BOT_ID, MicrosoftAppTenantId: config.BOT_TENANT_ID }, credentials);
  const adapter = new EdgeAdapter(auth);
  adapter.onTurnError = async (_context, error) => logger.error('bot turn failed', error);
  return adapter;
}

/**
 * The bot on the server: the Notifier services tell people through, built at once from the
 * bot's read services (the use cases take it as an argument), and `POST /api/messages` on the
 * same restify server, mounted by `bind` once the use cases exist.
 */
export function createBotSurface(config: Config, logger: Logger, options: BotSurfaceOptions, foundation: BotFoundation) {
  const adapter = createAdapter(config, logger);
  const mode = botMode(config);
  // Only the unsigned development path asks the channel for a Playground user's UPN.
  const devFallback = mode.kind === 'development';
  // A loopback serviceUrl (the Agents Playground, the tests' stand-in connector) only on a development server.
  const loopbackConnector = developmentServer({ nodeEnv: config.NODE_ENV, host: config.HOST }).development;
  const { clock } = foundation;
  const { conversations, notices, directory, health } = foundation.services;
  const sender = options.sender ?? createBotframeworkSender(adapter, { botAppId: config.BOT_ID ?? '', development: loopbackConnector });
  const people = createBotPeople({ directory, approvers: foundation.approvers, tenantId: config.BOT_TENANT_ID, devFallback });
  const audience = createAudience(conversations, people);
  const delivery = createDelivery({ conversations, notices, sender, logger, onPrune: () => audience.forget(), ...(options.retryDelayMs !== undefined ? { baseDelayMs: options.retryDelayMs } : {}) });
  const preferences = foundation.preferences ?? defaultPreferenceReader;
  const botNotifier = createBotNotifier({ directory, health, notices, people, audience, delivery, logger, clock, preferences, held: foundation.services.held });

  return {
    notifier: botNotifier,
    /** Build the bot's chat and cards over the use cases and mount `POST /api/messages` on `server`. */
    bind(server: Server, deps: BotBindings) {
      const { findings } = deps;
      const preferenceCards = createPreferenceCards(deps.preferenceSettings);
      const coverActions = deps.covers ? createCoverCardActions({ covers: deps.covers, preferences }) : undefined;
      const actions = createCardActions({ requests: deps.requests, findings, health, directory, people, audience, snoozeDays: config.BOT_SNOOZE_DAYS, preferences: preferenceCards, problems: deps.problems, personal: botNotifier.personal, covers: coverActions });
      const render = createHeldRenderer({ personal: botNotifier.personal, requests: deps.requests, directory, health, people, audience });
      const tabLink = (view: string) => (config.TEAMS_APP_ID ? `https://teams.microsoft.com/l/entity/${encodeURIComponent(config.TEAMS_APP_ID)}/${view}` : undefined);
      const release = createHeldRelease({ held: foundation.services.held, notices, audience, delivery, preferences, clock, logger, render, tabLink });
      const background = (what: string, work: () => Promise<void>) => void botNotifier.background(what, work);
      // A person the bot could not reach until now hears of the problems already open for them; sent notices are claimed, so none twice.
      const onPersonalChat = (principal: Principal) =>
        background('notices waiting for a new chat', async () => {
          const waiting = ((await deps.problems?.problemsOf(principal)) ?? []).filter((problem) => problem.snoozedUntil === undefined);
          if (waiting.length > 0) await botNotifier.personal.announce(waiting.map((problem) => problem.finding.finding), principal.sip);
        });
      const chat = createBotChat({ conversations, clock, logger, people, requests: deps.requests, sync: deps.sync, actions, delivery, preferences: preferenceCards, covers: coverActions, background, onConversationStored: () => audience.forget(), onPersonalChat });
      const bot = new CallGroupTeamsBot(chat, { devFallback });
      const readActivity = createActivityReader({ development: loopbackConnector });

      server.post('/api/messages', async (req: Request, res: Response) => {
        try {
          admit(mode, req);
          const activity = readActivity(await readJsonBody(req as IncomingMessage, MAX_ACTIVITY_BYTES));
          const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
          // botbuilder verifies the token (with an identity) before the bot's logic runs: nothing is stored or decided before.
          const answer = await adapter.turn(authorization, activity, (context) => bot.run(context));
          sendAnswer(res, activity, answer);
        } catch (error) {
          const apiError = edgeError(error);
          if (apiError.code === 'internal') logger.error('bot activity failed', error);
          sendJson(res, apiError.status, apiError.toJSON());
        }
      });
      logger.info('bot endpoint mounted', { path: '/api/messages', mode: mode.kind, identity: mode.description });
      return {
        /** The start-up line's words for how inbound activities are treated. */
        identity: mode.description,
        notifier: botNotifier,
        /** The Teams activity handler, for tests that drive it with botbuilder's TestAdapter. */
        handler: bot,
        /** The daily digest job's one run. */
        digestOnce: () => botNotifier.sendDigest(clock.now(), config.BOT_DIGEST_HOUR_UTC),
        /** The held-notice job's one run: quiet hours that ended, daily summaries that are due. */
        releaseHeldOnce: () => release.releaseDue(),
        /** The catch-up sweep's one run: personal notices a crash left unsent. */
        sweepOnce: () => botNotifier.sweepPersonal(clock.now()),
        /** Wait for background notices (tests, shutdown). */
        idle: () => botNotifier.idle(),
      };
    },
  };
}

/** Refuse before reading the body what the mode never accepts. */
function admit(mode: BotMode, request: Request): void {
  if (mode.kind === 'refused') {
    throw new ApiError('unauthenticated', `The bot has no identity (BOT_ID) and this server is not a development server (${mode.reason}), so it accepts no activities.`);
  }
  if (mode.kind === 'identity' && !/^Bearer\s+\S+$/i.test(String(request.headers.authorization ?? ''))) {
    // Every activity from the Bot Connector carries its token: refuse before reading (and holding) a body of up to 1 MB.
    throw new ApiError('unauthenticated', 'The activity carries no Bot Framework token (Authorization: Bearer …).');
  }
  if (mode.kind === 'development' && !directLoopbackRequest(request)) {
    const refusal = new AuthError('not-loopback-host', 'Unsigned bot activities are only accepted when made on this machine to a loopback host (127.0.0.1, [::1] or localhost), not through a proxy or tunnel.');
    throw new ApiError(refusal.apiErrorCode, refusal.message);
  }
}

/** A turn's answer: the invoke response, or 200 with no body as the Bot Framework expects for other activities. */
function sendAnswer(res: ServerResponse, activity: Activity, answer: InvokeResponse | undefined): void {
  if (answer?.body !== undefined) return sendJson(res, answer.status, answer.body);
  if (activity.type === 'invoke') {
    // botbuilder answers an invoke nobody handles with 501 and no body.
    const message = `The bot does not handle the invoke ${JSON.stringify(activity.name)}.`;
    return sendJson(res, answer?.status ?? 501, { error: { code: 'not-implemented', message, details: [{ code: 'unsupported', path: 'name', message }] } });
  }
  res.writeHead(answer?.status ?? 200);
  res.end();
}

/** botbuilder's token check fails with an AuthenticationError carrying 401 (or 403); anything else is ours. */
function edgeError(error: unknown): ApiError {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (!(error instanceof ApiError) && (status === 401 || status === 403)) {
    return new ApiError(status === 401 ? 'unauthenticated' : 'forbidden', 'The activity does not carry a valid Bot Framework token for this bot.', [], { cause: error });
  }
  return toApiError(error);
}

export { botIdentityConfigured };

export type BotSurface = ReturnType<typeof createBotSurface>;
export type BoundBot = ReturnType<BotSurface['bind']>;
