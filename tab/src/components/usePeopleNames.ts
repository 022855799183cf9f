import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/apiClient';
import { directorySchema } from '@cgm/core';
import { shortAddress } from './address';

/**
 * People's display names for the addresses a request names. Requests and approvals carry SIP
 * addresses only (bot/src/http/meRoutes.ts `requestView`), so each distinct address is looked up
 * once in the directory (`GET /api/directory?q=`), taking only the entry whose SIP address or UPN
 * is exactly that address. An address the directory does not know (someone who left, a phone
 * number) keeps no name, and the view shows the address as it is.
 */
export function usePeopleNames(api: ApiClient, refs: readonly string[]): ReadonlyMap<string, string> {
  const wanted = useMemo(() => [...new Set(refs.map((ref) => shortAddress(ref).toLowerCase()).filter((address) => address.includes('@')))].sort(), [refs]);
  const key = wanted.join('\n');
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (key === '') return;
    const controller = new AbortController();
    const addresses = key.split('\n');
    void Promise.all(
      addresses.map(async (address): Promise<[string, string] | undefined> => {
        try {
          const { results } = await api.json(`/api/directory?q=${encodeURIComponent(address)}`, directorySchema, { signal: controller.signal });
          const person = results.find((candidate) => shortAddress(candidate.sip).toLowerCase() === address || candidate.upn?.toLowerCase() === address);
          return person ? [address, person.displayName] : undefined;
        } catch {
          // A failed look-up only means the address is shown instead of the name.
          return undefined;
        }
      }),
    ).then((found) => {
      if (!controller.signal.aborted) setNames(new Map(found.filter((entry) => entry !== undefined)));
    });
    return () => controller.abort();
  }, [api, key]);
  return names;
}

/** "Adele Vance" for an address the directory named, else the address itself. */
export function nameOf(names: ReadonlyMap<string, string>, ref: string): string {
  const address = shortAddress(ref);
  return names.get(address.toLowerCase()) ?? address;
}
