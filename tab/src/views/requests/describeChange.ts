import type { ChangeRequest } from '../../api/schemas';
import { strings } from '../../strings';

const short = (ref: unknown) => String(ref ?? '').replace(/^sip:/i, '');

/** One line saying what a request asks for, from its change as proposed. */
export function describeChange(request: Pick<ChangeRequest, 'kind' | 'change'>): string {
  const change = request.change;
  switch (request.kind) {
    case 'callGroup': {
      const targets = Array.isArray(change['targets']) ? (change['targets'] as unknown[]).map(short) : [];
      const order = change['order'] === 'InOrder' ? strings.callGroup.inOrder : strings.callGroup.simultaneous;
      return `${order}: ${targets.length > 0 ? targets.join(', ') : strings.approvals.none}`;
    }
    case 'membershipNotification':
      return `${short(change['ownerId'])}: ${String(change['notification'])}`;
    case 'notificationOverride':
      return `${String(change['value'] ?? strings.groups.overrideNone)}`;
    case 'answering': {
      const rule = (value: unknown) => {
        const r = (value ?? {}) as Record<string, unknown>;
        if (!r['enabled']) return 'off';
        const type = strings.answering.targets[String(r['targetType'])] ?? String(r['targetType']);
        return r['target'] ? `${type} (${short(r['target'])})` : type;
      };
      return `${strings.answering.forwardingHeading}: ${rule(change['forwarding'])}; ${strings.answering.unansweredHeading}: ${rule(change['unanswered'])}`;
    }
    default:
      return String(change['summary'] ?? request.kind);
  }
}
