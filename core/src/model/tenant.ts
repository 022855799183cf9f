/**
 * The tenant model: the calling configuration of one Microsoft 365 tenant, as the
 * Teams cmdlets print it. Property names are kept exactly as Get-CsOnlineUser,
 * Get-CsUserCallingSettings and friends spell them, so that the export script is a
 * thin Select-Object over the cmdlets and no mapping layer can drift.
 *
 * A `Tenant` is what `parseSnapshot` returns: every optional property of the
 * snapshot has its documented default filled in, so rules never meet `undefined`.
 */

export type TeamsUpgradeMode =
  | 'TeamsOnly'
  | 'Islands'
  | 'SfBOnly'
  | 'SfBWithTeamsCollab'
  | 'SfBWithTeamsCollabAndMeetings';

export const TEAMS_UPGRADE_MODES: readonly TeamsUpgradeMode[] = [
  'TeamsOnly',
  'Islands',
  'SfBOnly',
  'SfBWithTeamsCollab',
  'SfBWithTeamsCollabAndMeetings',
];

/** A user as Get-CsOnlineUser describes them, with effective policy names. */
export interface User {
  /** Entra object id. */
  readonly Identity: string;
  readonly UserPrincipalName: string;
  /** As written in the snapshot; compare with `normalizeSip`. */
  readonly SipAddress: string;
  readonly DisplayName: string;
  readonly Department: string | null;
  readonly AccountEnabled: boolean;
  readonly TeamsUpgradeEffectiveMode: TeamsUpgradeMode;
  readonly EnterpriseVoiceEnabled: boolean;
  readonly HasTeamsPhoneLicense: boolean;
  /** A personal phone number (`tel:+…` or `+…`), or null. */
  readonly LineUri: string | null;
  /** Effective TeamsCallingPolicy name; null means Global. */
  readonly TeamsCallingPolicy: string | null;
  readonly OnlineVoiceRoutingPolicy: string | null;
  readonly TeamsEmergencyCallRoutingPolicy: string | null;
  /** TeamsSharedCallingRoutingPolicy name; null means the user is not on Shared Calling. */
  readonly TeamsSharedCallingRoutingPolicy: string | null;
}

export type ForwardingType = 'Immediate' | 'Simultaneous';
export const FORWARDING_TYPES: readonly ForwardingType[] = ['Immediate', 'Simultaneous'];

export type TargetType = 'Voicemail' | 'SingleTarget' | 'MyDelegates' | 'Group';
export const TARGET_TYPES: readonly TargetType[] = ['Voicemail', 'SingleTarget', 'MyDelegates', 'Group'];

export type CallGroupOrder = 'Simultaneous' | 'InOrder';
export const CALL_GROUP_ORDERS: readonly CallGroupOrder[] = ['Simultaneous', 'InOrder'];

/** How a member is alerted for one owner's group. Only `Ring` reaches mobile devices. */
export type NotificationSetting = 'Ring' | 'Banner' | 'Mute';
export const NOTIFICATION_SETTINGS: readonly NotificationSetting[] = ['Ring', 'Banner', 'Mute'];

export interface GroupMembershipDetail {
  /** The owner, as SIP URI, UPN or object id. */
  readonly CallGroupOwnerId: string;
  readonly NotificationSetting: NotificationSetting;
}

export interface Delegate {
  /** The delegate, as SIP URI, UPN or object id. */
  readonly Id: string;
  readonly MakeCalls: boolean;
  readonly ManageSettings: boolean;
  readonly ReceiveCalls: boolean;
  readonly PickUpHeldCalls: boolean;
  readonly JoinActiveCalls: boolean;
}

/** Exactly the properties of Get-CsUserCallingSettings, defaults filled in. */
export interface CallingSettings {
  readonly SipUri: string;
  readonly IsForwardingEnabled: boolean;
  readonly ForwardingType: ForwardingType | null;
  readonly ForwardingTargetType: TargetType | null;
  /** Object id, SIP URI or phone number; only meaningful for SingleTarget. */
  readonly ForwardingTarget: string | null;
  readonly IsUnansweredEnabled: boolean;
  readonly UnansweredTargetType: TargetType | null;
  readonly UnansweredTarget: string | null;
  /** `hh:mm:ss`, default `00:00:20`. */
  readonly UnansweredDelay: string;
  readonly CallGroupOrder: CallGroupOrder;
  /** Members as written (SIP URIs, UPNs or object ids). The whole list is written every time. */
  readonly CallGroupTargets: readonly string[];
  readonly GroupMembershipDetails: readonly GroupMembershipDetail[];
  /** Only `Mute` actually overrides the per-group settings. */
  readonly GroupNotificationOverride: NotificationSetting | null;
  readonly Delegates: readonly Delegate[];
}

export type AllowVoicemail = 'AlwaysEnabled' | 'AlwaysDisabled' | 'UserOverride';
export type InboundPstnTreatment = 'RegularIncoming' | 'Unanswered' | 'Voicemail' | 'UserOverride';
export type InboundFederatedTreatment = 'RegularIncoming' | 'Unanswered' | 'Voicemail';
export type BusyOnBusy = 'Enabled' | 'Unanswered' | 'Disabled' | 'UserOverride';

