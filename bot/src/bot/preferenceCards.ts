import { z } from 'zod';
import { NOTICE_KINDS, NOTICE_KIND_LABELS, NOTICE_MODES, NOTICE_MODE_LABELS } from '@cgm/core';
import type { PreferenceService } from '../services/preferenceService.js';
import type { Principal } from '../services/principal.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import type { PreferenceOutcome } from './cards/preferencesCard.js';
import { preferencesCard } from './cards/preferencesCard.js';
import { cardOutcome } from './serviceOutcome.js';

/** A `preferences.set` button's id, `kind.mode`: both checked against the contract, as the API checks its body. */
const choiceSchema = z.templateLiteral([z.enum(NOTICE_KINDS), '.', z.enum(NOTICE_MODES)]).transform((id) => {
  const [kind, mode] = id.split('.') as [(typeof NOTICE_KINDS)[number], (typeof NOTICE_MODES)[number]];
  return { kind, mode };
});

/** The bot's `preferences` command and its card's clicks, over the same service as the tab's API. */
export interface PreferenceCards {
  show(principal: Principal): Promise<AdaptiveCard>;
  /** Choose a mode for one kind (the button's id) and answer with the updated card. */
  choose(principal: Principal, id: string): Promise<AdaptiveCard>;
}

export function createPreferenceCards(preferences: PreferenceService): PreferenceCards {
  const current = async (principal: Principal, outcome?: PreferenceOutcome) =>
    preferencesCard({ preferences: await preferences.get(principal), isApprover: principal.isApprover, ...(outcome ? { outcome } : {}) });
  return {
    show: (principal) => current(principal),
    async choose(principal, id) {
      const choice = choiceSchema.safeParse(id);
      if (!choice.success) return current(principal, { text: 'That button names a notice or a choice I do not know; nothing was changed.', saved: false });
      const { kind, mode } = choice.data;
      try {
        const saved = await preferences.update(principal, { notices: { [kind]: mode } });
        return preferencesCard({ preferences: saved, isApprover: principal.isApprover, outcome: { text: `Saved: ${NOTICE_KIND_LABELS[kind].title}, ${NOTICE_MODE_LABELS[mode].toLowerCase()}.`, saved: true } });
      } catch (error) {
        // An approver kind clicked by someone who no longer approves: the service's reason, on the current card.
        const refusal = cardOutcome(error);
        if (!refusal) throw error;
        return current(principal, { text: refusal.text, saved: false });
      }
    },
  };
}
