import { useMemo, useState } from 'react';
import type { ApprovalPolicy, CallGroupChange, CallGroupOrder, CallingSettings, Problem } from '@cgm/core';
import { MAX_CALL_GROUP_MEMBERS, MAX_IN_ORDER_MEMBERS, needsApproval, normalizeSip, validateChange } from '@cgm/core';
import type { Person } from '@cgm/core';
import { browserTenant } from '../../validation/browserLookup';

export interface CallGroupEditorInput {
  readonly me: Person;
  readonly settings: CallingSettings;
  /** The current members as /api/me lists them, in ring order. */
  readonly members: readonly Person[];
  readonly approvalPolicy: ApprovalPolicy;
}

/** What the editor shows about the edited list: core's verdict, the meters and the summary. */
export interface CallGroupVerdict {
  readonly change: CallGroupChange;
  readonly dirty: boolean;
  readonly valid: boolean;
  readonly problems: readonly Problem[];
  /** People joining and leaving, by name, once the change is valid. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly reordered: boolean;
  readonly needsApproval: boolean;
  readonly limits: { readonly members: number; readonly maxMembers: number; readonly maxInOrder: number };
}

const sipOf = (person: Person) => normalizeSip(person.sip);
/** How the change names a member: as Teams holds them for current members, by SIP address for new ones. */
const targetOf = (person: Person) => person.target ?? person.sip;

/**
 * The call group editor's state: the edited list and ring order, judged on every edit by core's
 * `validateChange` (the same rules the server runs) and core's `needsApproval`.
 */
export function useCallGroupEditor({ me, settings, members: initial, approvalPolicy }: CallGroupEditorInput) {
  const [order, setOrder] = useState<CallGroupOrder>(settings.CallGroupOrder);
  const [members, setMembers] = useState<readonly Person[]>(initial);

  const verdict = useMemo<CallGroupVerdict>(() => {
    const change: CallGroupChange = { kind: 'callGroup', order, targets: members.map(targetOf) };
    const before = initial.map(sipOf);
    const after = members.map(sipOf);
    const dirty = order !== settings.CallGroupOrder || before.length !== after.length || before.some((sip, index) => sip !== after[index]);
    const { lookup, me: user, groupsOf } = browserTenant(me, settings, [...initial, ...members]);
    const result = validateChange({ lookup, user, change, groupsOf });
    const nameOf = new Map([...initial, ...members].map((person) => [sipOf(person), person.displayName] as const));
    const limits = { members: members.length, maxMembers: MAX_CALL_GROUP_MEMBERS, maxInOrder: MAX_IN_ORDER_MEMBERS };
    if (!result.ok) return { change, dirty, valid: false, problems: result.problems, added: [], removed: [], reordered: false, needsApproval: false, limits };
    const notes = result.value.notes;
    const added = notes.kind === 'callGroup' ? notes.added.map((sip) => nameOf.get(sip) ?? sip) : [];
    const removed = notes.kind === 'callGroup' ? notes.removed.map((sip) => nameOf.get(sip) ?? sip) : [];
    const kept = after.filter((sip) => before.includes(sip));
    const reordered = order !== settings.CallGroupOrder || kept.join() !== before.filter((sip) => after.includes(sip)).join();
    return { change, dirty, valid: true, problems: [], added, removed, reordered, needsApproval: needsApproval(approvalPolicy, change, settings, result.value.desired), limits };
  }, [order, members, initial, me, settings, approvalPolicy]);

  return {
    order,
    members,
    verdict,
    setOrder,
    add(person: Person) {
      setMembers((list) => (list.some((member) => sipOf(member) === sipOf(person)) ? list : [...list, person]));
    },
    remove(index: number) {
      setMembers((list) => list.filter((_, at) => at !== index));
    },
    /** Move one member up (-1) or down (+1) the ring order. */
    move(index: number, delta: -1 | 1) {
      setMembers((list) => {
        const target = index + delta;
        if (target < 0 || target >= list.length) return list;
        const next = [...list];
        [next[index], next[target]] = [next[target] as Person, next[index] as Person];
        return next;
      });
    },
    reset() {
      setOrder(settings.CallGroupOrder);
      setMembers(initial);
    },
  };
}
