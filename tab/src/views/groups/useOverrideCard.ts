import { useState } from 'react';
import { useSession } from '../../app/session';
import { useSubmission } from '../../components/useSubmission';

/** The "none" choice of the override radio group: no override, each group's own setting applies. */
export const NO_OVERRIDE = 'none';

/** My notification override for every group: the choice shown, and sending it. */
export function useOverrideCard() {
  const { api, me, reloadMe, online } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const [value, setValue] = useState<string>(me.notificationOverride ?? NO_OVERRIDE);
  const choose = (next: string) => {
    setValue(next);
    void send('/api/me/notification-override', { value: next === NO_OVERRIDE ? null : next }, 'PUT');
  };
  return { submission, value, choose, busy: !online || submission.phase === 'sending' };
}
