import { useState } from 'react';
import type { DelegatePermissions, Person, Problem } from '@cgm/core';
import { COVER_DELEGATE_DEFAULTS, coverAcceptedSchema } from '@cgm/core';
import { ApiCallError } from '../../api/apiClient';
import { useSession } from '../../app/session';
import { strings } from '../../strings';
import { instantToLocal, localToInstant } from './coverTime';

/** What the covering person does: a member of my group, my calls forwarded, also rung or sent on unanswered, or my delegate. */
export const COVER_WHATS = ['callGroup', 'forward', 'alsoRing', 'unanswered', 'delegate'] as const;
export type CoverWhat = (typeof COVER_WHATS)[number];

/** The form's fields, each with the problems shown next to it. */
export type CoverField = 'who' | 'what' | 'startsAt' | 'endsAt' | 'permissions';

export type FieldProblems = Partial<Record<CoverField, string[]>>;

/** Seconds an unanswered call rings me before it goes to the covering person: Teams' own default. */
const UNANSWERED_DELAY_SECONDS = 20;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

export interface CoverDraft {
  readonly who: Person | undefined;
  readonly what: CoverWhat;
  readonly permissions: DelegatePermissions;
  readonly startNow: boolean;
  /** `datetime-local` values, read in the person's zone. */
  readonly startsAt: string;
  readonly endsAt: string;
}

/** A 422's problem, by the path core gives it, moved onto the field that shows it; undefined for one no field owns. */
export function fieldOf(path: string | undefined): CoverField | undefined {
  if (!path) return undefined;
  if (path.startsWith('startsAt')) return 'startsAt';
  if (path.startsWith('endsAt')) return 'endsAt';
  if (path.startsWith('delegate.permissions')) return 'permissions';
  if (path.startsWith('callGroup') || path.startsWith('answering') || path.startsWith('delegate')) return 'who';
  return undefined;
}

/** The problems by field, and those no field owns (shown above the form). */
export function placeProblems(problems: readonly Problem[]): { fields: FieldProblems; general: string[] } {
  const fields: FieldProblems = {};
  const general: string[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem.path);
    if (field) (fields[field] ??= []).push(problem.message);
    else general.push(problem.message);
  }
  return { fields, general };
}

/** The body of `POST /api/me/covers` the draft asks for (core's coverSchema judges it). */
export function coverBody(draft: CoverDraft, zone: string, now: Date): Record<string, unknown> {
  const target = draft.who?.sip ?? '';
  const single = { enabled: true, targetType: 'SingleTarget', target };
  const part: Record<CoverWhat, Record<string, unknown>> = {
    callGroup: { callGroup: { add: [target] } },
    forward: { answering: { forwarding: { ...single, type: 'Immediate' } } },
    alsoRing: { answering: { forwarding: { ...single, type: 'Simultaneous' } } },
    unanswered: { answering: { unanswered: { ...single, delaySeconds: UNANSWERED_DELAY_SECONDS } } },
    delegate: { delegate: { target, permissions: draft.permissions } },
  };
  return {
    startsAt: draft.startNow ? now.toISOString() : (localToInstant(draft.startsAt, zone) ?? draft.startsAt),
    endsAt: localToInstant(draft.endsAt, zone) ?? draft.endsAt,
    ...part[draft.what],
  };
}

/** Problems the tab can see before asking: nobody chosen, a field left empty. The server judges the rest. */
function localProblems(draft: CoverDraft): FieldProblems {
  const problems: FieldProblems = {};
  if (!draft.who) problems.who = [strings.covers.needPerson];
  if (!draft.startNow && draft.startsAt === '') problems.startsAt = [strings.covers.needTime];
  if (draft.endsAt === '') problems.endsAt = [strings.covers.needTime];
  return problems;
}

export type CoverSent = { readonly needsApproval: boolean } | undefined;

/** The new-cover form: its draft, sending it, and every problem the server names next to its field. */
export function useCoverForm(zone: string, onCreated: () => void, now: () => Date = () => new Date()) {
  const { api } = useSession();
  const [draft, setDraft] = useState<CoverDraft>(() => {
    const start = now().getTime();
    return { who: undefined, what: 'callGroup', permissions: COVER_DELEGATE_DEFAULTS, startNow: true, startsAt: instantToLocal(start + HOUR, zone), endsAt: instantToLocal(start + WEEK, zone) };
  });
  const [problems, setProblems] = useState<{ fields: FieldProblems; general: string[] }>({ fields: {}, general: [] });
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<CoverSent>();

  const change = (patch: Partial<CoverDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setSent(undefined);
  };

  async function submit(): Promise<void> {
    const local = localProblems(draft);
    if (Object.keys(local).length > 0) {
      setProblems({ fields: local, general: [] });
      return;
    }
    setSending(true);
    setProblems({ fields: {}, general: [] });
    try {
      const answer = await api.json('/api/me/covers', coverAcceptedSchema, { method: 'POST', body: coverBody(draft, zone, now()) });
      setSent({ needsApproval: answer.cover.needsApproval });
      setDraft((current) => ({ ...current, who: undefined }));
      onCreated();
    } catch (error) {
      if (error instanceof ApiCallError && error.problems.length > 0) setProblems(placeProblems(error.problems));
      else setProblems({ fields: {}, general: [error instanceof Error ? error.message : String(error)] });
    } finally {
      setSending(false);
    }
  }

  return { draft, change, submit, problems, sending, sent };
}
