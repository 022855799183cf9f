import type { CallingSettings, Tenant, User } from '@cgm/core';
import { MAX_CALL_GROUP_MEMBERS, MAX_IN_ORDER_MEMBERS, createRandom, normalizeSip, planSettingsWrites, userRefKey } from '@cgm/core';
import type { CallingGateway } from '../gateway/callingGateway.js';

/**
 * bench:sync's direct edits: what people do in the Teams client, which no approval can stop and
 * only sync can see. Half are on people already in a relationship (an owner changes the ring
 * order or adds a member), half are someone with none creating a call group, whose new member
 * is, by a coin toss, someone already related or not.
 */
export interface PlannedEdit {
  readonly kind: 'related' | 'newGroup';
  readonly subject: User;
  /** Simulated milliseconds after the start of the pass. */
  readonly atMs: number;
  /** For a new group: whether its member was already in a relationship. */
  readonly memberRelated?: boolean;
  readonly change: (current: CallingSettings) => CallingSettings;
}

const sipOf = (user: User) => normalizeSip(user.SipAddress);
const eligible = (user: User) => user.AccountEnabled && user.HasTeamsPhoneLicense && user.TeamsUpgradeEffectiveMode === 'TeamsOnly';

/** Everyone in a call group (owner or member), a delegation (either side) or on Shared Calling. */
function relatedSips(tenant: Tenant): Set<string> {
  // Links name people by SIP address, UPN or object id.
  const sipByRef = new Map<string, string>();
  for (const user of tenant.users) for (const ref of [user.Identity, user.UserPrincipalName, user.SipAddress]) sipByRef.set(userRefKey(ref), sipOf(user));
  const related = new Set<string>();
  for (const settings of tenant.callingSettings) {
    const links = [...settings.CallGroupTargets, ...settings.GroupMembershipDetails.map((d) => d.CallGroupOwnerId), ...settings.Delegates.map((d) => d.Id)];
    if (links.length === 0) continue;
    related.add(normalizeSip(settings.SipUri));
    for (const link of links) related.add(sipByRef.get(userRefKey(link)) ?? normalizeSip(link));
  }
  for (const user of tenant.users) if (user.TeamsSharedCallingRoutingPolicy) related.add(sipOf(user));
  return related;
}

/** `count` edits at random moments in [0, horizonMs), the same for the same seed. */
export function planEdits(tenant: Tenant, count: number, horizonMs: number, seed: number): PlannedEdit[] {
  const random = createRandom(seed);
  const related = relatedSips(tenant);
  const settingsBySip = new Map(tenant.callingSettings.map((s) => [normalizeSip(s.SipUri), s] as const));
  const people = tenant.users.filter(eligible);
  const owners = people.filter((user) => (settingsBySip.get(sipOf(user))?.CallGroupTargets.length ?? 0) > 0);
  const relatedPeople = people.filter((user) => related.has(sipOf(user)));
  const loners = people.filter((user) => !related.has(sipOf(user)));
  const taken = new Set<string>();
  const draw = (from: readonly User[]): User => {
    for (;;) {
      const user = random.pick(from);
      if (!taken.has(sipOf(user))) return (taken.add(sipOf(user)), user);
    }
  };
  const edits: PlannedEdit[] = [];
  for (let i = 0; i < count; i += 1) {
    const atMs = Math.floor(random.next() * horizonMs);
    if (i % 2 === 0) {
      const subject = draw(owners);
      const reorder = random.chance(0.5);
      const added = sipOf(random.pick(people));
      edits.push({
        kind: 'related',
        subject,
        atMs,
        change: (current) => {
          const targets = current.CallGroupTargets;
          const canAdd = targets.length < MAX_CALL_GROUP_MEMBERS && !targets.some((target) => normalizeSip(target) === added) && added !== normalizeSip(current.SipUri);
          if ((reorder || !canAdd) && (current.CallGroupOrder === 'InOrder' || targets.length <= MAX_IN_ORDER_MEMBERS)) {
            return { ...current, CallGroupOrder: current.CallGroupOrder === 'InOrder' ? 'Simultaneous' : 'InOrder' };
          }
          return { ...current, CallGroupTargets: [...targets, added] };
        },
      });
    } else {
      const subject = draw(loners);
      const memberRelated = random.chance(0.5);
      let member = subject;
      while (member === subject) member = random.pick(memberRelated ? relatedPeople : loners);
      const memberSip = sipOf(member);
      edits.push({ kind: 'newGroup', subject, atMs, memberRelated, change: (current) => ({ ...current, CallGroupOrder: 'Simultaneous', CallGroupTargets: [memberSip] }) });
    }
  }
  return edits.sort((a, b) => a.atMs - b.atMs);
}

/** Make `edit` in Teams itself (the embedded tenant, as the Teams client would), free of the admin API's budget; false when Teams refused it. */
export async function makeEdit(teams: CallingGateway, edit: PlannedEdit): Promise<boolean> {
  const identity = edit.subject.UserPrincipalName;
  const current = await teams.readSettings(identity);
  const writes = planSettingsWrites(current, edit.change(current), identity);
  if (!writes.ok || writes.value.length === 0) return false;
  try {
    for (const write of writes.value) await teams.applyWrite(write);
    return true;
  } catch (error) {
    if ((error as { kind?: string }).kind === 'rejected') return false;
    throw error;
  }
}

/** For each edit made at `madeAt`, the simulated seconds until the first drift record of its subject at or after it; undefined when none. */
export function detectionSeconds(made: ReadonlyArray<{ readonly edit: PlannedEdit; readonly madeAt: number }>, drift: ReadonlyArray<{ readonly subjectSip: string; readonly detectedAt: Date }>): (number | undefined)[] {
  const bySubject = new Map<string, number[]>();
  for (const record of drift) {
    const times = bySubject.get(normalizeSip(record.subjectSip)) ?? [];
    times.push(new Date(record.detectedAt).getTime());
    bySubject.set(normalizeSip(record.subjectSip), times);
  }
  return made.map(({ edit, madeAt }) => {
    const first = (bySubject.get(sipOf(edit.subject)) ?? []).filter((at) => at >= madeAt).sort((a, b) => a - b)[0];
    return first === undefined ? undefined : (first - madeAt) / 1000;
  });
}

/** The `p` quantile (0–1) of `values`, nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}
