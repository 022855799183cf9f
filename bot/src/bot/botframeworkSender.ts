import type { CloudAdapter, TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { CardSender } from './cardSender.js';
import { DeliveryError, failureOfStatus } from './cardSender.js';
import { connectorUrlProblem, serviceUrlOf } from './connectorHosts.js';

interface ConnectorError {
  readonly statusCode?: number;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } };
}

/** A connector failure as a DeliveryError: 403/404 gone, 429/5xx retryable (with Retry-After), else failed. */
function deliveryError(error: unknown): DeliveryError {
  const status = (error as ConnectorError).statusCode;
  const retryAfter = Number((error as ConnectorError).response?.headers?.get?.('retry-after'));
  return new DeliveryError(failureOfStatus(status), `${status ?? 'network'}: ${(error as Error).message}`, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined, { cause: error });
}

type Reference = Parameters<CloudAdapter['continueConversationAsync']>[1];

/**
 * Run `work` in a proactive turn. The adapter hands errors thrown inside a turn to its
 * onTurnError instead of its caller, so the connector's answer is caught here and rethrown.
 */
async function inConversation<TResult>(adapter: CloudAdapter, botAppId: string, reference: unknown, work: (context: TurnContext) => Promise<TResult>): Promise<TResult> {
  let outcome: { ok: true; value: TResult } | { ok: false; error: unknown } | undefined;
  await adapter.continueConversationAsync(botAppId, reference as Reference, async (context) => {
    try {
      outcome = { ok: true, value: await work(context) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  if (!outcome) throw new DeliveryError('failed', 'the proactive turn did not run');
  if (!outcome.ok) throw deliveryError(outcome.error);
  return outcome.value;
}

export interface BotframeworkSenderOptions {
  readonly botAppId: string;
  /** Development (developmentMode.ts): a loopback serviceUrl may be used too. */
  readonly development: boolean;
}

/** Proactive sending with botbuilder's CloudAdapter and the stored conversation references. */
export function createBotframeworkSender(adapter: CloudAdapter, options: BotframeworkSenderOptions): CardSender {
  const { botAppId } = options;
  /**
   * A stored reference is checked again before every call: one stored by an older version, or
   * written into the database by hand, must not make the server call an arbitrary address.
   * It is `gone`, so delivery forgets the conversation; the next real activity stores it anew.
   */
  const checked = (reference: unknown): unknown => {
    const problem = connectorUrlProblem(serviceUrlOf(reference), options.development);
    if (problem) throw new DeliveryError('gone', `refused before sending: the reference's serviceUrl ${problem}`);
    return reference;
  };
  return {
    async send(reference, card) {
      const id = await inConversation(adapter, botAppId, checked(reference), async (context) => (await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id);
      if (!id) throw new DeliveryError('failed', 'the channel returned no message id');
      return id;
    },
    async update(reference, activityId, card) {
      await inConversation(adapter, botAppId, checked(reference), async (context) => {
        await context.updateActivity({ type: 'message', id: activityId, attachments: [CardFactory.adaptiveCard(card)] });
      });
    },
  };
}
