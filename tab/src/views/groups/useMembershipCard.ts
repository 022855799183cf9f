import { useEffect, useState } from 'react';
import type { MeResponse, NotificationSetting } from '@cgm/core';
import { useSession } from '../../app/session';
import { useSubmission } from '../../components/useSubmission';

export type Membership = MeResponse['memberships'][number];

/**
 * One group I am in: my alert choice (shown at once, put back when the server refuses it),
 * the request to leave, and the shared submission state of both.
 */
export function useMembershipCard(membership: Membership) {
  const { api, reloadMe, online, host } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const [choice, setChoice] = useState<NotificationSetting>(membership.notification);
  // A refused choice goes back to what Teams holds, with the server's reason shown below.
  useEffect(() => {
    if (submission.phase === 'failed') setChoice(membership.notification);
  }, [submission.phase, membership.notification]);
  const ownerRef = membership.owner.upn ?? membership.ownerSip;
  const choose = (value: NotificationSetting) => {
    setChoice(value);
    void send(`/api/me/memberships/${encodeURIComponent(ownerRef)}`, { notification: value }, 'PUT');
  };
  const askRemoval = () => void send(`/api/me/memberships/${encodeURIComponent(ownerRef)}/leave`, {});
  const busy = !online || submission.phase === 'sending';
  return { submission, choice, choose, askRemoval, busy, ownerRef, host };
}
