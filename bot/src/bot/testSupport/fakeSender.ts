import type { CardSender } from '../cardSender.js';
import type { DeliveryError } from '../cardSender.js';
import type { AdaptiveCard } from '../cards/cardElements.js';

/** Test support: a CardSender that records cards per conversation and fails on demand. */
export function fakeSender() {
  const sent: { conversationId: string; card: AdaptiveCard; id: string }[] = [];
  const updated: { conversationId: string; activityId: string; card: AdaptiveCard }[] = [];
  const failures: DeliveryError[] = [];
  let next = 0;
  const conversationOf = (reference: unknown) => (reference as { conversation: { id: string } }).conversation.id;
  const sender: CardSender = {
    async send(reference, card) {
      const failure = failures.shift();
      if (failure) throw failure;
      const id = `m-${++next}`;
      sent.push({ conversationId: conversationOf(reference), card, id });
      return id;
    },
    async update(reference, activityId, card) {
      const failure = failures.shift();
      if (failure) throw failure;
      updated.push({ conversationId: conversationOf(reference), activityId, card });
    },
  };
  return {
    sender,
    sent,
    updated,
    failures,
    /** The cards sent to a conversation, as JSON text, oldest first. */
    to: (id: string) => sent.filter((s) => s.conversationId === id).map((s) => JSON.stringify(s.card)),
  };
}
