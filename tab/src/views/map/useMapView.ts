import { useMemo, useState } from 'react';
import type { MapNode } from '@cgm/core';
import { clustersSchema, relationshipMapSchema } from '@cgm/core';
import { useSession } from '../../app/session';
import { shortAddress } from '../../components/address';
import { useAsync } from '../../components/useAsync';

/** How far from the centre the map reaches, in call group hops (the server allows 1 to 3). */
export const DEPTHS = [1, 2, 3] as const;

/**
 * The relationship map's state: whom it is centred on and how deep, the map's load and the
 * clusters' load (each loading, error or ready on its own), and people's names from the map.
 */
export function useMapView() {
  const { api, me } = useSession();
  const [centre, setCentre] = useState(me.me.upn ?? me.me.sip);
  const [depth, setDepth] = useState(2);
  const { state, reload } = useAsync((signal) => api.json(`/api/relationships?person=${encodeURIComponent(centre)}&depth=${depth}`, relationshipMapSchema, { signal }), `${centre}|${depth}`);
  const clusters = useAsync((signal) => api.json('/api/relationships/clusters?limit=5', clustersSchema, { signal }), 'clusters');
  const map = state.data;
  const name = useMemo(() => {
    const byId = new Map<string, MapNode>((map?.nodes ?? []).map((node) => [node.sip, node]));
    return (sip: string) => byId.get(sip)?.displayName ?? shortAddress(sip);
  }, [map]);
  return { api, state, reload, map, clusters, centre, setCentre, depth, setDepth, name, centreName: map ? name(map.centre) : centre };
}
