import type { Finding } from '../model/finding.js';
import type { CallingSettings, User } from '../model/tenant.js';
import { isSipLike, normalizeSip, policyDisplayName, userRefKey } from '../model/identity.js';
import {
  ALLOWED_UNANSWERED_DELAYS_SECONDS,
  MAX_CALL_GROUP_CHARACTERS,
  MAX_CALL_GROUP_MEMBERS,
  MAX_IN_ORDER_MEMBERS,
  callGroupCharacters,
  formatDelay,
  parseDelaySeconds,
} from '../rules/limits.js';
import { countOf, makeFinding } from './catalog.js';
import type { HealthContext } from './healthContext.js';
import { describeIneligibility, forwardsToGroup, isMutedFor, phoneEligibilityGaps } from './userState.js';

/**
 * The owner-side call group checks (CG01-CG05, CG07-CG11, CG13-CG15 of
 * docs/findings.md). The subject is the owner; membership lives on the owner's
 * CallGroupTargets (teams-calling-facts.md §1).
 */

/** One call group target as written, with the user it resolves to. */
interface Target {
  readonly written: string;
  readonly user: User | undefined;
}

/** Appends the owner-side call group findings of `owner` to `out`. */
export function ownerCallGroupFindings(ctx: HealthContext, owner: User, settings: CallingSettings, out: Finding[]): void {
  checkUnansweredDelay(ctx, owner, settings, out);
  const groupForwarding = forwardsToGroup(settings);
  if (settings.CallGroupTargets.length === 0 && !groupForwarding) return;
  const targets: Target[] = settings.CallGroupTargets.map((written) => ({ written, user: ctx.userByRef(written) }));
  checkPolicy(ctx, owner, targets, groupForwarding, out);
  checkShape(ctx, owner, settings, targets, out);
  checkMembers(ctx, owner, targets, out);
  checkOwnerEligibility(ctx, owner, out);
  checkAlerting(ctx, owner, targets, out);
}

/** CG01 and CG14: what the owner's calling policy does to calls meant for the group. */
function checkPolicy(ctx: HealthContext, owner: User, targets: readonly Target[], groupForwarding: boolean, out: Finding[]): void {
  const policy = ctx.callingPolicyOf(owner);
  const subject = ctx.sipOf(owner);
  if (!policy.AllowCallGroups) {
    // Switching AllowCallGroups off leaves the relationships in place; Microsoft says to clean
    // them up by hand "to avoid incorrect call routing" (teams-calling-facts.md §2).
    const still = targets.length > 0 ? `their group still has ${countOf(targets.length, 'member')}` : 'their calls still forward to their call group';
    const related = distinct(targets.map((target) => writtenForm(ctx, target)));
    out.push(makeFinding('CG01', subject, related, `${owner.DisplayName}'s calling policy (${policyDisplayName(policy.Identity)}) no longer allows call groups, but ${still}, so calls may be routed wrongly.`));
  }
  if (!groupForwarding) return;
  // Unanswered and Voicemail treatments override call group, delegate and forwarding settings (§3).
  const bypassed = [
    isBypassing(policy.InboundPstnCallRoutingTreatment) ? 'PSTN' : undefined,
    isBypassing(policy.InboundFederatedCallRoutingTreatment) ? 'federated' : undefined,
  ].filter((kind) => kind !== undefined);
  if (bypassed.length > 0) {
    out.push(makeFinding('CG14', subject, [], `${owner.DisplayName}'s calls forward to their call group, but their calling policy (${policyDisplayName(policy.Identity)}) sends ${bypassed.join(' and ')} calls to unanswered or voicemail, so those calls never reach the group.`));
  }
}

function isBypassing(treatment: string): boolean {
  return treatment === 'Unanswered' || treatment === 'Voicemail';
}

/** CG02-CG05: the size and shape of the target list. CG03/CG04 count targets as written. */
function checkShape(ctx: HealthContext, owner: User, settings: CallingSettings, targets: readonly Target[], out: Finding[]): void {
  const subject = ctx.sipOf(owner);
  const name = owner.DisplayName;
  const count = targets.length;
  if (count === 0) {
    // forwardsToGroup holds here: target type Group needs at least one member (§1).
    out.push(makeFinding('CG02', subject, [], `${name}'s calls forward to their call group, but the group has no members, so those calls reach nobody.`));
    return;
  }
  if (settings.CallGroupOrder === 'InOrder' && count > MAX_IN_ORDER_MEMBERS) {
    out.push(makeFinding('CG03', subject, [], `${name}'s call group rings ${countOf(count, 'member')} in order; Teams rings in order only up to ${MAX_IN_ORDER_MEMBERS} and silently switches to everyone at once.`));
  }
  if (count > MAX_CALL_GROUP_MEMBERS) {
    out.push(makeFinding('CG04', subject, [], `${name}'s call group has ${countOf(count, 'member')}; Teams allows at most ${MAX_CALL_GROUP_MEMBERS}.`));
  }
  // Teams stores full `sip:` URIs whatever was written, so the count is over the canonical forms.
  const characters = callGroupCharacters(targets.map((target) => canonicalForm(ctx, target)));
  if (characters > MAX_CALL_GROUP_CHARACTERS) {
    out.push(makeFinding('CG05', subject, [], `${name}'s call group list takes ${countOf(characters, 'character')}; Teams stores at most ${MAX_CALL_GROUP_CHARACTERS.toLocaleString('en-US')}.`));
  }
}