export interface CallingPolicy {
  /** `Global` or `Tag:Name`, as written. */
  readonly Identity: string;
  readonly AllowCallGroups: boolean;
  readonly AllowDelegation: boolean;
  readonly AllowCallForwardingToUser: boolean;
  readonly AllowCallForwardingToPhone: boolean;
  readonly AllowVoicemail: AllowVoicemail;
  readonly InboundPstnCallRoutingTreatment: InboundPstnTreatment;
  readonly InboundFederatedCallRoutingTreatment: InboundFederatedTreatment;
  readonly BusyOnBusyEnabledType: BusyOnBusy;
}

/** OnlineVoiceRoutingPolicy or TeamsEmergencyCallRoutingPolicy: only the usages matter here. */
export interface PstnUsagePolicy {
  readonly Identity: string;
  readonly OnlinePstnUsages: readonly string[];
}

export interface SharedCallingPolicy {
  readonly Identity: string;
  /** The resource account's ObjectId or UPN. */
  readonly ResourceAccount: string;
  readonly EmergencyNumbers: readonly string[];
  readonly Description: string | null;
}

export const AUTO_ATTENDANT_APP_ID = 'ce933385-9390-45d1-9512-c8d228074e07';
export const CALL_QUEUE_APP_ID = '11cd3e2e-fccb-42ad-ad00-878b93575e07';

export interface ResourceAccount {
  readonly ObjectId: string;
  readonly UserPrincipalName: string;
  readonly DisplayName: string;
  readonly PhoneNumber: string | null;
  readonly ApplicationId: string;
  readonly AssociatedAutoAttendants: readonly string[];
  readonly HasPayAsYouGoCallingPlan: boolean;
  readonly CommunicationCreditsFunded: boolean;
}

export type NumberType = 'CallingPlan' | 'OperatorConnect' | 'DirectRouting';
export const NUMBER_TYPES: readonly NumberType[] = ['CallingPlan', 'OperatorConnect', 'DirectRouting'];
export type NumberUsage = 'Subscriber' | 'Service' | 'TollFreeService';
export const NUMBER_USAGES: readonly NumberUsage[] = ['Subscriber', 'Service', 'TollFreeService'];

export interface PhoneNumber {
  /** E.164, `+…`. */
  readonly TelephoneNumber: string;
  readonly NumberType: NumberType;
  readonly IsoCountryCode: string;
  readonly Usage: NumberUsage;
  /** A user's or resource account's object id, a policy reference such as `TeamsSharedCallingRoutingPolicy|Tag:Seattle`, or null. */
  readonly AssignedPstnTargetId: string | null;
  /** Emergency location; null or empty means none. */
  readonly LocationId: string | null;
}

/** A whole tenant: a parsed `cgm.tenant-snapshot` v1 with every default applied. */
export interface Tenant {
  readonly tenantId: string;
  readonly capturedAt: string;
  readonly users: readonly User[];
  /** One entry per user who has settings; users without an entry have `defaultCallingSettings(sip)`. */
  readonly callingSettings: readonly CallingSettings[];
  readonly callingPolicies: readonly CallingPolicy[];
  readonly voiceRoutingPolicies: readonly PstnUsagePolicy[];
  readonly emergencyCallRoutingPolicies: readonly PstnUsagePolicy[];
  readonly sharedCallingPolicies: readonly SharedCallingPolicy[];
  readonly resourceAccounts: readonly ResourceAccount[];
  readonly phoneNumbers: readonly PhoneNumber[];
}

export const DEFAULT_UNANSWERED_DELAY = '00:00:20';

/** The settings Teams reports for a user who never changed anything. */
export function defaultCallingSettings(sipUri: string): CallingSettings {
  return {
    SipUri: sipUri,
    IsForwardingEnabled: false,
    ForwardingType: null,
    ForwardingTargetType: null,
    ForwardingTarget: null,
    IsUnansweredEnabled: false,
    UnansweredTargetType: null,
    UnansweredTarget: null,
    UnansweredDelay: DEFAULT_UNANSWERED_DELAY,
    CallGroupOrder: 'Simultaneous',
    CallGroupTargets: [],
    GroupMembershipDetails: [],
    GroupNotificationOverride: null,
    Delegates: [],
  };
}

/** The Global calling policy a tenant has when its snapshot lists none: everything allowed. */
export function defaultCallingPolicy(identity = 'Global'): CallingPolicy {
  return {
    Identity: identity,
    AllowCallGroups: true,
    AllowDelegation: true,
    AllowCallForwardingToUser: true,
    AllowCallForwardingToPhone: true,
    AllowVoicemail: 'UserOverride',
    InboundPstnCallRoutingTreatment: 'RegularIncoming',
    InboundFederatedCallRoutingTreatment: 'RegularIncoming',
    BusyOnBusyEnabledType: 'Disabled',
  };
}
