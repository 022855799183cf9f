import { useCallback, useEffect, useRef, useState } from 'react';

/** A load's state: what the view shows is one of these, never a guess. */
export type AsyncState<TValue> =
  | { readonly status: 'loading'; readonly data?: TValue }
  | { readonly status: 'error'; readonly error: Error; readonly data?: TValue }
  | { readonly status: 'ready'; readonly data: TValue };

/**
 * Runs `load` on mount and whenever `key` changes; `reload()` runs it again (keeping the last
 * data on screen while it does). A stale answer never overwrites a newer one.
 */
export function useAsync<TValue>(load: (signal: AbortSignal) => Promise<TValue>, key: string) {
  const [state, setState] = useState<AsyncState<TValue>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ status: 'ready', data }),
      (error: unknown) => !controller.signal.aborted && setState((previous) => ({ status: 'error', error: error instanceof Error ? error : new Error(String(error)), data: previous.data })),
    );
    return () => controller.abort();
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, reload };
}
