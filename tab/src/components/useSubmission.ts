import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '@cgm/core';
import { ApiCallError } from '../api/apiClient';
import type { ApiClient } from '../api/apiClient';
import type { Accepted, RequestStatus } from '@cgm/core';
import { acceptedSchema, oneRequestSchema } from '@cgm/core';

/** Request states after which nothing more happens. */
export const FINAL_STATUSES: ReadonlySet<RequestStatus> = new Set<RequestStatus>(['applied', 'failed', 'rejected', 'cancelled', 'expired', 'superseded']);
/** How often a sent request is looked at until it settles. */
export const STATUS_POLL_MS = 1500;

export type Submission =
  | { readonly phase: 'idle' }
  | { readonly phase: 'sending' }
  | { readonly phase: 'sent'; readonly id: string; readonly status: RequestStatus; readonly needsApproval: boolean }
  | { readonly phase: 'failed'; readonly message: string; readonly problems: readonly Problem[] };

/**
 * Sending a change and following it: the server's answer (202 with the request, or its
 * reasons), then the request's status until it is applied, failed or decided. `onSettled`
 * runs once when it settles, so the view can read my settings again.
 */
export function useSubmission(api: ApiClient, onSettled: () => void) {
  const [submission, setSubmission] = useState<Submission>({ phase: 'idle' });

  const send = useCallback(
    async (path: string, body: unknown, method: 'POST' | 'PUT' = 'POST') => {
      setSubmission({ phase: 'sending' });
      try {
        const accepted: Accepted = await api.json(path, acceptedSchema, { method, body });
        setSubmission({ phase: 'sent', id: accepted.request.id, status: accepted.request.status, needsApproval: accepted.request.needsApproval ?? false });
      } catch (error) {
        const problems = error instanceof ApiCallError ? error.problems : [];
        setSubmission({ phase: 'failed', message: error instanceof Error ? error.message : String(error), problems });
      }
    },
    [api],
  );

  const id = submission.phase === 'sent' ? submission.id : undefined;
  const status = submission.phase === 'sent' ? submission.status : undefined;
  useEffect(() => {
    if (!id || !status) return;
    if (FINAL_STATUSES.has(status)) {
      onSettled();
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.json(`/api/me/requests/${id}`, oneRequestSchema, { signal: controller.signal }).then(
        ({ request }) => setSubmission((current) => (current.phase === 'sent' && current.id === id ? { ...current, status: request.status } : current)),
        // A failed look is retried on the next tick; the request itself is safe on the server.
        () => setSubmission((current) => (current.phase === 'sent' && current.id === id ? { ...current } : current)),
      );
    }, STATUS_POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, id, status, submission, onSettled]);

  const reset = useCallback(() => setSubmission({ phase: 'idle' }), []);
  return { submission, send, reset };
}
