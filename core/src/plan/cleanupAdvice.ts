import type { Finding, FindingCode } from '../model/finding.js';
import { normalizePhone } from '../model/identity.js';
import type { TenantLookup } from '../model/lookup.js';
import type { User } from '../model/tenant.js';
import { callGroupEligibility, type EligibilityCode } from '../rules/eligibility.js';
import { ALLOWED_UNANSWERED_DELAYS_SECONDS, formatDelay, parseDelaySeconds } from '../rules/limits.js';
import { powerShellStringProblem, quotePowerShellString } from './powershell.js';

/** A clean-up that needs an admin's decision: what to do, with the exact cmdlets where there are some. */
export interface CleanupAdvice {
  readonly summary: string;
  readonly advice: string;
}

type AdviceWriter = (lookup: TenantLookup, finding: Finding) => CleanupAdvice;

/** A value quoted for a cmdlet shown in advice; a value that cannot be quoted safely is shown as a placeholder. */
function literal(value: string): string {
  return powerShellStringProblem(value) ? "'<value with control characters>'" : quotePowerShellString(value);
}

const first = (finding: Finding) => finding.related[0] ?? '';

function resourceAccountOf(lookup: TenantLookup, policyName: string) {
  const policy = lookup.sharedCallingPolicy(policyName);
  return policy ? lookup.resourceAccount(policy.ResourceAccount) : undefined;
}

function removeEmergencyNumber(policy: string, number: string): string {
  return `Set-CsTeamsSharedCallingRoutingPolicy -Identity ${literal(policy)} -EmergencyNumbers @{remove=${literal(number)}}`;
}

/** What an admin does about each eligibility problem. */
const ELIGIBILITY_STEP: Readonly<Record<EligibilityCode, (user: User) => string>> = {
  'account-disabled': () => 'enable the account (or replace the user)',
  'no-teams-phone-license': () => 'assign a Teams Phone license',
  'not-teams-only': (user) => `move them to Teams Only with Grant-CsTeamsUpgradePolicy -Identity ${literal(user.UserPrincipalName)} -PolicyName UpgradeToTeams`,
  'not-in-directory': () => 'replace them with someone in the directory',
};

function eligibility(lookup: TenantLookup, ref: string): string {
  const user = lookup.userByRef(ref);
  if (!user) return `${ref} is not in the tenant.`;
  const steps = callGroupEligibility(user).problems.map(({ code }) => ELIGIBILITY_STEP[code](user));
  return steps.length > 0 ? `For ${ref}: ${steps.join('; ')}.` : `${ref} looks eligible now; re-scan.`;
}

const callGroupAdvice: Partial<Record<FindingCode, AdviceWriter>> = {
  CG05: (_l, f) => ({ summary: 'Shorten the member list.', advice: `The member list of ${f.subject} is longer than the 32,768 characters Teams stores. Choose members to remove, then write the whole list: Set-CsUserCallingSettings -Identity ${literal(f.subject)} -CallGroupOrder Simultaneous -CallGroupTargets @('<members to keep>').` }),
  CG06: (_l, f) => ({ summary: 'Remove the member from some groups.', advice: `${f.subject} is a member of ${f.related.length} call groups; Teams allows 25. Decide with the owners which groups to leave (${f.related.join(', ')}), then remove ${f.subject} from each with Set-CsUserCallingSettings -Identity '<owner>' -CallGroupOrder <order> -CallGroupTargets @('<remaining members>').` }),
  CG09: (l, f) => ({ summary: 'Make the member eligible, or remove them.', advice: `Call group members need a Teams Phone license and Teams Only mode. ${eligibility(l, first(f))} Or remove ${first(f)} from the call group of ${f.subject}.` }),
  CG10: (l, f) => ({ summary: 'Make the owner eligible.', advice: `Call group owners need an enabled account, a Teams Phone license and Teams Only mode. ${eligibility(l, f.subject)}` }),
  CG13: (_l, f) => ({ summary: 'Ask a member to be alerted.', advice: `Every member of the call group of ${f.subject} has muted it. Ask at least one member to choose Ring or Banner for this group in Teams (Settings > Calls > Groups I'm in); a member's personal override is lifted with Set-CsUserCallingSettings -Identity '<member>' -GroupNotificationOverride Ring.` }),
  CG14: (l, f) => {
    const user = l.userByRef(f.subject);
    const policy = user ? l.callingPolicyOf(user).Identity : 'Global';
    return { summary: 'Let calls reach the group.', advice: `Calling policy ${policy} sends PSTN or federated calls to voicemail or unanswered before they reach the call group of ${f.subject}. Either grant this user a policy with regular incoming calls (Grant-CsTeamsCallingPolicy -Identity ${literal(f.subject)} -PolicyName '<policy>') or change the policy for everyone who has it: Set-CsTeamsCallingPolicy -Identity ${literal(policy)} -InboundPstnCallRoutingTreatment RegularIncoming -InboundFederatedCallRoutingTreatment RegularIncoming.` };
  },
  CG15: (l, f) => {
    const user = l.userByRef(f.subject);
    const settings = user ? l.settingsOf(user) : undefined;
    const seconds = settings ? (parseDelaySeconds(settings.UnansweredDelay) ?? 20) : 20;
    const nearest = [...ALLOWED_UNANSWERED_DELAYS_SECONDS].sort((a, b) => Math.abs(a - seconds) - Math.abs(b - seconds))[0] ?? 20;
    return { summary: 'Choose a supported delay.', advice: `Teams supports unanswered delays of ${ALLOWED_UNANSWERED_DELAYS_SECONDS.join(', ')} seconds. Rewrite the unanswered rule with one of them, for example: Set-CsUserCallingSettings -Identity ${literal(f.subject)} -IsUnansweredEnabled $true -UnansweredTargetType ${settings?.UnansweredTargetType ?? 'Voicemail'}${settings?.UnansweredTargetType === 'SingleTarget' ? ` -UnansweredTarget ${literal(settings.UnansweredTarget ?? '')}` : ''} -UnansweredDelay '${formatDelay(nearest)}'.` };
  },
  DL03: (l, f) => {
    const user = l.userByRef(f.subject);
    const count = user ? l.settingsOf(user).Delegates.length : 0;
    return { summary: 'Remove delegates.', advice: `${f.subject} has ${count} delegates; Teams allows 25. Choose which to keep and remove the others one by one: Remove-CsUserCallingDelegate -Identity ${literal(f.subject)} -Delegate '<delegate>'.` };
  },
};

