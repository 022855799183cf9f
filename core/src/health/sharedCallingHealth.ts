import type { Finding } from '../model/finding.js';
import type { PhoneNumber, ResourceAccount, SharedCallingPolicy } from '../model/tenant.js';
import { policyDisplayName, userRefKey } from '../model/identity.js';
import { makeFinding } from './catalog.js';
import type { HealthContext } from './healthContext.js';
import { phoneKeyOf } from './userState.js';

/**
 * The Shared Calling checks per policy (SC01-SC05, SC08-SC13) and per emergency number
 * (SC06, SC07, SC14) of docs/findings.md, after Microsoft's Shared Calling rules
 * (teams-calling-facts.md §5). What the snapshot cannot tell is skipped, not guessed.
 */

/** Calling Plan service numbers are not supported for Shared Calling in these countries (§5 rule 12). */
const UNSUPPORTED_COUNTRIES: ReadonlySet<string> = new Set(['RO', 'CZ', 'HU', 'SG', 'NZ', 'AU', 'JP']);

/** The policy's emergency numbers as distinct comparison keys, blanks left out. */
export function emergencyNumberKeys(policy: SharedCallingPolicy): string[] {
  const keys = new Set<string>();
  for (const number of policy.EmergencyNumbers) {
    const key = phoneKeyOf(number);
    if (key !== null) keys.add(key);
  }
  return [...keys];
}

/** A Calling Plan service or toll-free service number: the kind that needs credits and subscriber emergency numbers (§5 rules 3, 7). */
function isCallingPlanService(number: PhoneNumber): boolean {
  return number.NumberType === 'CallingPlan' && (number.Usage === 'Service' || number.Usage === 'TollFreeService');
}

/** True when the number is assigned to something other than this resource account. */
function isAssignedElsewhere(number: PhoneNumber, account: ResourceAccount): boolean {
  const assigned = number.AssignedPstnTargetId?.trim();
  if (!assigned) return false;
  const key = userRefKey(assigned);
  return key !== userRefKey(account.ObjectId) && key !== userRefKey(account.UserPrincipalName);
}

/** Appends the findings of one Shared Calling policy to `out`. */
export function sharedPolicyFindings(ctx: HealthContext, policy: SharedCallingPolicy, out: Finding[]): void {
  const subject = policyDisplayName(policy.Identity);
  const account = ctx.resourceAccount(policy.ResourceAccount);
  if (!account) {
    // Everything else depends on the account: SC01 alone is reported (findings.md).
    const ref = userRefKey(policy.ResourceAccount);
    out.push(makeFinding('SC01', subject, [ref], `Shared Calling policy ${subject} uses resource account ${ref}, which does not exist, so its users cannot make outbound calls.`));
    return;
  }
  const upn = userRefKey(account.UserPrincipalName);
  const numberKey = phoneKeyOf(account.PhoneNumber);
  const number = numberKey === null ? undefined : ctx.phoneNumber(numberKey);
  if (numberKey === null || !number) {
    // Without a number record the number-dependent checks (SC03-SC13) cannot be known.
    const why = numberKey === null ? 'has no phone number' : `has ${numberKey}, which is not among the tenant's phone numbers (removed or ported)`;
    const related = numberKey === null ? [upn] : [upn, numberKey];
    out.push(makeFinding('SC02', subject, related, `Shared Calling policy ${subject} uses resource account ${upn}, which ${why}, so outbound calls of its users fail.`));
    return;
  }
  if (isAssignedElsewhere(number, account)) {
    out.push(makeFinding('SC02', subject, [upn, numberKey], `The number ${numberKey} of resource account ${upn} is assigned to ${number.AssignedPstnTargetId ?? ''}, so outbound calls of policy ${subject} fail.`));
  }
  resourceNumberFindings(subject, account, number, numberKey, out);
  emergencyNumberPairFindings(ctx, policy, number, out);
}

