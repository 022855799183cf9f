import type { Logger } from '../server/logger.js';
import type { Clock } from '../services/clock.js';
import type { ConversationRef, ConversationService } from '../services/conversationService.js';
import type { Principal } from '../services/principal.js';
import type { RequestService, StoredRequest } from '../services/requestService.js';
import { ServiceError } from '../services/serviceError.js';
import { canNamePerson } from '../services/syncService.js';
import type { SyncService } from '../services/syncService.js';
import type { BotPeople, ChatUser } from './botPeople.js';
import type { CardActions } from './cardActions.js';
import { cardActionSchema } from './cardActions.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import { helpCard, messageCard, pendingCard } from './cards/chatCards.js';
import type { Delivery } from './delivery.js';
import type { CoverCardActions } from './coverCardActions.js';
import type { PreferenceCards } from './preferenceCards.js';

/** One activity as the bot's logic sees it: no botbuilder types past this point. */
export interface ChatActivity {
  readonly conversationId: string;
  readonly conversationKind: 'personal' | 'channel' | 'groupChat';
  readonly from: ChatUser;
  readonly tenantId?: string | undefined;
  /** The Bot Framework conversation reference, stored as it is for proactive sending. */
  readonly reference: unknown;
  /** Message text with the bot's @mention removed. */
  readonly text?: string | undefined;
}

/** An invoke's answer as Teams expects it on the HTTP response. */
export interface InvokeAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface BotChatOptions {
  readonly conversations: ConversationService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly people: BotPeople;
  readonly requests: RequestService;
  readonly sync: SyncService;
  readonly actions: CardActions;
  readonly delivery: Delivery;
  /** The `preferences` command's card. */
  readonly preferences: PreferenceCards;
  /** The person's covers in the `pending` card (absent: not listed). */
  readonly covers?: CoverCardActions | undefined;
  /** Told when a conversation was stored, so cached lists of who can be reached are read again. */
  readonly onConversationStored: () => void;
  /**
   * Told the first time this process stores someone's personal chat (the app was just installed
   * for them, by them, a setup policy or Graph): notices that could not reach them before go now.
   */
  readonly onPersonalChat?: (principal: Principal) => void;
  /** Run work after the turn answered (sync takes longer than Teams waits for a reply). */
  readonly background: (what: string, work: () => Promise<void>) => void;
}

/** The bot's conversation logic: what it does with each kind of activity. */
export interface BotChat {
  /** Every activity: keep the conversation reference current (install, message, card action); who sent it. */
  seen(activity: ChatActivity): Promise<Principal | undefined>;
  /** The app was installed in a personal chat or a team: a welcome with the commands. */
  installed(activity: ChatActivity): Promise<AdaptiveCard[]>;
  /** The app was uninstalled (or the bot removed from the team): forget the conversation. */
  uninstalled(activity: ChatActivity): Promise<void>;
  message(activity: ChatActivity): Promise<AdaptiveCard[]>;
  /** An Action.Execute click or an automatic refresh: validated, answered with the current card, never a crash. */
  cardAction(activity: ChatActivity, value: unknown): Promise<InvokeAnswer>;
}

const REFRESH_AFTER_MS = 10 * 60_000;

/**
 * The bot's conversation logic behind our own small interface: installation, messages and
 * commands, and card actions. It only translates into service calls.
 */
