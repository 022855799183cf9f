import { z } from 'zod';
import { CALL_GROUP_ORDERS, FORWARDING_TYPES, NOTIFICATION_SETTINGS, TARGET_TYPES, TEAMS_UPGRADE_MODES } from '../model/tenant.js';
import type { CallingSettings } from '../model/tenant.js';
import { ELIGIBILITY_CODES } from '../rules/eligibility.js';
import type { EligibilityProblem } from '../rules/eligibility.js';

/**
 * People and calling settings as the API sends them. Objects are not strict: the server may
 * add a field without breaking a tab that is still open; every field named here is checked.
 */

const tuple = <TValue extends string>(values: readonly TValue[]) => values as [TValue, ...TValue[]];

export const notificationSchema = z.enum(tuple(NOTIFICATION_SETTINGS));
export const callGroupOrderSchema = z.enum(tuple(CALL_GROUP_ORDERS));

/** One reason someone cannot be in a call group, as core's `callGroupEligibility` decided it. */
export const eligibilityProblemSchema = z.object({
  code: z.enum(ELIGIBILITY_CODES),
  message: z.string(),
  mode: z.enum(tuple(TEAMS_UPGRADE_MODES)).optional(),
}) satisfies z.ZodType<EligibilityProblem>;

/** A person as the tab shows them: directory fields plus their call group eligibility. */
export const personSchema = z.object({
  id: z.string().optional(),
  upn: z.string().optional(),
  sip: z.string(),
  displayName: z.string(),
  department: z.string().nullable().optional(),
  eligible: z.boolean().optional(),
  /** Empty when eligible; codes to act on and core's words to show. */
  ineligibleBecause: z.array(eligibilityProblemSchema).optional(),
  /** How many call groups they are in, for the "at most 25 groups" rule. */
  groupCount: z.number().int().optional(),
  /** The member reference as written in the owner's list. */
  target: z.string().optional(),
});
export type Person = z.infer<typeof personSchema>;

const targetTypeSchema = z.enum(tuple(TARGET_TYPES));

/** Get-CsUserCallingSettings as the server stores it, which core's rules read as `CallingSettings`. */
export const callingSettingsSchema = z.object({
  SipUri: z.string(),
  IsForwardingEnabled: z.boolean(),
  ForwardingType: z.enum(tuple(FORWARDING_TYPES)).nullable(),
  ForwardingTargetType: targetTypeSchema.nullable(),
  ForwardingTarget: z.string().nullable(),
  IsUnansweredEnabled: z.boolean(),
  UnansweredTargetType: targetTypeSchema.nullable(),
  UnansweredTarget: z.string().nullable(),
  UnansweredDelay: z.string(),
  CallGroupOrder: callGroupOrderSchema,
  CallGroupTargets: z.array(z.string()).readonly(),
  GroupMembershipDetails: z.array(z.object({ CallGroupOwnerId: z.string(), NotificationSetting: notificationSchema })).readonly(),
  GroupNotificationOverride: notificationSchema.nullable(),
  Delegates: z.array(
    z.object({
      Id: z.string(),
      MakeCalls: z.boolean(),
      ManageSettings: z.boolean(),
      ReceiveCalls: z.boolean(),
      PickUpHeldCalls: z.boolean(),
      JoinActiveCalls: z.boolean(),
    }),
  ).readonly(),
}) satisfies z.ZodType<CallingSettings>;
