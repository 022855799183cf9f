import type { ApprovalPolicy, CallingSettings, Cover, OwnerCover, SettingsWrite, TenantLookup, User } from '@cgm/core';
import { COVER_DELEGATE_DEFAULTS, createTenantLookup, needsApproval, normalizeSip, sameRef } from '@cgm/core';
import type { CoverRecord } from '../store/coverStore.js';
import type { CoverNotice } from './notifier.js';
import type { CoverChangeRecord, PlannedRequest } from './requestService.js';
import type { TenantSlices } from './storage.js';

/** What the cover use cases share: the people a cover names, the approval rule, and its requests. */

/** Everyone a cover names: members it adds, its forwarding and "if unanswered" targets, its delegate. */
export function coverRefs(cover: Cover): string[] {
  const rules = [cover.answering?.forwarding, cover.answering?.unanswered];
  return [
    ...(cover.callGroup?.add ?? []),
    ...rules.flatMap((rule) => (rule && rule.target !== null && rule.target !== undefined ? [rule.target] : [])),
    ...(cover.delegate ? [cover.delegate.target] : []),
  ];
}

/** The people who pick up the owner's calls during the cover, canonical `sip:` URIs (a phone number covers nobody we can tell). */
export function coveringPeople(cover: Cover): string[] {
  return [...new Set(coverRefs(cover).filter((ref) => ref.toLowerCase().startsWith('sip:')).map(normalizeSip))];
}

/** Everyone the owner's settings name: their members, targets and delegates, judged again with the cover's. */
function settingsRefs(settings: CallingSettings | undefined): string[] {
  if (!settings) return [];
  return [...settings.CallGroupTargets, settings.ForwardingTarget, settings.UnansweredTarget, ...settings.Delegates.map((delegate) => delegate.Id)].filter((ref): ref is string => typeof ref === 'string' && ref !== '');
}

/** A lookup over the owner, everyone their settings name and everyone the covers name, with their call group counts (the server's reverse index). */
export async function coverLookup(slices: TenantSlices, owner: User, covers: readonly Cover[], settings: CallingSettings | undefined): Promise<{ lookup: TenantLookup; groupsOf: (sip: string) => number }> {
  const { tenant, groupCounts } = await slices.read([owner], [...settingsRefs(settings), ...covers.flatMap(coverRefs)]);
  return { lookup: createTenantLookup(tenant), groupsOf: (sip) => groupCounts.get(normalizeSip(sip)) ?? 0 };
}

/** Display names by canonical `sip:` URI of the owner and the people the covers name. */
export async function coverNames(slices: TenantSlices, ownerSip: string, covers: readonly Cover[]): Promise<Record<string, string>> {
  const { tenant } = await slices.read([], [ownerSip, ...covers.flatMap(coverRefs)]);
  return Object.fromEntries(tenant.users.map((user) => [normalizeSip(user.SipAddress), user.DisplayName]));
}

export async function coverNotice(slices: TenantSlices, cover: CoverRecord): Promise<CoverNotice> {
  return { cover, covering: coveringPeople(cover.cover), names: await coverNames(slices, cover.ownerSip, [cover.cover]) };
}

/**
 * Another cover of the owner as core's validation and merge read it. An extension waiting for an
 * approver counts with the end it asks for: approving it checks nothing again, so a cover made
 * meanwhile on the same part would otherwise overlap it once approved.
 */
export function ownerCover(record: CoverRecord): OwnerCover {
  const asked = record.extendEndsAt && record.extendEndsAt.getTime() > record.endsAt.getTime() ? record.extendEndsAt.toISOString() : undefined;
  const cover = asked ? { ...record.cover, endsAt: asked } : record.cover;
  return { id: record.id, status: record.status, cover, atStart: record.atStart ?? undefined, afterStart: record.afterStart ?? undefined };
}

const PERMISSIONS = Object.keys(COVER_DELEGATE_DEFAULTS) as (keyof typeof COVER_DELEGATE_DEFAULTS)[];

/**
 * A cover is approved like a change of its owner's own settings under the same policy
 * (core's needsApproval: members added, calls newly sent to the group). A new delegate, or a
 * permission a delegate did not have, lets someone act for the owner: under the
 * add-or-forwarding policy that is an add too.
 */
export function coverNeedsApproval(policy: ApprovalPolicy, before: CallingSettings, desired: CallingSettings): boolean {
  if (policy !== 'on-add-or-group-forwarding') return policy === 'always';
  if (needsApproval(policy, { kind: 'callGroup', order: desired.CallGroupOrder, targets: desired.CallGroupTargets }, before, desired)) return true;
  return desired.Delegates.some((delegate) => {
    const was = before.Delegates.find((other) => sameRef(other.Id, delegate.Id));
    return !was || PERMISSIONS.some((name) => delegate[name] && !was[name]);
  });
}

/** One sentence of what the cover does, for the approver's card and the audit log. */
export function coverSummary(cover: Cover, names: Readonly<Record<string, string>>): string {
  const name = (ref: string) => names[normalizeSip(ref)] ?? ref;
  const parts = [
    ...(cover.callGroup ? [`${cover.callGroup.add.map(name).join(', ')} join${cover.callGroup.add.length === 1 ? 's' : ''} the call group${cover.callGroup.order ? ` (${cover.callGroup.order})` : ''}`] : []),
    ...(cover.answering?.forwarding ? [`forwarding: ${describeRule(cover.answering.forwarding, name)}`] : []),
    ...(cover.answering?.unanswered ? [`if unanswered: ${describeRule(cover.answering.unanswered, name)}`] : []),
    ...(cover.delegate ? [`${name(cover.delegate.target)} becomes a delegate`] : []),
  ];
  return `Cover from ${cover.startsAt} to ${cover.endsAt}: ${parts.join('; ')}.`;
}

function describeRule(rule: { enabled: boolean; targetType?: string | null; target?: string | null }, name: (ref: string) => string): string {
  if (!rule.enabled) return 'off';
  return [rule.targetType, rule.target ? name(rule.target) : undefined].filter(Boolean).join(' ');
}

/** A request of a cover: its approval or extension (an approver decides), or its start or end (applied by the outbox, approved already). */
export function coverRequest(
  cover: Pick<CoverRecord, 'id' | 'cover'>,
  phase: CoverChangeRecord['phase'],
  plan: { requester: string; subject: User; before: CallingSettings; desired: CallingSettings; writes: readonly SettingsWrite[]; needsApproval: boolean; summary: string; notes?: unknown },
): PlannedRequest {
  const { startsAt, endsAt } = cover.cover;
  return {
    requester: plan.requester,
    subject: plan.subject,
    kind: 'cover',
    // Each phase its own group: a newer extension replaces the owner's older one, and nothing else.
    settingsGroup: `cover:${cover.id}:${phase}`,
    change: { kind: 'cover', coverId: cover.id, phase, summary: plan.summary, startsAt, endsAt },
    before: plan.before,
    desired: plan.desired,
    writes: plan.writes,
    notes: { summary: plan.summary, coverId: cover.id, ...(plan.notes === undefined ? {} : { cover: plan.notes }) },
    needsApproval: plan.needsApproval,
  };
}
