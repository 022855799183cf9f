import type { ChangeRequest } from '@cgm/core';
import { shortAddress } from '../../components/address';
import { formatWhen, strings } from '../../strings';

/** Every address a request names (who asked, whom it is about, the people in its change and its before and after), for looking up names. */
export function addressesOf(request: Pick<ChangeRequest, 'requester' | 'subject' | 'change' | 'before' | 'after' | 'notes'>): string[] {
  const found: string[] = [request.requester, request.subject];
  const add = (value: unknown) => {
    if (typeof value === 'string') found.push(value);
  };
  const addAll = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(add);
  };
  const change = request.change;
  addAll(change['targets']);
  add(change['ownerId']);
  for (const rule of [change['forwarding'], change['unanswered']]) if (rule && typeof rule === 'object') add((rule as Record<string, unknown>)['target']);
  const cover = coverOf(request.notes);
  addAll(cover?.callGroup?.add);
  add(cover?.answering?.forwarding?.target);
  add(cover?.answering?.unanswered?.target);
  add(cover?.delegate?.target);
  for (const side of [request.before, request.after]) {
    if (!side) continue;
    addAll(side['CallGroupTargets']);
    add(side['ForwardingTarget']);
    add(side['UnansweredTarget']);
  }
  return found;
}

/** One line saying what a request asks for, from its change as proposed; `name` turns an address into the person's name where known. */
export function describeChange(request: Pick<ChangeRequest, 'kind' | 'change' | 'notes'>, name: (ref: string) => string = shortAddress): string {
  const change = request.change;
  const person = (ref: unknown) => name(String(ref ?? ''));
  switch (request.kind) {
    case 'callGroup': {
      const targets = Array.isArray(change['targets']) ? (change['targets'] as unknown[]).map(person) : [];
      const order = change['order'] === 'InOrder' ? strings.callGroup.inOrder : strings.callGroup.simultaneous;
      return `${order}: ${targets.length > 0 ? targets.join(', ') : strings.approvals.none}`;
    }
    case 'membershipNotification':
      return `${person(change['ownerId'])}: ${String(change['notification'])}`;
    case 'notificationOverride':
      return `${String(change['value'] ?? strings.groups.overrideNone)}`;
    case 'answering': {
      const rule = (value: unknown) => {
        const r = (value ?? {}) as Record<string, unknown>;
        if (!r['enabled']) return 'off';
        const type = strings.answering.targets[String(r['targetType'])] ?? String(r['targetType']);
        return r['target'] ? `${type} (${person(r['target'])})` : type;
      };
      return `${strings.answering.forwardingHeading}: ${rule(change['forwarding'])}; ${strings.answering.unansweredHeading}: ${rule(change['unanswered'])}`;
    }
    case 'cover':
      return describeCover(request, person);
    default:
      return String(change['summary'] ?? request.kind);
  }
}

interface CoverRule {
  readonly enabled?: boolean;
  readonly type?: string;
  readonly targetType?: string | null;
  readonly target?: string | null;
}

/** The cover a cover's request carries in its notes (its approval and extension do; its start and end do not). */
interface CoverNotes {
  readonly startsAt: string;
  readonly endsAt: string;
  readonly callGroup?: { readonly add?: readonly string[] };
  readonly answering?: { readonly forwarding?: CoverRule; readonly unanswered?: CoverRule };
  readonly delegate?: { readonly target?: string };
}

function coverOf(notes: unknown): CoverNotes | undefined {
  const cover = (notes as { cover?: Partial<CoverNotes> } | null | undefined)?.cover;
  return typeof cover?.startsAt === 'string' && typeof cover.endsAt === 'string' ? (cover as CoverNotes) : undefined;
}

/** Who covers what, from when until when in the reader's time zone; an extension shows the end it has and the one asked for. */
function describeCover(request: Pick<ChangeRequest, 'change' | 'notes'>, person: (ref: unknown) => string): string {
  const { change } = request;
  const cover = coverOf(request.notes);
  if (!cover) return String(change['summary'] ?? '');
  const t = strings.request.cover;
  const asked = String(change['endsAt'] ?? cover.endsAt);
  const end = change['phase'] === 'extension' && asked !== cover.endsAt ? `${formatWhen(cover.endsAt)} → ${formatWhen(asked)}` : formatWhen(asked);
  const toPerson = (rule: CoverRule) => rule.targetType === 'SingleTarget' && rule.target;
  const where = (rule: CoverRule) => strings.answering.targets[String(rule.targetType)] ?? String(rule.targetType);
  const parts: string[] = [];
  if (cover.callGroup?.add?.length) parts.push(t.joins(cover.callGroup.add.map(person).join(', ')));
  const { forwarding, unanswered } = cover.answering ?? {};
  if (forwarding?.enabled) {
    if (!toPerson(forwarding)) parts.push(t.forwardingTo(where(forwarding)));
    else parts.push(forwarding.type === 'Simultaneous' ? t.alsoRings(person(forwarding.target)) : t.forwardedTo(person(forwarding.target)));
  }
  if (unanswered?.enabled) parts.push(toPerson(unanswered) ? t.unanswered(person(unanswered.target)) : t.unansweredTo(where(unanswered)));
  if (cover.delegate?.target) parts.push(t.delegate(person(cover.delegate.target)));
  return t.line(parts.join('; '), t.period(formatWhen(String(change['startsAt'] ?? cover.startsAt)), end));
}
