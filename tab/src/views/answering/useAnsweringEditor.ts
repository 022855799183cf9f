import { useMemo, useState } from 'react';
import type { AnsweringChange, ApprovalPolicy, CallingSettings, ForwardingType, Problem, TargetType } from '@cgm/core';
import { DEFAULT_UNANSWERED_DELAY_SECONDS, needsApproval, parseDelaySeconds, validateChange } from '@cgm/core';
import type { Person } from '@cgm/core';
import { browserTenant } from '../../validation/browserLookup';

export interface RuleDraft {
  readonly enabled: boolean;
  readonly targetType: TargetType | null;
  /** A person's sip or a phone number, for SingleTarget. */
  readonly target: string | null;
}
export interface AnsweringDraft {
  readonly forwarding: RuleDraft & { readonly type: ForwardingType | null };
  readonly unanswered: RuleDraft & { readonly delaySeconds: number };
}

export function draftOf(settings: CallingSettings): AnsweringDraft {
  return {
    forwarding: { enabled: settings.IsForwardingEnabled, type: settings.ForwardingType, targetType: settings.ForwardingTargetType, target: settings.ForwardingTarget },
    unanswered: {
      enabled: settings.IsUnansweredEnabled,
      targetType: settings.UnansweredTargetType,
      target: settings.UnansweredTarget,
      delaySeconds: parseDelaySeconds(settings.UnansweredDelay) ?? DEFAULT_UNANSWERED_DELAY_SECONDS,
    },
  };
}

/** A switched-off rule is sent without target, so Teams keeps what it holds and only switches it off. */
export function changeOf(draft: AnsweringDraft): AnsweringChange {
  const rule = <TRule extends RuleDraft>(value: TRule) => (value.enabled ? { ...value, target: value.targetType === 'SingleTarget' ? value.target : null } : { ...value, targetType: null, target: null });
  const forwarding = rule(draft.forwarding);
  return { kind: 'answering', forwarding: { ...forwarding, type: draft.forwarding.enabled ? draft.forwarding.type : null }, unanswered: rule(draft.unanswered) };
}

/** My call answering as edited, judged by core's `validateChange` on every edit. */
export function useAnsweringEditor(input: { me: Person; settings: CallingSettings; groupMembers: readonly Person[]; approvalPolicy: ApprovalPolicy }) {
  const { me, settings, groupMembers, approvalPolicy } = input;
  const initial = useMemo(() => draftOf(settings), [settings]);
  const [draft, setDraft] = useState<AnsweringDraft>(initial);
  const [picked, setPicked] = useState<readonly Person[]>([]);
  const verdict = useMemo(() => {
    const change = changeOf(draft);
    const dirty = JSON.stringify(changeOf(initial)) !== JSON.stringify(change);
    const { lookup, me: user } = browserTenant(me, settings, [...groupMembers, ...picked]);
    const result = validateChange({ lookup, user, change });
    const problems: readonly Problem[] = result.ok ? [] : result.problems;
    return { change, dirty, valid: result.ok, problems, needsApproval: result.ok ? needsApproval(approvalPolicy, change, settings, result.value.desired) : false };
  }, [draft, initial, me, settings, groupMembers, picked, approvalPolicy]);
  return {
    draft,
    verdict,
    setForwarding: (patch: Partial<AnsweringDraft['forwarding']>) => setDraft((d) => ({ ...d, forwarding: { ...d.forwarding, ...patch } })),
    setUnanswered: (patch: Partial<AnsweringDraft['unanswered']>) => setDraft((d) => ({ ...d, unanswered: { ...d.unanswered, ...patch } })),
    /** Remember a person picked as a target, so core can find them. */
    pick: (person: Person) => setPicked((list) => [...list, person]),
    reset: () => setDraft(initial),
  };
}
