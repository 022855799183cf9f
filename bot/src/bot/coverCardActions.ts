import { z } from 'zod';
import { coveringPeople } from '../services/coverPlan.js';
import type { CoverService, CoverWithNames } from '../services/coverService.js';
import type { Principal } from '../services/principal.js';
import type { AdaptiveCard, CardElement } from './cards/cardElements.js';
import { messageCard } from './cards/chatCards.js';
import type { CoverCardInput } from './cards/coverCards.js';
import { coverCard, coverListElements, untilText } from './cards/coverCards.js';
import { coverCardCover } from './coverNotices.js';
import type { PreferenceReader } from './noticeGate.js';
import { cardOutcome } from './serviceOutcome.js';

/** Extend moves the end a week later: a holiday that runs over is the commonest reason to extend. */
export const EXTEND_BY_MS = 7 * 24 * 3_600_000;

/** The `pending` card lists this many of a person's covers; the tab lists them all. */
const LISTED_COVERS = 10;

/** The owner's buttons on a cover card, and the `pending` command's list of their covers. */
export interface CoverCardActions {
  answer(principal: Principal, verb: 'cover.extend' | 'cover.end', id: string): Promise<AdaptiveCard>;
  /** The lines of the `pending` card for `principal`'s covers (none when they have none). */
  listed(principal: Principal): Promise<CardElement[]>;
}

const uuid = z.uuid();
const noSuchCover = () => messageCard('No such cover', 'This cover is not on record, or it is not yours.', 'warning');

/**
 * Extend and End now on the owner's "ends tomorrow" card, through the cover service as the
 * tab's PATCH and DELETE go: an extension needs an approver when the cover did. The answer
 * is the cover card again, with what the click did, and replaces the clicked card.
 */
export function createCoverCardActions(options: { covers: CoverService; preferences: PreferenceReader; extendByMs?: number }): CoverCardActions {
  const { covers } = options;
  const extendBy = options.extendByMs ?? EXTEND_BY_MS;
  const zoneOf = async (sip: string) => (await options.preferences.preferencesOf([sip])).get(sip)?.timeZone ?? 'UTC';

  const render = (found: CoverWithNames, zone: string, outcome: string, settled: boolean): AdaptiveCard => {
    const input: CoverCardInput = { event: 'endingSoon', role: 'owner', zone, cover: coverCardCover(found.cover, coveringPeople(found.cover.cover)), names: { ...found.names }, parts: [], outcome, settled };
    return coverCard(input);
  };

  async function act(principal: Principal, verb: 'cover.extend' | 'cover.end', id: string, zone: string): Promise<{ outcome: string; settled: boolean }> {
    if (verb === 'cover.end') {
      const ended = await covers.cancelOrEnd(principal, id);
      return { outcome: ended.status === 'cancelled' ? 'Cancelled: it will not start.' : 'Ending now: its changes are being taken back, and you will hear here when they are.', settled: true };
    }
    const current = await covers.get(principal, id);
    const endsAt = new Date(current.cover.endsAt.getTime() + extendBy).toISOString();
    const { needsApproval } = await covers.extend(principal, id, endsAt);
    const until = untilText(endsAt, zone);
    return { outcome: needsApproval ? `Your extension to ${until} waits for an approver; until they decide, the cover ends as before.` : `Extended: it now ends ${until}.`, settled: false };
  }

  return {
    async answer(principal, verb, id) {
      if (!uuid.safeParse(id).success) return noSuchCover();
      const coverId = id.toLowerCase();
      const zone = await zoneOf(principal.sip);
      let done: { outcome: string; settled: boolean };
      try {
        done = await act(principal, verb, coverId, zone);
      } catch (error) {
        const refusal = cardOutcome(error);
        if (!refusal) throw error;
        if (refusal.code === 'not-found') return noSuchCover();
        // Ended meanwhile, or an end too far: the cover as it is now, and why.
        done = { outcome: refusal.text, settled: false };
      }
      const found = await covers.get(principal, coverId).catch(() => undefined);
      return found ? render(found, zone, done.outcome, done.settled) : noSuchCover();
    },

    async listed(principal) {
      const [{ covers: mine }, zone] = await Promise.all([covers.list(principal), zoneOf(principal.sip)]);
      const shown = mine.slice(0, LISTED_COVERS).map((found) => ({ cover: coverCardCover(found.cover, coveringPeople(found.cover.cover)), names: found.names }));
      return coverListElements(shown, zone);
    },
  };
}
