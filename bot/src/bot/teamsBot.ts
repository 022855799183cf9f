import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory, TeamsActivityHandler, TeamsInfo, TurnContext as Turn } from 'botbuilder';
import type { BotChat, ChatActivity } from './botChat.js';
import type { AdaptiveCard } from './cards/cardElements.js';

/** The conversation kind Teams reports; anything else (meetings) is treated as a group chat, where the bot only answers. */
function conversationKind(activity: Activity): ChatActivity['conversationKind'] {
  const type = activity.conversation.conversationType;
  return type === 'personal' ? 'personal' : type === 'channel' ? 'channel' : 'groupChat';
}

/** A botbuilder turn as our ChatActivity. */
export function toChatActivity(context: TurnContext, options: { readonly devFallback: boolean }): ChatActivity {
  const activity = context.activity;
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  const reference = Turn.getConversationReference(activity);
  // A message in a channel thread names the thread (`19:…;messageid=…`); cards for the channel start new posts.
  const conversationId = conversationKind(activity) === 'channel' ? activity.conversation.id.replace(/;messageid=.*$/, '') : activity.conversation.id;
  if (reference.conversation) reference.conversation = { ...reference.conversation, id: conversationId };
  return {
    conversationId,
    conversationKind: conversationKind(activity),
    from: {
      id: activity.from.id,
      aadObjectId: activity.from.aadObjectId,
      name: activity.from.name,
      ...(options.devFallback
        ? { lookupUpn: async () => TeamsInfo.getMember(context, activity.from.id).then((member) => member.userPrincipalName ?? member.email ?? undefined) }
        : {}),
    },
    tenantId: activity.conversation.tenantId ?? channelData?.tenant?.id,
    reference,
    text: activity.type === 'message' ? removeMention(activity) : undefined,
  };
}

function removeMention(activity: Activity): string {
  const recipientId = activity.recipient?.id;
  let text = activity.text ?? '';
  for (const entity of (activity.entities ?? []) as { type: string; mentioned?: { id?: string }; text?: unknown }[]) {
    if (entity.type === 'mention' && entity.mentioned?.id === recipientId && typeof entity.text === 'string') text = text.replace(entity.text, '');
  }
  return text.replace(/<at>[^<]*<\/at>/g, '').trim();
}

const attachCards = (cards: readonly AdaptiveCard[]) => cards.map((card) => MessageFactory.attachment(CardFactory.adaptiveCard(card)));

/**
 * The Teams activity handler: translates installation, messages and Action.Execute invokes
 * into BotChat calls and nothing else. The only place besides the adapter where botbuilder
 * types appear.
 */
export class CallGroupTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly chat: BotChat,
    private readonly options: { readonly devFallback: boolean },
  ) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.reply(context, await chat.installed(toChatActivity(context, options)));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await chat.uninstalled(toChatActivity(context, options));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // The bot itself joined a team or a chat: remember where it is.
      if ((context.activity.membersAdded ?? []).some((member) => member.id === context.activity.recipient.id)) await chat.seen(toChatActivity(context, options));
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if ((context.activity.membersRemoved ?? []).some((member) => member.id === context.activity.recipient.id)) await chat.uninstalled(toChatActivity(context, options));
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.reply(context, await chat.message(toChatActivity(context, options)));
      await next();
    });
  }

  private async reply(context: TurnContext, cards: readonly AdaptiveCard[]): Promise<void> {
    for (const message of attachCards(cards)) await context.sendActivity(message);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    return this.chat.cardAction(toChatActivity(context, this.options), context.activity.value);
  }
}
