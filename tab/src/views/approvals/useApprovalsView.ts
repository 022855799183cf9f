import { useMemo, useState } from 'react';
import { approvalsSchema } from '@cgm/core';
import { useSession } from '../../app/session';
import { useAsync } from '../../components/useAsync';
import { usePeopleNames } from '../../components/usePeopleNames';
import { addressesOf } from '../requests/describeChange';

/** The approvals list: its load (loading, error, ready), people's names, and the notice after a decision, which reloads the list. */
export function useApprovalsView() {
  const { api } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/approvals', approvalsSchema, { signal }), 'approvals');
  const [notice, setNotice] = useState<string | undefined>();
  const requests = state.data?.requests;
  const names = usePeopleNames(api, useMemo(() => (requests ?? []).flatMap(addressesOf), [requests]));
  const decided = (message: string) => {
    setNotice(message);
    reload();
  };
  return { state, reload, notice, names, decided };
}
