import { Caption1, Text } from '@fluentui/react-components';
import { CheckmarkCircleRegular, CircleRegular, DismissCircleRegular, ErrorCircleRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { ChangeRequest } from '@cgm/core';
import { formatWhen, strings } from '../../strings';
import { shortAddress } from '../../components/address';
import { useRequestTimelineStyles } from './useRequestTimelineStyles.styles';

function failureText(failure: unknown): string {
  if (!failure) return '';
  if (typeof failure === 'string') return failure;
  const record = failure as Record<string, unknown>;
  return String(record['message'] ?? record['reason'] ?? JSON.stringify(failure));
}

/** A request's life in steps, each with an icon and words: proposed, decided by whom, applied or failed and why. */
export function RequestTimeline({ request }: { request: ChangeRequest }) {
  const styles = useRequestTimelineStyles();
  const steps: { icon: ReactNode; text: string }[] = [{ icon: <CircleRegular className={styles.neutral} />, text: strings.requests.proposed(formatWhen(request.createdAt)) }];
  if (!request.needsApproval) steps.push({ icon: <CheckmarkCircleRegular className={styles.good} />, text: strings.requests.noApprovalNeeded });
  if (request.status === 'pending') steps.push({ icon: <CircleRegular className={styles.neutral} />, text: strings.requests.waiting(formatWhen(request.expiresAt)) });
  if (request.decidedBy && request.status !== 'rejected' && request.needsApproval) steps.push({ icon: <CheckmarkCircleRegular className={styles.good} />, text: strings.requests.approvedBy(shortAddress(request.decidedBy), formatWhen(request.decidedAt)) });
  if (request.status === 'rejected') {
    steps.push({ icon: <DismissCircleRegular className={styles.bad} />, text: strings.requests.rejectedBy(shortAddress(request.decidedBy ?? ''), formatWhen(request.decidedAt)) });
    if (request.decisionReason) steps.push({ icon: <DismissCircleRegular className={styles.bad} />, text: strings.requests.reason(request.decisionReason) });
  }
  if (request.status === 'applied') steps.push({ icon: <CheckmarkCircleRegular className={styles.good} />, text: strings.requests.applied(formatWhen(request.appliedAt)) });
  if (request.status === 'failed') steps.push({ icon: <ErrorCircleRegular className={styles.bad} />, text: strings.requests.failed(failureText(request.failure)) });
  if (request.status === 'cancelled') steps.push({ icon: <DismissCircleRegular className={styles.neutral} />, text: strings.requests.cancelled(formatWhen(request.decidedAt)) });
  if (request.status === 'expired') steps.push({ icon: <DismissCircleRegular className={styles.neutral} />, text: strings.requests.expired(formatWhen(request.expiresAt)) });
  if (request.status === 'superseded') steps.push({ icon: <DismissCircleRegular className={styles.neutral} />, text: request.failure ? strings.requests.overtaken(failureText(request.failure)) : strings.requests.superseded });
  return (
    <ol className={styles.list} aria-label={strings.requests.timeline(strings.request.kinds[request.kind] ?? request.kind)}>
      {steps.map((step, index) => (
        <li key={index} className={styles.step}>
          <span aria-hidden="true">{step.icon}</span>
          {index === 0 ? <Text>{step.text}</Text> : <Caption1>{step.text}</Caption1>}
        </li>
      ))}
    </ol>
  );
}
