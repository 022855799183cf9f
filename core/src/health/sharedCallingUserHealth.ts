import type { Finding } from '../model/finding.js';
import type { NumberType, SharedCallingPolicy, User } from '../model/tenant.js';
import { policyDisplayName } from '../model/identity.js';
import { makeFinding } from './catalog.js';
import type { HealthContext } from './healthContext.js';
import { phoneKeyOf } from './userState.js';

/**
 * The Shared Calling checks per user, SC20-SC24 of docs/findings.md, after Microsoft's
 * requirements for Shared Calling users (teams-calling-facts.md §5 rules 9-11).
 */

/** The name of the user's Shared Calling policy, or undefined when they are not on Shared Calling. */
export function sharedPolicyNameOf(user: User): string | undefined {
  const name = user.TeamsSharedCallingRoutingPolicy;
  return name !== null && name.trim() !== '' ? name : undefined;
}

/** The number type of the policy's shared number, when the snapshot holds it. */
function resourceNumberType(ctx: HealthContext, policy: SharedCallingPolicy): NumberType | undefined {
  const number = phoneKeyOf(ctx.resourceAccount(policy.ResourceAccount)?.PhoneNumber ?? null);
  return number === null ? undefined : ctx.phoneNumber(number)?.NumberType;
}

/** Appends the Shared Calling findings of `user` to `out`. */
export function sharedUserFindings(ctx: HealthContext, user: User, out: Finding[]): void {
  const name = sharedPolicyNameOf(user);
  if (name === undefined) return;
  const subject = ctx.sipOf(user);
  const policy = ctx.sharedCallingPolicy(name);
  if (!policy) {
    // A policy that does not exist gives the user no Shared Calling at all; SC24 alone says so.
    const missing = policyDisplayName(name);
    out.push(makeFinding('SC24', subject, [missing], `${user.DisplayName} is assigned Shared Calling policy ${missing}, which does not exist.`));
    return;
  }
  const shared = policyDisplayName(policy.Identity);
  const line = phoneKeyOf(user.LineUri);
  if (line !== null) {
    out.push(makeFinding('SC20', subject, [line], `${user.DisplayName} has Shared Calling policy ${shared} and a personal number ${line}; the personal number takes precedence, so they do not use Shared Calling.`));
  }
  const voice = ctx.voiceRoutingPolicy(user.OnlineVoiceRoutingPolicy);
  if (voice && voice.OnlinePstnUsages.length > 0) {
    const voiceName = policyDisplayName(voice.Identity);
    out.push(makeFinding('SC21', subject, [voiceName], `${user.DisplayName}'s voice routing policy ${voiceName} has PSTN usages, so they behave as if they had their own number instead of using Shared Calling.`));
  }
  if (!user.HasTeamsPhoneLicense || !user.EnterpriseVoiceEnabled) {
    const gap = user.HasTeamsPhoneLicense ? 'is not enabled for Enterprise Voice' : 'lacks a Teams Phone license';
    out.push(makeFinding('SC22', subject, [shared], `${user.DisplayName} has Shared Calling policy ${shared} but ${gap}, so they cannot make calls with it.`));
  }
  emergencyRoutingFinding(ctx, user, policy, out);
}

/**
 * SC23: Calling Plan and Operator Connect shared numbers need an emergency call routing
 * policy without PSTN usages; Direct Routing needs usages (§5 rule 11). Skipped when the
 * number type or the routing policy is not in the snapshot.
 */
function emergencyRoutingFinding(ctx: HealthContext, user: User, policy: SharedCallingPolicy, out: Finding[]): void {
  const type = resourceNumberType(ctx, policy);
  const routing = ctx.emergencyRoutingPolicy(user.TeamsEmergencyCallRoutingPolicy);
  if (type === undefined || !routing) return;
  const hasUsages = routing.OnlinePstnUsages.length > 0;
  const directRouting = type === 'DirectRouting';
  if (hasUsages !== directRouting) {
    const routingName = policyDisplayName(routing.Identity);
    const why = directRouting ? 'has no PSTN usages, which a Direct Routing shared number needs' : `has PSTN usages, which a ${type} shared number must not have`;
    out.push(makeFinding('SC23', ctx.sipOf(user), [routingName], `${user.DisplayName}'s emergency call routing policy ${routingName} ${why}.`));
  }
}
