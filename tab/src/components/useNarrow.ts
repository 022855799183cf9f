import { useSyncExternalStore } from 'react';

/** Below this width a table's columns no longer fit: views show their rows as stacked cards instead. */
export const NARROW_QUERY = '(max-width: 599.98px)';

function subscribe(listener: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

/** True while the tab is narrower than NARROW_QUERY (a phone, Teams' narrow side panel); re-renders when that changes. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches);
}
