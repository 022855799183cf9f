import type { NoticeKind, NoticeMode } from '../contract/preferences.js';

/**
 * How the tab's Notifications view and the bot's `preferences` card name each kind of notice
 * and each mode: one wording, so a person reads the same choice in both places.
 */
export const NOTICE_KIND_LABELS: Readonly<Record<NoticeKind, { readonly title: string; readonly description: string }>> = {
  memberUnreachable: { title: 'Unreachable members', description: 'Someone in your call group left, was disabled or can no longer take calls.' },
  groupSwitchedOff: { title: 'Call group not working', description: 'A policy switched your call group off, or Teams ignores its ring order or a limit.' },
  staleMembership: { title: 'Stale memberships', description: 'A call group you are listed in no longer rings you, or its owner left.' },
  delegation: { title: 'Delegation problems', description: 'Someone who answers your calls, or whose calls you answer, no longer can.' },
  addedToGroup: { title: 'Added to a call group', description: 'Someone added you to their call group.' },
  requestUpdates: { title: 'Your requests', description: 'A change you asked for was approved, rejected, applied or failed.' },
  approvals: { title: 'Approvals', description: 'A call group change waits for your approval.' },
  healthDigest: { title: 'Health digest', description: 'The daily summary of the tenant’s call group health.' },
  drift: { title: 'Changes made in Teams', description: 'Calling settings changed directly in Teams, outside this app.' },
};

export const NOTICE_MODE_LABELS: Readonly<Record<NoticeMode, string>> = {
  immediate: 'Immediately',
  daily: 'Daily summary',
  off: 'Off',
};
