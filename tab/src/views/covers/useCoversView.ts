import { useState } from 'react';
import type { CoverView } from '@cgm/core';
import { coverAcceptedSchema, coversSchema, resolveZone } from '@cgm/core';
import { ApiCallError } from '../../api/apiClient';
import { useSession } from '../../app/session';
import { useAsync } from '../../components/useAsync';
import { hostTimeZone } from '../notifications/useNotificationsView';

/** Where a cover is, as the list groups them. */
export type CoverGroup = 'upcoming' | 'active' | 'ended';
export const COVER_GROUPS: readonly CoverGroup[] = ['active', 'upcoming', 'ended'];

export function groupOf(cover: CoverView): CoverGroup {
  if (cover.status === 'active') return 'active';
  return cover.status === 'pending' || cover.status === 'scheduled' ? 'upcoming' : 'ended';
}

/** Extend moves the end a week later: a holiday running over, the commonest reason to extend. */
export const EXTEND_BY_MS = 7 * 24 * 3_600_000;

export type CoverAction = 'cancel' | 'end' | 'extend';

/** An action's outcome on one cover: refused with its problems, or running. */
export interface ActionState {
  readonly coverId: string;
  readonly busy: boolean;
  readonly problems: readonly string[];
}

/**
 * My covers: their load, and Cancel (not started), End now (active) or Extend by a week on
 * each. After an action the list is read again, so what shows is what the server stored.
 */
export function useCoversView() {
  const { api, me, host, online } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/me/covers', coversSchema, { signal }), `covers:${me.me.upn}`);
  const [action, setAction] = useState<ActionState | undefined>();
  const zone = resolveZone(hostTimeZone(host) ?? null);

  async function act(cover: CoverView, kind: CoverAction): Promise<void> {
    setAction({ coverId: cover.id, busy: true, problems: [] });
    try {
      const path = `/api/me/covers/${encodeURIComponent(cover.id)}`;
      if (kind === 'extend') {
        const endsAt = new Date(Date.parse(cover.endsAt) + EXTEND_BY_MS).toISOString();
        await api.json(path, coverAcceptedSchema, { method: 'PATCH', body: { endsAt } });
      } else {
        await api.json(path, coverAcceptedSchema, { method: 'DELETE' });
      }
      setAction(undefined);
    } catch (error) {
      const problems = error instanceof ApiCallError && error.problems.length > 0 ? error.problems.map((problem) => problem.message) : [error instanceof Error ? error.message : String(error)];
      setAction({ coverId: cover.id, busy: false, problems });
    }
    reload();
  }

  return { state, reload, covers: state.data?.covers, zone, act, action, busy: !online || (action?.busy ?? false) };
}
