import { z } from 'zod';
import type {
  AllowVoicemail,
  BusyOnBusy,
  CallingPolicy,
  CallingSettings,
  InboundFederatedTreatment,
  InboundPstnTreatment,
  PhoneNumber,
  PstnUsagePolicy,
  ResourceAccount,
  SharedCallingPolicy,
  User,
} from '../model/tenant.js';
import {
  AUTO_ATTENDANT_APP_ID,
  CALL_GROUP_ORDERS,
  DEFAULT_UNANSWERED_DELAY,
  FORWARDING_TYPES,
  NOTIFICATION_SETTINGS,
  NUMBER_TYPES,
  NUMBER_USAGES,
  TARGET_TYPES,
  TEAMS_UPGRADE_MODES,
} from '../model/tenant.js';
import {
  choice,
  countryCode,
  dateTime,
  delay,
  displayName,
  e164,
  emptyableFlag,
  flag,
  nullableText,
  optionalChoice,
  optionalPhone,
  phone,
  sipUri,
  text,
  textList,
  withDisplayName,
} from './snapshotFields.js';

/**
 * The zod schema of a `cgm.tenant-snapshot` v1 body (docs/tenant-snapshot.md), with
 * every documented default. zod objects strip unknown keys, which is the contract's
 * "unknown extra properties are ignored". The header (format, version) is checked
 * first and separately, by `parseSnapshot`.
 */

export const ALLOW_VOICEMAIL = ['AlwaysEnabled', 'AlwaysDisabled', 'UserOverride'] as const satisfies readonly AllowVoicemail[];
export const INBOUND_PSTN = ['RegularIncoming', 'Unanswered', 'Voicemail', 'UserOverride'] as const satisfies readonly InboundPstnTreatment[];
export const INBOUND_FEDERATED = ['RegularIncoming', 'Unanswered', 'Voicemail'] as const satisfies readonly InboundFederatedTreatment[];
export const BUSY_ON_BUSY = ['Enabled', 'Unanswered', 'Disabled', 'UserOverride'] as const satisfies readonly BusyOnBusy[];

const userSchema = z
  .object({
    Identity: text(),
    UserPrincipalName: text(),
    SipAddress: sipUri(),
    DisplayName: displayName(),
    Department: nullableText(),
    AccountEnabled: flag(true),
    TeamsUpgradeEffectiveMode: choice(TEAMS_UPGRADE_MODES).default('TeamsOnly'),
    EnterpriseVoiceEnabled: flag(false),
    HasTeamsPhoneLicense: flag(false),
    LineUri: optionalPhone(),
    TeamsCallingPolicy: nullableText(),
    OnlineVoiceRoutingPolicy: nullableText(),
    TeamsEmergencyCallRoutingPolicy: nullableText(),
    TeamsSharedCallingRoutingPolicy: nullableText(),
  })
  .transform(withDisplayName) satisfies z.ZodType<User>;

const membershipSchema = z.object({
  CallGroupOwnerId: text(),
  // Teams rings a member who never chose (Ring is the only setting that reaches mobiles).
  NotificationSetting: choice(NOTIFICATION_SETTINGS).default('Ring'),
});

const delegateSchema = z.object({
  Id: text(),
  MakeCalls: z.boolean(),
  ManageSettings: z.boolean(),
  ReceiveCalls: z.boolean(),
  // Added to the cmdlets in 2025; older exports do not print them (reference default: False).
  PickUpHeldCalls: flag(false),
  JoinActiveCalls: flag(false),
});

const callingSettingsSchema = z.object({
  SipUri: sipUri(),
  IsForwardingEnabled: emptyableFlag(),
  ForwardingType: optionalChoice(FORWARDING_TYPES),
  ForwardingTargetType: optionalChoice(TARGET_TYPES),
  ForwardingTarget: nullableText(),
  IsUnansweredEnabled: emptyableFlag(),
  UnansweredTargetType: optionalChoice(TARGET_TYPES),
  UnansweredTarget: nullableText(),
  UnansweredDelay: delay().default(DEFAULT_UNANSWERED_DELAY),
  CallGroupOrder: choice(CALL_GROUP_ORDERS).default('Simultaneous'),
  CallGroupTargets: textList(),
  GroupMembershipDetails: z.array(membershipSchema).default(() => []),
  GroupNotificationOverride: optionalChoice(NOTIFICATION_SETTINGS),
  Delegates: z.array(delegateSchema).default(() => []),
}) satisfies z.ZodType<CallingSettings>;

const callingPolicySchema = z.object({
  Identity: text(),
  AllowCallGroups: flag(true),
  AllowDelegation: flag(true),
  AllowCallForwardingToUser: flag(true),
  AllowCallForwardingToPhone: flag(true),
  AllowVoicemail: choice(ALLOW_VOICEMAIL).default('UserOverride'),
  InboundPstnCallRoutingTreatment: choice(INBOUND_PSTN).default('RegularIncoming'),
  InboundFederatedCallRoutingTreatment: choice(INBOUND_FEDERATED).default('RegularIncoming'),
  BusyOnBusyEnabledType: choice(BUSY_ON_BUSY).default('Disabled'),
}) satisfies z.ZodType<CallingPolicy>;

const pstnUsagePolicySchema = z.object({
  Identity: text(),
  OnlinePstnUsages: textList(),
}) satisfies z.ZodType<PstnUsagePolicy>;

const sharedCallingPolicySchema = z.object({
  Identity: text(),
  ResourceAccount: text(),
  EmergencyNumbers: z.array(phone()).default(() => []),
  Description: nullableText(),
}) satisfies z.ZodType<SharedCallingPolicy>;

const resourceAccountSchema = z
  .object({
    ObjectId: text(),
    UserPrincipalName: text(),
    DisplayName: displayName(),
    PhoneNumber: optionalPhone(),
    ApplicationId: text().default(AUTO_ATTENDANT_APP_ID),
    AssociatedAutoAttendants: textList(),
    HasPayAsYouGoCallingPlan: flag(false),
    CommunicationCreditsFunded: flag(false),
  })
  .transform(withDisplayName) satisfies z.ZodType<ResourceAccount>;

const phoneNumberSchema = z.object({
  TelephoneNumber: e164(),
  NumberType: choice(NUMBER_TYPES),
  IsoCountryCode: countryCode(),
  Usage: choice(NUMBER_USAGES).default('Subscriber'),
  AssignedPstnTargetId: nullableText(),
  LocationId: nullableText(),
}) satisfies z.ZodType<PhoneNumber>;

const list = <TSchema extends z.ZodType>(item: TSchema) => z.array(item).default(() => []);

/**
 * The body of a snapshot: everything but `format` and `version`. This schema is the
 * contract and the source of every problem message; `snapshotFastPath.ts` reads valid
 * documents the same way, faster, and hands anything it doubts back to this schema.
 */
export const snapshotBodySchema = z.object({
  tenantId: text(),
  capturedAt: dateTime(),
  users: z.array(userSchema),
  callingSettings: list(callingSettingsSchema),
  callingPolicies: list(callingPolicySchema),
  voiceRoutingPolicies: list(pstnUsagePolicySchema),
  emergencyCallRoutingPolicies: list(pstnUsagePolicySchema),
  sharedCallingPolicies: list(sharedCallingPolicySchema),
  resourceAccounts: list(resourceAccountSchema),
  phoneNumbers: list(phoneNumberSchema),
});

/** What the body schema produces: a `Tenant`, with mutable arrays. */
export type SnapshotBody = z.output<typeof snapshotBodySchema>;
