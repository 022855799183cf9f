import type { FindingCode } from '../model/finding.js';

/**
 * The defects a synthetic tenant can carry, each the story behind one finding code
 * of docs/findings.md. The generator records every defect it injects with the
 * subject the health scan should report, so a test can check the scan finds each.
 */

/** What the generator can break, and the finding it should cause. */
export const DEFECT_KINDS = {
  orphanedCallGroup: 'CG01',
  forwardsToEmptyGroup: 'CG02',
  inOrderOverFive: 'CG03',
  tooManyMembers: 'CG04',
  memberInTooManyGroups: 'CG06',
  memberNotFound: 'CG07',
  memberDisabled: 'CG08',
  memberNotEligible: 'CG09',
  ownerNotEligible: 'CG10',
  duplicateMember: 'CG11',
  staleMembershipDetail: 'CG12',
  nobodyAlerted: 'CG13',
  inboundTreatmentBypassesGroup: 'CG14',
  unsupportedUnansweredDelay: 'CG15',
  orphanedDelegation: 'DL01',
  forwardsToNoDelegates: 'DL02',
  tooManyDelegates: 'DL03',
  resourceAccountMissing: 'SC01',
  resourceNumberMissing: 'SC02',
  resourceNumberNoLocation: 'SC03',
  emergencyNumberTypeMismatch: 'SC04',
  emergencyNumberCountryMismatch: 'SC05',
  emergencyNumberInSeveralPolicies: 'SC06',
  emergencyNumberAssigned: 'SC07',
  emergencyNumberNotSubscriber: 'SC08',
  tollFreeWithoutEmergencyNumbers: 'SC09',
  callingPlanCreditsMissing: 'SC10',
  noAutoAttendant: 'SC11',
  unsupportedCountry: 'SC12',
  operatorConnectNumber: 'SC13',
  emergencyNumberUnknown: 'SC14',
  personalNumber: 'SC20',
  voiceRoutingHasUsages: 'SC21',
  notVoiceEnabled: 'SC22',
  emergencyRoutingMismatch: 'SC23',
  sharedPolicyNotFound: 'SC24',
} as const satisfies Record<string, FindingCode>;

export type DefectKind = keyof typeof DEFECT_KINDS;

/** Every kind the generator injects, in catalog order. */
export const DEFECT_KIND_LIST: readonly DefectKind[] = Object.keys(DEFECT_KINDS) as DefectKind[];

/** One injected defect: the finding the scan should report for it (one of possibly several). */
export interface InjectedDefect {
  readonly kind: DefectKind;
  readonly code: FindingCode;
  /** In the finding's form: lower-case `sip:` URI, policy name without `Tag:`, or `+digits`. */
  readonly subject: string;
}

/** Collects injected defects in the order they are made. */
export class DefectLog {
  readonly entries: InjectedDefect[] = [];

  add(kind: DefectKind, subject: string): void {
    this.entries.push({ kind, code: DEFECT_KINDS[kind], subject });
  }
}

/** Defects decided per call group owner. */
export const OWNER_DEFECTS: readonly DefectKind[] = [
  'orphanedCallGroup', 'forwardsToEmptyGroup', 'inOrderOverFive', 'tooManyMembers', 'memberNotFound',
  'memberDisabled', 'memberNotEligible', 'ownerNotEligible', 'duplicateMember', 'staleMembershipDetail',
  'nobodyAlerted', 'inboundTreatmentBypassesGroup', 'unsupportedUnansweredDelay',
];

/** Defects decided per delegating manager. */
export const MANAGER_DEFECTS: readonly DefectKind[] = ['orphanedDelegation', 'forwardsToNoDelegates', 'tooManyDelegates'];

/** Defects decided per Shared Calling site. Some apply only to Calling Plan sites. */
export const SITE_DEFECTS: readonly DefectKind[] = [
  'resourceAccountMissing', 'resourceNumberMissing', 'resourceNumberNoLocation', 'emergencyNumberTypeMismatch',
  'emergencyNumberCountryMismatch', 'emergencyNumberInSeveralPolicies', 'emergencyNumberAssigned',
  'emergencyNumberNotSubscriber', 'tollFreeWithoutEmergencyNumbers', 'callingPlanCreditsMissing', 'noAutoAttendant',
  'unsupportedCountry', 'operatorConnectNumber', 'emergencyNumberUnknown',
];

/** Site defects that only make sense when the shared number is a Calling Plan number. */
export const CALLING_PLAN_SITE_DEFECTS: ReadonlySet<DefectKind> = new Set<DefectKind>([
  'emergencyNumberNotSubscriber', 'tollFreeWithoutEmergencyNumbers', 'callingPlanCreditsMissing', 'unsupportedCountry',
]);

/** Defects decided per Shared Calling user. */
export const SHARED_USER_DEFECTS: readonly DefectKind[] = [
  'personalNumber', 'voiceRoutingHasUsages', 'notVoiceEnabled', 'emergencyRoutingMismatch', 'sharedPolicyNotFound',
];
