import type { CallGroupOrder, ForwardingType, NotificationSetting, TargetType } from '../model/tenant.js';

/**
 * A change a user proposes to their own calling settings, one Set-CsUserCallingSettings
 * settings group at a time. These are also the bodies of the tab's API
 * (`POST /api/me/call-group`, `POST /api/me/answering`, `PUT /api/me/memberships/{ownerId}`,
 * `PUT /api/me/notification-override`), validated by the zod schemas in `changeSchemas.ts`.
 */

/** My call group: the whole member list and ring order (the cmdlet always writes the whole list). */
export interface CallGroupChange {
  readonly kind: 'callGroup';
  readonly order: CallGroupOrder;
  /** Members as SIP URIs, UPNs or object ids, in ring order. */
  readonly targets: readonly string[];
}

/** One forwarding rule: "also ring" / "forward" (immediate) or "if unanswered". */
export interface ForwardingRule {
  readonly enabled: boolean;
  /** A person (SIP URI, UPN, object id) or a phone number; only for `SingleTarget`. */
  readonly targetType: TargetType | null;
  readonly target: string | null;
}

/** My call answering: forwarding (immediate or simultaneous "also ring") and unanswered. */
export interface AnsweringChange {
  readonly kind: 'answering';
  readonly forwarding: ForwardingRule & { readonly type: ForwardingType | null };
  readonly unanswered: ForwardingRule & { readonly delaySeconds: number };
}

/** A member's choice of how they are alerted for one owner's group. Needs no approval by default. */
export interface MembershipNotificationChange {
  readonly kind: 'membershipNotification';
  /** The group's owner, as SIP URI, UPN or object id. */
  readonly ownerId: string;
  readonly notification: NotificationSetting;
}

/** The member's global override; only `Mute` overrides the per-group settings. null clears it. */
export interface NotificationOverrideChange {
  readonly kind: 'notificationOverride';
  readonly value: NotificationSetting | null;
}

export type SettingsChange = CallGroupChange | AnsweringChange | MembershipNotificationChange | NotificationOverrideChange;
export type SettingsChangeKind = SettingsChange['kind'];

/** The call group meters the tab shows: where the proposed list stands against Teams' limits. */
export interface CallGroupLimits {
  readonly members: number;
  readonly maxMembers: number;
  /** Characters of the stored target list (full `sip:` URIs plus one separator between entries). */
  readonly characters: number;
  readonly maxCharacters: number;
}

/** What a valid call group change will do, for the confirmation screen and the approval card. */
export interface CallGroupChangeNotes {
  readonly kind: 'callGroup';
  /** Members joining, as canonical lower-case `sip:` URIs, in list order. */
  readonly added: readonly string[];
  /** Members leaving, as canonical lower-case `sip:` URIs, in their former order. */
  readonly removed: readonly string[];
  /** Who Teams notifies: people are told in Teams when they are added to a group, not when removed. */
  readonly membersNotified: readonly string[];
  readonly limits: CallGroupLimits;
}

/** The other kinds change one settings group of the user alone and notify nobody. */
export interface OtherChangeNotes {
  readonly kind: Exclude<SettingsChangeKind, 'callGroup'>;
}

/** What a valid change will do besides producing the desired settings. */
export type ChangeNotes = CallGroupChangeNotes | OtherChangeNotes;
