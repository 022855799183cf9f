import { normalizeSip } from '@cgm/core';
import type { Queryable } from './database.js';
import { jsonParam } from './sqlTypes.js';

/** The app_settings key naming the channel conversation approval cards go to. */
export const APPROVERS_CHANNEL_SETTING = 'approversChannel';

/**
 * Where the bot can reach someone proactively: a personal chat with a user, or a team
 * channel. `reference` is the Bot Framework ConversationReference, kept opaque here so
 * botbuilder types stay inside bot/src/bot/.
 */
export interface ConversationRef<TReference = unknown> {
  /** The conversation id. */
  readonly id: string;
  readonly kind: 'personal' | 'channel';
  /** The user of a personal chat (canonical `sip:` URI); null for channels. */
  readonly userSip: string | null;
  readonly reference: TReference;
  readonly updatedAt: Date;
}

export interface ConversationStore<TReference = unknown> {
  /** Insert or refresh (the bot sees the conversation again: install, message). */
  upsert(ref: ConversationRef<TReference>): Promise<void>;
  /** False when it was not stored (the app was uninstalled twice, say). */
  remove(id: string): Promise<boolean>;
  get(id: string): Promise<ConversationRef<TReference> | undefined>;
  /** A user's personal chats, most recently seen first. */
  forUser(userSip: string): Promise<ConversationRef<TReference>[]>;
  /** The channel approvers work in, once an admin chose it and while the bot is still in it. */
  approversChannel(): Promise<ConversationRef<TReference> | undefined>;
  /** Choose the approvers' channel (stored in app_settings under APPROVERS_CHANNEL_SETTING). */
  setApproversChannel(id: string): Promise<void>;
}

const COLUMNS = 'c.id, c.kind, c.user_sip AS "userSip", c.reference, c.updated_at AS "updatedAt"';

/** The SQL implementation of ConversationStore over a database or an open transaction. */
export function createConversationStore<TReference = unknown>(q: Queryable): ConversationStore<TReference> {
  type Row = ConversationRef<TReference>;
  return {
    async upsert(ref) {
      await q.query(
        `INSERT INTO conversation_refs (id, kind, user_sip, reference, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, user_sip = excluded.user_sip, reference = excluded.reference, updated_at = excluded.updated_at`,
        [ref.id, ref.kind, ref.userSip === null ? null : normalizeSip(ref.userSip), jsonParam(ref.reference), ref.updatedAt],
      );
    },
    async remove(id) {
      return (await q.query('DELETE FROM conversation_refs WHERE id = $1 RETURNING id', [id])).length > 0;
    },
    async get(id) {
      const [row] = await q.query<Row>(`SELECT ${COLUMNS} FROM conversation_refs c WHERE c.id = $1`, [id]);
      return row;
    },
    forUser: (userSip) =>
      q.query<Row>(`SELECT ${COLUMNS} FROM conversation_refs c WHERE c.user_sip = $1 AND c.kind = 'personal' ORDER BY c.updated_at DESC, c.id`, [
        normalizeSip(userSip),
      ]),
    async approversChannel() {
      const [row] = await q.query<Row>(
        `SELECT ${COLUMNS} FROM app_settings s JOIN conversation_refs c ON c.id = s.value #>> '{}' AND c.kind = 'channel' WHERE s.key = $1`,
        [APPROVERS_CHANNEL_SETTING],
      );
      return row;
    },
    async setApproversChannel(id) {
      await q.query('INSERT INTO app_settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        APPROVERS_CHANNEL_SETTING,
        jsonParam(id),
      ]);
    },
  };
}
