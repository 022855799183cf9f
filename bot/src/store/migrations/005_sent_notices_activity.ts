/**
 * `sent_notices.activity_id` goes: nothing ever read it. The message id a card update needs is
 * kept in `card_messages` (one row per subject, conversation and card kind), which is where
 * every update reads it; a second copy per notice could only drift from it.
 */
export const sentNoticesActivitySchema = `
ALTER TABLE sent_notices DROP COLUMN activity_id;
`;