/** SC03, SC09-SC13: what the resource account's number and the account itself need. */
function resourceNumberFindings(subject: string, account: ResourceAccount, number: PhoneNumber, numberKey: string, out: Finding[]): void {
  const related = [numberKey];
  if (!number.LocationId?.trim()) {
    out.push(makeFinding('SC03', subject, related, `The shared number ${numberKey} of policy ${subject} has no emergency location, which Shared Calling requires.`));
  }
  const callingPlanService = isCallingPlanService(number);
  if (callingPlanService && !(account.HasPayAsYouGoCallingPlan && account.CommunicationCreditsFunded)) {
    out.push(makeFinding('SC10', subject, related, `The shared number ${numberKey} of policy ${subject} is a Calling Plan service number, but its resource account lacks a Pay-As-You-Go Calling Plan or funded Communications Credits, so outbound calls fail once credits run out.`));
  }
  if (account.AssociatedAutoAttendants.length === 0) {
    out.push(makeFinding('SC11', subject, related, `The resource account of policy ${subject} is associated with no auto attendant, so inbound calls to ${numberKey} reach nobody.`));
  }
  const country = number.IsoCountryCode.trim().toUpperCase();
  if (callingPlanService && UNSUPPORTED_COUNTRIES.has(country)) {
    out.push(makeFinding('SC12', subject, related, `Shared Calling is not supported with a Calling Plan service number in ${country}, the country of ${numberKey} (policy ${subject}).`));
  }
  if (number.NumberType === 'OperatorConnect') {
    out.push(makeFinding('SC13', subject, related, `The shared number ${numberKey} of policy ${subject} is an Operator Connect number: check with the operator that it supports Shared Calling.`));
  }
}

/** SC04, SC05, SC08 per emergency number, and SC09 for an empty list. Numbers without a record are SC14's. */
function emergencyNumberPairFindings(ctx: HealthContext, policy: SharedCallingPolicy, number: PhoneNumber, out: Finding[]): void {
  const subject = policyDisplayName(policy.Identity);
  const keys = emergencyNumberKeys(policy);
  if (keys.length === 0 && number.Usage === 'TollFreeService') {
    // A toll-free number cannot serve as the emergency callback number (§5 rule 3).
    out.push(makeFinding('SC09', subject, [], `Policy ${subject} shares a toll-free number and has no emergency numbers, so emergency services cannot call back.`));
  }
  const needsSubscribers = isCallingPlanService(number);
  const country = number.IsoCountryCode.trim().toUpperCase();
  for (const key of keys) {
    const emergency = ctx.phoneNumber(key);
    if (!emergency) continue;
    if (emergency.NumberType !== number.NumberType) {
      out.push(makeFinding('SC04', subject, [key], `Emergency number ${key} of policy ${subject} is a ${emergency.NumberType} number, but the shared number is ${number.NumberType}; they must be the same type.`));
    }
    if (emergency.IsoCountryCode.trim().toUpperCase() !== country) {
      out.push(makeFinding('SC05', subject, [key], `Emergency number ${key} of policy ${subject} is in ${emergency.IsoCountryCode}, but the shared number is in ${number.IsoCountryCode}; they must be in the same country.`));
    }
    if (needsSubscribers && !(emergency.NumberType === 'CallingPlan' && emergency.Usage === 'Subscriber')) {
      out.push(makeFinding('SC08', subject, [key], `Emergency number ${key} of policy ${subject} is not a Calling Plan subscriber number, which a Calling Plan service number requires.`));
    }
  }
}

/** Appends the findings of one emergency number (normalised) to `out`: SC06, SC07, SC14. */
export function emergencyNumberFindings(ctx: HealthContext, number: string, out: Finding[]): void {
  const policies = ctx.policiesListing(number);
  if (policies.length === 0) return;
  const names = policies.map((policy) => policyDisplayName(policy.Identity)).sort();
  if (names.length > 1) {
    out.push(makeFinding('SC06', number, names, `Emergency number ${number} is listed by ${names.length} Shared Calling policies (${names.join(', ')}); a number may serve only one.`));
  }
  const record = ctx.phoneNumber(number);
  if (!record) {
    out.push(makeFinding('SC14', number, names, `Emergency number ${number} is not among the tenant's phone numbers, so emergency callbacks to it cannot be routed.`));
  }
  const assignees = assigneesOf(ctx, number, record);
  if (assignees.length > 0) {
    out.push(makeFinding('SC07', number, assignees, `Emergency number ${number} is also assigned to ${assignees.join(', ')}; an emergency number may not be assigned to a user or resource account.`));
  }
}

/** Who holds the number: its AssignedPstnTargetId, and any user LineUri or resource account PhoneNumber equal to it. */
function assigneesOf(ctx: HealthContext, number: string, record: PhoneNumber | undefined): string[] {
  const assignees = new Set<string>();
  const assigned = record?.AssignedPstnTargetId?.trim();
  if (assigned) {
    const user = ctx.userByRef(assigned);
    const account = user ? undefined : ctx.resourceAccount(assigned);
    if (user) assignees.add(ctx.sipOf(user));
    if (account) assignees.add(userRefKey(account.UserPrincipalName));
  }
  for (const user of ctx.usersWithLine(number)) assignees.add(ctx.sipOf(user));
  for (const account of ctx.accountsWithNumber(number)) assignees.add(userRefKey(account.UserPrincipalName));
  return [...assignees].sort();
}