const policyAdvice: Partial<Record<FindingCode, AdviceWriter>> = {
  SC01: (_l, f) => ({ summary: 'Point the policy at a resource account.', advice: `Create the resource account (New-CsOnlineApplicationInstance) or point the policy at an existing one: Set-CsTeamsSharedCallingRoutingPolicy -Identity ${literal(f.subject)} -ResourceAccount '<resource account object id>'.` }),
  SC02: (l, f) => ({ summary: 'Give the resource account a number.', advice: `Assign a phone number to the resource account: Set-CsPhoneNumberAssignment -Identity ${literal(resourceAccountOf(l, f.subject)?.UserPrincipalName ?? '<resource account>')} -PhoneNumber '<number>' -PhoneNumberType <CallingPlan|OperatorConnect|DirectRouting>.` }),
  SC03: (l, f) => {
    const number = resourceAccountOf(l, f.subject)?.PhoneNumber;
    return { summary: 'Give the number an emergency location.', advice: `Find the location with Get-CsOnlineLisLocation, then: Set-CsPhoneNumberAssignment -PhoneNumber ${literal(number ? normalizePhone(number) : '<number>')} -LocationId '<location id>'.` };
  },
  SC04: (_l, f) => ({ summary: 'Replace the emergency number.', advice: `Emergency numbers must have the resource number's number type. Remove this one and add a matching number: ${removeEmergencyNumber(f.subject, first(f))}.` }),
  SC05: (_l, f) => ({ summary: 'Replace the emergency number.', advice: `Emergency numbers must be from the resource number's country. Remove this one and add a matching number: ${removeEmergencyNumber(f.subject, first(f))}.` }),
  SC08: (_l, f) => ({ summary: 'Use a Calling Plan subscriber number.', advice: `With a Calling Plan service or toll-free resource number, emergency numbers must be Calling Plan subscriber numbers: ${removeEmergencyNumber(f.subject, first(f))}, then add one with @{add='<subscriber number>'}.` }),
  SC09: (_l, f) => ({ summary: 'Add an emergency number.', advice: `A toll-free number cannot be the emergency callback number: Set-CsTeamsSharedCallingRoutingPolicy -Identity ${literal(f.subject)} -EmergencyNumbers @{add='<Calling Plan subscriber number>'}.` }),
  SC10: (l, f) => ({ summary: 'License and fund the resource account.', advice: `Assign a Pay-As-You-Go Calling Plan and a Communications Credits license to ${resourceAccountOf(l, f.subject)?.UserPrincipalName ?? 'the resource account'} and fund Communications Credits in the Microsoft 365 admin center; otherwise outbound calls fail once credits run out.` }),
  SC11: (l, f) => ({ summary: 'Associate an auto attendant.', advice: `Inbound calls to the shared number need an auto attendant: New-CsOnlineApplicationInstanceAssociation -Identities @(${literal(resourceAccountOf(l, f.subject)?.ObjectId ?? '<resource account object id>')}) -ConfigurationId '<auto attendant id from Get-CsAutoAttendant>' -ConfigurationType AutoAttendant.` }),
  SC12: () => ({ summary: 'Use a supported number.', advice: 'Shared Calling is not supported for Calling Plan service numbers in Romania, the Czech Republic, Hungary, Singapore, New Zealand, Australia and Japan: use a resource account with a Direct Routing or Operator Connect number, or a number from a supported country.' }),
  SC13: () => ({ summary: 'Confirm with the operator.', advice: 'The resource number is an Operator Connect number: confirm with the operator that it supports Shared Calling.' }),
};

