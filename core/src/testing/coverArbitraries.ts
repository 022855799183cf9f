import fc from 'fast-check';
import type { AnsweringChange } from '../change/types.js';
import type { CallGroupOrder, CallingSettings, Delegate } from '../model/tenant.js';
import { defaultCallingSettings, FORWARDING_TYPES, TARGET_TYPES } from '../model/tenant.js';
import { ALLOWED_UNANSWERED_DELAYS_SECONDS, formatDelay, MAX_IN_ORDER_MEMBERS } from '../rules/limits.js';
import { settingsWriteCheck } from '../plan/settingsWriteCheck.js';
import { sameRef } from '../plan/settingsGroup.js';
import type { Cover, DelegatePermissions } from '../cover/types.js';

/**
 * Generators for the cover property tests: an owner's valid settings, a cover of them, and the
 * edits the owner may make by hand during it. Test support (core/tsconfig.json leaves
 * src/testing out of the build), kept apart so the properties read as statements.
 */

export const OWNER = 'sip:owner@contoso.com';
export const PEOPLE = Array.from({ length: 9 }, (_, index) => `sip:p${index + 1}@contoso.com`);

const person = fc.constantFrom(...PEOPLE);
const permissions: fc.Arbitrary<DelegatePermissions> = fc.record({
  MakeCalls: fc.boolean(),
  ReceiveCalls: fc.boolean(),
  ManageSettings: fc.boolean(),
  PickUpHeldCalls: fc.boolean(),
  JoinActiveCalls: fc.boolean(),
});
const targetType = fc.constantFrom(...TARGET_TYPES, null);
const forwardingRule: fc.Arbitrary<AnsweringChange['forwarding']> = fc
  .record({ enabled: fc.boolean(), type: fc.constantFrom(...FORWARDING_TYPES, null), targetType, person })
  .map(({ person: target, ...rule }) => ({ ...rule, target: rule.targetType === 'SingleTarget' ? target : null }));
const unansweredRule: fc.Arbitrary<AnsweringChange['unanswered']> = fc
  .record({ enabled: fc.boolean(), targetType, person, delaySeconds: fc.constantFrom(...ALLOWED_UNANSWERED_DELAYS_SECONDS) })
  .map(({ person: target, ...rule }) => ({ ...rule, target: rule.targetType === 'SingleTarget' ? target : null }));

/** Settings Teams would hold: every rule acceptable, in order only with five members or fewer. */
export const ownerSettings: fc.Arbitrary<CallingSettings> = fc
  .record({
    members: fc.shuffledSubarray(PEOPLE, { maxLength: 7 }),
    inOrder: fc.boolean(),
    forwarding: forwardingRule,
    unanswered: unansweredRule,
    delegates: fc.uniqueArray(fc.record({ Id: person, permissions }), { maxLength: 4, selector: (d) => d.Id }),
  })
  .map(({ members, inOrder, forwarding, unanswered, delegates }): CallingSettings => ({
    ...defaultCallingSettings(OWNER),
    CallGroupTargets: members,
    CallGroupOrder: inOrder && members.length <= MAX_IN_ORDER_MEMBERS ? 'InOrder' : 'Simultaneous',
    IsForwardingEnabled: forwarding.enabled,
    ForwardingType: forwarding.type,
    ForwardingTargetType: forwarding.targetType,
    ForwardingTarget: forwarding.target,
    IsUnansweredEnabled: unanswered.enabled,
    UnansweredTargetType: unanswered.targetType,
    UnansweredTarget: unanswered.target,
    UnansweredDelay: formatDelay(unanswered.delaySeconds),
    Delegates: delegates.map(({ Id, permissions: granted }): Delegate => ({ Id, ...granted })),
  }))
  .filter((settings) => settingsWriteCheck(settings).length === 0);

const WINDOW = { startsAt: '2026-12-21T09:00:00+01:00', endsAt: '2027-01-03T18:00:00+01:00' };

