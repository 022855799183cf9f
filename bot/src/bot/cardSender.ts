import type { AdaptiveCard } from './cards/cardElements.js';

/**
 * The port proactive sending goes through: send a card to a stored conversation, or replace
 * a card sent before. The botbuilder adapter implements it (botframeworkSender.ts); tests
 * may use their own. `reference` is the stored conversation reference, opaque here.
 */
export interface CardSender {
  /** The message id Teams gave the new card. */
  send(reference: unknown, card: AdaptiveCard): Promise<string>;
  update(reference: unknown, activityId: string, card: AdaptiveCard): Promise<void>;
}

/** Why a send failed: `gone` (403/404: blocked, uninstalled, removed), `retryable` (429, 5xx, network), `failed`. */
export type DeliveryFailure = 'gone' | 'retryable' | 'failed';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The failure an HTTP status from the Bot Connector means. */
export function failureOfStatus(status: number | undefined): DeliveryFailure {
  if (status === 403 || status === 404) return 'gone';
  if (status === undefined || status === 429 || status >= 500) return 'retryable';
  return 'failed';
}
