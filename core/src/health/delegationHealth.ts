import type { Finding } from '../model/finding.js';
import type { CallingSettings, User } from '../model/tenant.js';
import { policyDisplayName, userRefKey } from '../model/identity.js';
import { MAX_DELEGATES } from '../rules/limits.js';
import { countOf, makeFinding } from './catalog.js';
import type { HealthContext } from './healthContext.js';
import { routesTo } from './userState.js';

/**
 * The delegation checks DL01-DL03 of docs/findings.md. The subject is the manager.
 * Like call groups, delegation relationships outlive a policy that stops allowing them
 * (teams-calling-facts.md §3), so they are reported for clean-up.
 */

/** Appends the delegation findings of `manager` to `out`. */
export function delegationFindings(ctx: HealthContext, manager: User, settings: CallingSettings, out: Finding[]): void {
  const delegates = settings.Delegates;
  // A disabled forwarding rule routes nothing, so only enabled rules count (as for CG01/CG02).
  const toDelegates = routesTo(settings, 'MyDelegates');
  if (delegates.length === 0 && !toDelegates) return;
  const subject = ctx.sipOf(manager);
  const name = manager.DisplayName;
  const policy = ctx.callingPolicyOf(manager);
  if (!policy.AllowDelegation) {
    const related = [...new Set(delegates.map((delegate) => delegateForm(ctx, delegate.Id)))];
    const still = delegates.length > 0 ? `they still have ${countOf(delegates.length, 'delegate')}` : 'their calls still forward to their delegates';
    out.push(makeFinding('DL01', subject, related, `${name}'s calling policy (${policyDisplayName(policy.Identity)}) no longer allows delegation, but ${still}, so calls may be routed wrongly.`));
  }
  // Target type MyDelegates needs at least one delegate allowed to receive calls (§1).
  if (toDelegates && !delegates.some((delegate) => delegate.ReceiveCalls)) {
    out.push(makeFinding('DL02', subject, [], `${name}'s calls forward to their delegates, but no delegate may receive calls, so those calls reach nobody.`));
  }
  if (delegates.length > MAX_DELEGATES) {
    out.push(makeFinding('DL03', subject, [], `${name} has ${countOf(delegates.length, 'delegate')}; Teams allows at most ${MAX_DELEGATES}.`));
  }
}

/** A delegate as `sip:` URI when it resolves, otherwise as written, lower-cased. */
function delegateForm(ctx: HealthContext, ref: string): string {
  const user = ctx.userByRef(ref);
  return user ? ctx.sipOf(user) : userRefKey(ref);
}
