import { useMemo, useState } from 'react';
import { decisionSchema } from '@cgm/core';
import { useSession } from '../../app/session';
import { usePeopleNames } from '../../components/usePeopleNames';
import { addressesOf } from './describeChange';

/**
 * My requests: they come with my page (/api/me, loaded by the shell), so this holds only
 * people's names, and the cancel call with the request it is busy with and its error.
 */
export function useRequestsView() {
  const { api, me, reloadMe, online } = useSession();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const names = usePeopleNames(api, useMemo(() => me.requests.flatMap(addressesOf), [me.requests]));
  const cancel = async (id: string) => {
    setBusy(id);
    setError(undefined);
    try {
      await api.json(`/api/requests/${id}`, decisionSchema, { method: 'DELETE' });
      reloadMe();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(undefined);
    }
  };
  return { requests: me.requests, names, error, online, canCancel: (id: string) => online && busy !== id, cancel: (id: string) => void cancel(id) };
}
