import type { Config } from '../config.js';
import { developmentServer } from '../http/auth/developmentMode.js';

/**
 * How the bot endpoint treats inbound activities, decided once from the configuration:
 * - `identity`: BOT_ID is set; botbuilder verifies every activity's token before our code runs.
 * - `development`: no identity, and the server is a development server (developmentMode.ts);
 *   unsigned activities are accepted, and only when addressed to a loopback Host.
 * - `refused`: no identity outside development; every activity is refused with 401, since
 *   an unsigned activity could claim to be anyone (an approver included).
 */
export type BotMode =
  | { readonly kind: 'identity'; readonly description: string }
  | { readonly kind: 'development'; readonly description: string }
  | { readonly kind: 'refused'; readonly description: string; readonly reason: string };

/** With an identity the bot verifies inbound tokens and signs what it sends. */
export function botIdentityConfigured(config: Config): boolean {
  return config.BOT_ID !== undefined;
}

export function botMode(config: Config): BotMode {
  if (config.BOT_ID !== undefined) return { kind: 'identity', description: `identity: ${config.BOT_TYPE} ${config.BOT_ID}` };
  const decision = developmentServer({ nodeEnv: config.NODE_ENV, host: config.HOST });
  if (decision.development) return { kind: 'development', description: 'identity: none — development: unsigned activities accepted from loopback only' };
  return { kind: 'refused', reason: decision.reason, description: `identity: none — not development (${decision.reason}): every activity refused` };
}
