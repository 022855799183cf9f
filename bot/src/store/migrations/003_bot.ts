/**
 * The bot's record of what it told whom, so the same notice is never sent twice: one row per
 * notice and conversation (`request:<id>:approved`, `digest:<day>`, …), claimed before sending
 * and released again when delivery finally fails, so a later attempt may try once more.
 */
export const botSchema = `
CREATE TABLE sent_notices (
  notice_key       text NOT NULL,
  conversation_id  text NOT NULL,
  claimed_at       timestamptz NOT NULL,
  delivered_at     timestamptz,
  activity_id      text,
  PRIMARY KEY (notice_key, conversation_id)
);
CREATE INDEX sent_notices_conversation ON sent_notices (conversation_id);
`;