/** CG07-CG09 per member, CG11 once: who the targets are. */
function checkMembers(ctx: HealthContext, owner: User, targets: readonly Target[], out: Finding[]): void {
  const subject = ctx.sipOf(owner);
  const name = owner.DisplayName;
  const reported = new Set<string>();
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const target of targets) {
    // CG11 compares after identity resolution: one person written as UPN and as SIP URI is a duplicate.
    const canonical = canonicalForm(ctx, target);
    if (seen.has(canonical) || target.user === owner) repeated.push(canonical);
    seen.add(canonical);
    if (reported.has(canonical)) continue;
    reported.add(canonical);
    const member = target.user;
    if (!member) {
      const written = userRefKey(target.written);
      out.push(makeFinding('CG07', subject, [written], `${name}'s call group includes ${written}, who matches no user in the organisation (left or mistyped).`));
      continue;
    }
    if (!member.AccountEnabled) {
      out.push(makeFinding('CG08', subject, [canonical], `${member.DisplayName} is in ${name}'s call group, but their account is disabled, so group calls cannot reach them.`));
    }
    const gaps = phoneEligibilityGaps(member);
    if (gaps.length > 0) {
      out.push(makeFinding('CG09', subject, [canonical], `${member.DisplayName} is in ${name}'s call group, but ${gaps.join(' and ')}, so group calls may not reach them.`));
    }
  }
  if (repeated.length > 0) {
    const related = distinct(repeated);
    const self = related.includes(subject) ? ' includes the owner themselves' : '';
    const twice = related.some((ref) => ref !== subject) ? `${self ? ' and' : ''} lists the same person more than once` : '';
    out.push(makeFinding('CG11', subject, related, `${name}'s call group${self}${twice}.`));
  }
}

/** CG10: an owner who uses a call group must be enabled, licensed and Teams Only (§2). */
function checkOwnerEligibility(ctx: HealthContext, owner: User, out: Finding[]): void {
  const problem = describeIneligibility(owner);
  if (problem === undefined) return;
  out.push(makeFinding('CG10', ctx.sipOf(owner), [], `${owner.DisplayName} has a call group, but ${problem}, so it cannot work as set up.`));
}

/**
 * CG13: only when every target resolves to a user who is muted for this owner. A member
 * with no membership detail for this owner is alerted (Ring is the default), and an
 * unresolved target is already CG07, so neither makes the group silent.
 */
function checkAlerting(ctx: HealthContext, owner: User, targets: readonly Target[], out: Finding[]): void {
  if (targets.length === 0) return;
  for (const target of targets) if (!target.user || !isMutedFor(ctx, target.user, owner)) return;
  out.push(makeFinding('CG13', ctx.sipOf(owner), [], `Every member of ${owner.DisplayName}'s call group has muted it, so calls to the group alert nobody.`));
}

/** The allowed delays as the cmdlet prints them, so the common case needs no parsing. */
const ALLOWED_DELAY_TEXTS: ReadonlySet<string> = new Set(ALLOWED_UNANSWERED_DELAYS_SECONDS.map(formatDelay));

/** CG15: the delays the current Set-CsUserCallingSettings reference allows. */
function checkUnansweredDelay(ctx: HealthContext, user: User, settings: CallingSettings, out: Finding[]): void {
  if (ALLOWED_DELAY_TEXTS.has(settings.UnansweredDelay)) return;
  const seconds = parseDelaySeconds(settings.UnansweredDelay);
  if (seconds !== undefined && ALLOWED_UNANSWERED_DELAYS_SECONDS.includes(seconds)) return;
  out.push(makeFinding('CG15', ctx.sipOf(user), [], `${user.DisplayName}'s unanswered delay is ${settings.UnansweredDelay}; Teams supports 5, 10, 15, 20, 30, 40, 50 or 60 seconds.`));
}

/**
 * The stored spelling of a target: the member's `sip:` URI when it resolves; otherwise
 * lower-cased, with `sip:` added when it looks like a SIP address (the cmdlet prints full
 * SIP URIs whatever was written).
 */
function canonicalForm(ctx: HealthContext, target: Target): string {
  if (target.user) return ctx.sipOf(target.user);
  return isSipLike(target.written) ? normalizeSip(target.written) : userRefKey(target.written);
}

/** The form in `related`: a resolved member as `sip:` URI, anything else as written, lower-cased. */
function writtenForm(ctx: HealthContext, target: Target): string {
  return target.user ? ctx.sipOf(target.user) : userRefKey(target.written);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