export function createBotChat(options: BotChatOptions): BotChat {
  const { conversations, people, requests, actions, logger } = options;
  /** Conversation references already stored by this process, so the hot path writes only when one changed. */
  const known = new Map<string, { json: string; at: number }>();

  async function remember(activity: ChatActivity, principal: Principal | undefined): Promise<void> {
    if (activity.conversationKind === 'groupChat') return;
    const json = JSON.stringify([activity.reference, principal?.sip ?? null]);
    const seen = known.get(activity.conversationId);
    const now = options.clock.now();
    if (seen && seen.json === json && now.getTime() - seen.at < REFRESH_AFTER_MS) return;
    // A personal chat with someone the tenant does not know is not kept: nothing would ever be sent there.
    if (activity.conversationKind === 'personal' && !principal) return;
    const ref: ConversationRef = { id: activity.conversationId, kind: activity.conversationKind, userSip: activity.conversationKind === 'personal' ? (principal?.sip ?? null) : null, reference: activity.reference, updatedAt: now };
    await conversations.remember(ref);
    if (!seen) options.onConversationStored();
    if (!seen && ref.kind === 'personal' && principal) options.onPersonalChat?.(principal);
    known.set(activity.conversationId, { json, at: now.getTime() });
  }

  async function pending(principal: Principal): Promise<AdaptiveCard> {
    const [waiting, mine, covers] = await Promise.all([principal.isApprover ? requests.listPending(50) : Promise.resolve(null), requests.listMine(principal, 10), options.covers?.listed(principal) ?? []]);
    const all = [...(waiting ?? []), ...mine] as StoredRequest[];
    const names = await people.names(all.flatMap((r) => [r.requesterSip, r.subjectSip, ...(r.decidedBy ? [r.decidedBy] : [])]));
    return pendingCard({ waiting: waiting as StoredRequest[] | null, mine: mine as StoredRequest[], names, viewerSip: principal.sip, covers });
  }

  async function checkPerson(activity: ChatActivity, person: string): Promise<AdaptiveCard> {
    options.background('sync one person', async () => {
      // A refusal the service explains is shown as it is; anything else is logged, and the approver told only that it failed.
      const checked = await options.sync.checkUser(person).catch((error: unknown) => (error instanceof ServiceError ? error : { failed: error }));
      const to = await conversations.get(activity.conversationId);
      const text =
        checked instanceof ServiceError ? checked.message
        : 'failed' in checked ? 'Teams could not be read just now; the continuous pass reads this person as usual.'
        : checked.queued ? `${checked.sip} is being read right now; any change made directly in Teams arrives as a drift alert.`
        : `${checked.sip}: ${checked.drift.length > 0 ? `${checked.drift.length} changes made directly in Teams (${checked.drift.map((d) => d.settingsGroup).join(', ')}); the drift alert follows.` : checked.settingsChanged ? 'settings changed, explained by a request in flight.' : 'no change since the last read.'}`;
      const found = !(checked instanceof ServiceError) && !('failed' in checked);
      // Keyed by the conversation and the moment, never by what was typed: the text is not a person yet.
      if (to) await options.delivery.deliver({ noticeKey: `sync:${activity.conversationId}:${options.clock.now().toISOString()}`, to, card: messageCard('Checked in Teams', text, found ? 'good' : 'warning'), subjectId: 'sync', cardKind: 'sync' });
      if ('failed' in checked) throw checked.failed;
    });
    // Echo what was typed only when it can be a person's name; the service refuses the rest with the reason.
    const shown = canNamePerson(person) ? person : 'that person';
    return messageCard('Checking', `I am reading ${shown}'s settings from Teams now; I will tell you here what I find.`);
  }

  async function command(activity: ChatActivity, principal: Principal): Promise<AdaptiveCard> {
    const words = (activity.text ?? '').trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
    const approverOnly = (card: () => Promise<AdaptiveCard>) => (principal.isApprover ? card() : Promise.resolve(messageCard('For approvers only', 'This command is for Teams Phone admins who approve call group changes.', 'warning')));
    // "sync PERSON": one person's settings read now, ahead of the tenant-wide pass (a direct edit someone suspects).
    const person = /^sync (.+)$/.exec(words)?.[1];
    if (person !== undefined) return approverOnly(async () => checkPerson(activity, person));
    switch (words) {
      case 'help':
      case 'hi':
      case 'hello':
        return helpCard({ isApprover: principal.isApprover });
      case 'pending':
        return pending(principal);
      case 'preferences':
        // Preferences are one person's: a card in a channel would show them to everyone there.
        if (activity.conversationKind !== 'personal') return messageCard('Preferences are personal', 'Say "preferences" in your personal chat with me to choose which notices you get and how often.', 'warning');
        return options.preferences.show(principal);
      case 'health':
        return approverOnly(() => actions.healthSummary(new Map()));
      case 'sync':
        return approverOnly(async () => {
          options.background('sync command', async () => {
            const result = await options.sync.runOnce();
            const to = await conversations.get(activity.conversationId);
            const text = result.ran ? `${result.users} users read, ${result.settingsChanged} settings changed, ${result.drift.length} changes made directly in Teams, ${result.findingsAdded} new and ${result.findingsResolved} resolved findings.` : 'Another sync was already running; its results arrive as usual.';
            if (to) await options.delivery.deliver({ noticeKey: `sync:${options.clock.now().toISOString()}`, to, card: messageCard('Sync finished', text, 'good'), subjectId: 'sync', cardKind: 'sync' });
          });
          return messageCard('Sync started', 'I am re-reading the tenant from Teams; I will tell you here when it is done.');
        });
      case 'use this channel':
        return approverOnly(async () => {
          if (activity.conversationKind !== 'channel') return messageCard('Not a team channel', 'Run "use this channel" in the team channel where approvers should get approvals and warnings.', 'warning');
          await conversations.useAsApproversChannel(activity.conversationId);
          return messageCard('Approvals go to this channel', 'From now on, approval requests, health warnings and drift alerts arrive here instead of in approvers’ personal chats.', 'good');
        });
      default:
        return helpCard({ isApprover: principal.isApprover, short: true, heard: activity.text });
    }
  }

  return {
    async seen(activity) {
      const principal = await people.principalOf(activity.from, activity.tenantId);
      await remember(activity, principal);
      return principal;
    },
    async installed(activity) {
      const principal = await this.seen(activity);
      return [helpCard({ isApprover: principal?.isApprover ?? false })];
    },
    async uninstalled(activity) {
      known.delete(activity.conversationId);
      await options.delivery.prune(activity.conversationId);
    },
    async message(activity) {
      const principal = await this.seen(activity);
      if (!principal) return [messageCard('I do not know you yet', 'Your Teams account is not a user of the synced tenant. Ask your Teams Phone admin to run a sync.', 'warning')];
      return [await command(activity, principal)];
    },
    async cardAction(activity, value) {
      const parsed = cardActionSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const message = `The card sent an action I cannot read: ${issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'no value'}.`;
        return { status: 200, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } } };
      }
      try {
        const principal = await this.seen(activity);
        const answer = await actions.answer(principal, parsed.data);
        if (answer.kind === 'error') return { status: 200, body: { statusCode: answer.status, type: 'application/vnd.microsoft.error', value: { code: answer.code, message: answer.message } } };
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card } };
      } catch (error) {
        logger.error('card action failed', error);
        return { status: 200, body: { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message: 'Something went wrong on our side. It has been logged; please try again.' } } };
      }
    },
  };
}
