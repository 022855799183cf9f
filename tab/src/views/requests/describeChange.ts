import type { ChangeRequest } from '@cgm/core';
import { shortAddress } from '../../components/address';
import { strings } from '../../strings';


/** Every address a request names (who asked, whom it is about, the people in its change and its before and after), for looking up names. */
export function addressesOf(request: Pick<ChangeRequest, 'requester' | 'subject' | 'change' | 'before' | 'after'>): string[] {
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
  for (const side of [request.before, request.after]) {
    if (!side) continue;
    addAll(side['CallGroupTargets']);
    add(side['ForwardingTarget']);
    add(side['UnansweredTarget']);
  }
  return found;
}

/** One line saying what a request asks for, from its change as proposed; `name` turns an address into the person's name where known. */
export function describeChange(request: Pick<ChangeRequest, 'kind' | 'change'>, name: (ref: string) => string = shortAddress): string {
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
    default:
      return String(change['summary'] ?? request.kind);
  }
}
