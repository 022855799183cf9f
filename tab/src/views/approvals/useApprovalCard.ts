import { useState } from 'react';
import type { ChangeRequest } from '@cgm/core';
import { MAX_REJECT_REASON, decisionSchema } from '@cgm/core';
import { useSession } from '../../app/session';
import { strings } from '../../strings';

/**
 * One pending request's decision: approve at once, or reject with a reason in a dialog. While
 * a decision is on its way the buttons wait; a refused decision shows the server's words.
 */
export function useApprovalCard(request: ChangeRequest, onDecided: (message: string) => void) {
  const { api, online } = useSession();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const decide = async (verb: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      await api.json(`/api/approvals/${request.id}/${verb}`, decisionSchema, { method: 'POST', body: verb === 'reject' ? { reason } : {} });
      setRejecting(false);
      onDecided(verb === 'approve' ? strings.approvals.approved : strings.approvals.rejected);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return {
    online, busy, error, reason, setReason, rejecting, setRejecting,
    reasonTooLong: reason.length > MAX_REJECT_REASON,
    approve: () => void decide('approve'),
    reject: () => void decide('reject'),
  };
}
