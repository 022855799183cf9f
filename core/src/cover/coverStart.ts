import { applyAnsweringRules } from '../change/applyChange.js';
import type { AnsweringChange } from '../change/types.js';
import { normalizeSip } from '../model/identity.js';
import type { CallingSettings, Delegate } from '../model/tenant.js';
import { sameRef } from '../plan/settingsGroup.js';
import type { Cover, CoverAnswering, CoverCallGroup, CoverDelegate, CoverNote, CoverStart, DelegatePermissions } from './types.js';

/**
 * The settings a cover's start writes: `before` with the cover's parts added. Pure and
 * total, like `applyChange`: it does not judge the cover (`validateCover` does), and it
 * writes the cover's references as they are, so pass the cover `validateCover` returned
 * (canonical `sip:` URIs) for the written list to compare cleanly with what Teams reads back.
 */
export function coverStartDesired(before: CallingSettings, cover: Cover, options: CoverStartOptions = {}): CoverStart {
  const notes: CoverNote[] = [];
  const name = (ref: string) => nameIn(options.names, ref);
  let desired = before;
  if (cover.callGroup) desired = startCallGroup(desired, cover.callGroup, notes, name);
  if (cover.answering) desired = startAnswering(desired, cover.answering);
  if (cover.delegate) desired = startDelegate(desired, cover.delegate, notes, name);
  return { desired, notes };
}

export interface CoverStartOptions {
  /** Display names by canonical `sip:` URI, for the notes. */
  readonly names?: Readonly<Record<string, string>> | undefined;
}

/** A name for a person in a sentence: the display name the caller knows, else the reference. */
export function nameIn(names: Readonly<Record<string, string>> | undefined, ref: string): string {
  return names?.[normalizeSip(ref)] ?? ref;
}

/**
 * Covering members join at the end of the list, so an in-order group still rings the owner's
 * own people first. Someone already in the group is not the cover's to take back later.
 */
function startCallGroup(settings: CallingSettings, part: CoverCallGroup, notes: CoverNote[], name: (ref: string) => string): CallingSettings {
  const targets = [...settings.CallGroupTargets];
  part.add.forEach((ref, index) => {
    if (targets.some((target) => sameRef(target, ref))) {
      const already = settings.CallGroupTargets.some((target) => sameRef(target, ref));
      notes.push({
        code: 'already-so',
        path: `callGroup.add[${index}]`,
        ref,
        message: already ? `${name(ref)} is already in the call group, so the cover leaves them there at its end.` : `${name(ref)} is listed twice; they join once.`,
      });
      return;
    }
    targets.push(ref);
  });
  return { ...settings, CallGroupTargets: targets, CallGroupOrder: part.order ?? settings.CallGroupOrder };
}

/** The forwarding rule written when a cover names only "if unanswered", and the other way round; restored below. */
const UNTOUCHED: AnsweringChange = {
  kind: 'answering',
  forwarding: { enabled: false, type: null, targetType: null, target: null },
  unanswered: { enabled: false, targetType: null, target: null, delaySeconds: 20 },
};

/**
 * Each rule the cover names is written whole (as `POST /api/me/answering` writes it); a rule it
 * does not name keeps every stored field, so its end has nothing there to take back.
 */
function startAnswering(settings: CallingSettings, part: CoverAnswering): CallingSettings {
  const change: AnsweringChange = {
    kind: 'answering',
    forwarding: part.forwarding ?? UNTOUCHED.forwarding,
    unanswered: part.unanswered ?? UNTOUCHED.unanswered,
  };
  // The cover's targets are canonical already (validateCover), so they are written as they are.
  const applied = applyAnsweringRules(settings, change, (value) => value);
  return {
    ...applied,
    ...(part.forwarding ? {} : forwardingFields(settings)),
    ...(part.unanswered ? {} : unansweredFields(settings)),
  };
}

/** Every stored field of the forwarding rule, including those the OnOff set keeps while it is off. */
export function forwardingFields(settings: CallingSettings): Partial<CallingSettings> {
  const { IsForwardingEnabled, ForwardingType, ForwardingTargetType, ForwardingTarget } = settings;
  return { IsForwardingEnabled, ForwardingType, ForwardingTargetType, ForwardingTarget };
}

/** Every stored field of the "if unanswered" rule. */
export function unansweredFields(settings: CallingSettings): Partial<CallingSettings> {
  const { IsUnansweredEnabled, UnansweredTargetType, UnansweredTarget, UnansweredDelay } = settings;
  return { IsUnansweredEnabled, UnansweredTargetType, UnansweredTarget, UnansweredDelay };
}

export const PERMISSION_NAMES: readonly (keyof DelegatePermissions)[] = ['MakeCalls', 'ReceiveCalls', 'ManageSettings', 'PickUpHeldCalls', 'JoinActiveCalls'];

export function permissionsOf(delegate: Delegate): DelegatePermissions {
  const { MakeCalls, ReceiveCalls, ManageSettings, PickUpHeldCalls, JoinActiveCalls } = delegate;
  return { MakeCalls, ReceiveCalls, ManageSettings, PickUpHeldCalls, JoinActiveCalls };
}

export function samePermissions(a: DelegatePermissions, b: DelegatePermissions): boolean {
  return PERMISSION_NAMES.every((name) => a[name] === b[name]);
}

/**
 * A new delegate gets the cover's permissions. Someone who is already a delegate gets the
 * permissions they lack, never loses one: a cover adds, and narrowing an existing delegate's
 * rights for a holiday would be a change of its own.
 */
function startDelegate(settings: CallingSettings, part: CoverDelegate, notes: CoverNote[], name: (ref: string) => string): CallingSettings {
  const existing = settings.Delegates.find((delegate) => sameRef(delegate.Id, part.target));
  if (!existing) return { ...settings, Delegates: [...settings.Delegates, { Id: part.target, ...part.permissions }] };
  const granted = Object.fromEntries(PERMISSION_NAMES.map((name) => [name, existing[name] || part.permissions[name]])) as unknown as DelegatePermissions;
  if (samePermissions(granted, permissionsOf(existing))) {
    notes.push({ code: 'already-so', path: 'delegate.target', ref: part.target, message: `${name(part.target)} is already a delegate with these permissions, so the cover leaves them as they are at its end.` });
    return settings;
  }
  return { ...settings, Delegates: settings.Delegates.map((delegate) => (delegate === existing ? { ...delegate, ...granted } : delegate)) };
}