function policiesWith(lookup: TenantLookup, number: string): string[] {
  return [...lookup.sharedCallingPolicies()]
    .filter((p) => p.EmergencyNumbers.some((n) => normalizePhone(n) === normalizePhone(number)))
    .map((p) => p.Identity.replace(/^tag:/i, ''));
}

const numberAndUserAdvice: Partial<Record<FindingCode, AdviceWriter>> = {
  SC06: (_l, f) => ({ summary: 'Keep the number in one policy.', advice: `An emergency number may be in one policy only. Keep it in one of ${f.related.join(', ')} and remove it from the others: ${removeEmergencyNumber('<policy>', f.subject)}.` }),
  SC07: (l, f) => ({ summary: 'Unassign the number or drop it from the policy.', advice: `An emergency number may not be assigned. Either unassign it: Remove-CsPhoneNumberAssignment -Identity ${literal(first(f))} -PhoneNumber ${literal(f.subject)} -PhoneNumberType ${l.phoneNumber(f.subject)?.NumberType ?? '<type>'}; or remove it from the policy: ${policiesWith(l, f.subject).map((p) => removeEmergencyNumber(p, f.subject)).join('; ') || removeEmergencyNumber('<policy>', f.subject)}.` }),
  SC14: (l, f) => ({ summary: 'Acquire the number or drop it.', advice: `The number is not in the tenant's numbers, so emergency callbacks cannot reach it. Acquire or port it, or remove it: ${(f.related.length > 0 ? f.related : policiesWith(l, f.subject)).map((p) => removeEmergencyNumber(p, f.subject)).join('; ')}.` }),
  SC20: (_l, f) => ({ summary: 'Remove the personal number, or the Shared Calling policy.', advice: `A personal number takes precedence over Shared Calling. Remove it: Remove-CsPhoneNumberAssignment -Identity ${literal(f.subject)} -RemoveAll, then Set-CsPhoneNumberAssignment -Identity ${literal(f.subject)} -EnterpriseVoiceEnabled $true (removing a number turns EnterpriseVoiceEnabled off). Or, if the personal number is intended: Grant-CsTeamsSharedCallingRoutingPolicy -Identity ${literal(f.subject)} -PolicyName $null.` }),
  SC21: (l, f) => {
    const globalEmpty = (l.voiceRoutingPolicy(null)?.OnlinePstnUsages.length ?? 0) === 0;
    return { summary: 'Grant a voice routing policy without PSTN usages.', advice: `Shared Calling users must have a voice routing policy without PSTN usages: Grant-CsOnlineVoiceRoutingPolicy -Identity ${literal(f.subject)} -PolicyName ${globalEmpty ? '$null (Global has none)' : "'<policy without usages>'"}.` };
  },
  SC22: (_l, f) => ({ summary: 'License and voice-enable the user.', advice: `Assign a Teams Phone license, then: Set-CsPhoneNumberAssignment -Identity ${literal(f.subject)} -EnterpriseVoiceEnabled $true.` }),
  SC23: (_l, f) => ({ summary: 'Grant the right emergency call routing policy.', advice: `With a Calling Plan or Operator Connect resource number the emergency call routing policy must have no PSTN usages; with Direct Routing it must have them: Grant-CsTeamsEmergencyCallRoutingPolicy -Identity ${literal(f.subject)} -PolicyName '<policy>'.` }),
  SC24: (_l, f) => ({ summary: 'Grant an existing Shared Calling policy.', advice: `Grant-CsTeamsSharedCallingRoutingPolicy -Identity ${literal(f.subject)} -PolicyName '<existing policy>', or -PolicyName $null to take the user off Shared Calling.` }),
};

const ADVICE: Partial<Record<FindingCode, AdviceWriter>> = { ...callGroupAdvice, ...policyAdvice, ...numberAndUserAdvice };

/** Advice for a finding no settings write can clean up (every code of findings.md without a transform). */
export function adviceFor(lookup: TenantLookup, finding: Finding): CleanupAdvice {
  const writer = ADVICE[finding.code];
  if (writer) return writer(lookup, finding);
  return { summary: 'Review by hand.', advice: `No clean-up is known for ${finding.code} (${finding.rule}); ${finding.message}` };
}