/** Any cover with at least one part (whether Teams accepts its start is left to the test). */
export const anyCover: fc.Arbitrary<Cover> = fc
  .record({
    callGroup: fc.option(fc.record({ add: fc.uniqueArray(person, { minLength: 1, maxLength: 3 }), order: fc.option(fc.constantFrom('Simultaneous' as const, 'InOrder' as const), { nil: undefined }) }), { nil: undefined }),
    answering: fc.option(fc.record({ forwarding: fc.option(forwardingRule, { nil: undefined }), unanswered: fc.option(unansweredRule, { nil: undefined }) }), { nil: undefined }),
    delegate: fc.option(fc.record({ target: person, permissions }), { nil: undefined }),
  })
  .map((parts): Cover => ({ ...WINDOW, ...parts, answering: parts.answering?.forwarding || parts.answering?.unanswered ? parts.answering : undefined }))
  .filter((cover) => cover.callGroup !== undefined || cover.answering !== undefined || cover.delegate !== undefined);

/** An edit the owner makes by hand during the cover, never to the cover's own people. */
export type OwnerEdit =
  | { readonly kind: 'addMember' | 'removeMember'; readonly ref: string }
  | { readonly kind: 'reorder'; readonly seed: number }
  | { readonly kind: 'setOrder'; readonly order: CallGroupOrder }
  | { readonly kind: 'toggleForwarding' | 'toggleUnanswered' }
  | { readonly kind: 'setDelegate'; readonly ref: string; readonly permissions: DelegatePermissions }
  | { readonly kind: 'removeDelegate'; readonly ref: string };

export const ownerEdits: fc.Arbitrary<OwnerEdit[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constantFrom('addMember' as const, 'removeMember' as const), ref: person }),
    fc.record({ kind: fc.constant('reorder' as const), seed: fc.integer() }),
    fc.record({ kind: fc.constant('setOrder' as const), order: fc.constantFrom('Simultaneous' as const, 'InOrder' as const) }),
    fc.record({ kind: fc.constantFrom('toggleForwarding' as const, 'toggleUnanswered' as const) }),
    fc.record({ kind: fc.constant('setDelegate' as const), ref: person, permissions }),
    fc.record({ kind: fc.constant('removeDelegate' as const), ref: person }),
  ),
  { maxLength: 8 },
);

/** True when the edit would touch someone the cover itself adds or makes a delegate. */
export function touchesCover(edit: OwnerEdit, cover: Cover): boolean {
  if (edit.kind === 'addMember' || edit.kind === 'removeMember') return cover.callGroup?.add.some((ref) => sameRef(ref, edit.ref)) ?? false;
  if (edit.kind === 'setDelegate' || edit.kind === 'removeDelegate') return cover.delegate !== undefined && sameRef(cover.delegate.target, edit.ref);
  return false;
}

/** A key that reorders without depending on who else is in the list, so reordering commutes with removing the cover's people. */
const rank = (seed: number, ref: string) => [...ref].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0, seed >>> 0);

export function applyOwnerEdit(settings: CallingSettings, edit: OwnerEdit): CallingSettings {
  const targets = settings.CallGroupTargets;
  switch (edit.kind) {
    case 'addMember':
      return targets.includes(edit.ref) ? settings : { ...settings, CallGroupTargets: [...targets, edit.ref] };
    case 'removeMember':
      return { ...settings, CallGroupTargets: targets.filter((ref) => ref !== edit.ref) };
    case 'reorder':
      return { ...settings, CallGroupTargets: [...targets].sort((a, b) => rank(edit.seed, a) - rank(edit.seed, b) || a.localeCompare(b)) };
    case 'setOrder':
      return { ...settings, CallGroupOrder: edit.order };
    case 'toggleForwarding':
      return { ...settings, IsForwardingEnabled: !settings.IsForwardingEnabled };
    case 'toggleUnanswered':
      return { ...settings, IsUnansweredEnabled: !settings.IsUnansweredEnabled };
    case 'setDelegate': {
      const others = settings.Delegates.filter((d) => d.Id !== edit.ref);
      return { ...settings, Delegates: [...others, { Id: edit.ref, ...edit.permissions }] };
    }
    case 'removeDelegate':
      return { ...settings, Delegates: settings.Delegates.filter((d) => d.Id !== edit.ref) };
  }
}
