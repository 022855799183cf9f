import type { WorkerOp, WorkerResponse } from './protocol.js';
import { decodeResponse, DEFAULT_TIMEOUTS_MS, encodeRequest, transientFailure } from './protocol.js';
import type { WorkerLogger, WorkerTransport } from './workerTransport.js';

export interface HttpsTransportOptions {
  /** The Azure Functions URL of the worker (scripts/TeamsWorkerFunction). Must be https, except on loopback for tests. */
  readonly url: string;
  /** A bearer token for the function (managed identity in production); asked for on every request, so it may cache and refresh. */
  readonly getToken: () => Promise<string>;
  readonly logger: WorkerLogger;
  readonly timeoutsMs?: Partial<Record<WorkerOp, number>>;
  /** Injected by tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** The clock for an HTTP-date Retry-After. */
  readonly now?: () => number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** fetch reports a refused or reset connection as `fetch failed` with the reason in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

/**
 * The worker behind an Azure Functions URL (App Service's Node image has no PowerShell,
 * so production hosts TeamsWorker.Dispatch.ps1 there). Each request is one POST of the
 * same JSON a stdio worker reads. HTTP 429 is throttling (Retry-After honoured), 5xx,
 * network errors and timeouts are transient, and a 200 must carry a protocol response.
 */
export function createHttpsTransport(options: HttpsTransportOptions): WorkerTransport {
  const url = new URL(options.url);
  // The bearer token must never travel in clear text.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new Error(`The Teams worker URL must use https (got ${url.protocol}//${url.host}).`);
  }
  const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const inFlight = new Set<AbortController>();
  let closed = false;

  function fromHttp(requestId: string, status: number, headers: Headers, body: string): WorkerResponse {
    const decoded = decodeResponse(body);
    const sameRequest = decoded?.id === requestId ? decoded : undefined;
    if (status === 429) {
      const fromBody = sameRequest && !sameRequest.ok ? sameRequest.error : undefined;
      const wait = fromBody?.retryAfterMs ?? retryAfterMs(headers.get('retry-after'), now());
      return { id: requestId, ok: false, error: { kind: 'throttled', message: fromBody?.message ?? 'The Teams worker is throttled (HTTP 429).', retryAfterMs: wait } };
    }
    if (status === 200) {
      return sameRequest ?? transientFailure(requestId, `The Teams worker answered HTTP 200 with something that is not a protocol response for this request: ${JSON.stringify(body.slice(0, 200))}`);
    }
    const detail = sameRequest && !sameRequest.ok ? `: ${sameRequest.error.message}` : '';
    // 401 too: a managed-identity token can expire between getToken and the call, and the next call gets a fresh one.
    if (status >= 500 || status === 408 || status === 401) return transientFailure(requestId, `The Teams worker answered HTTP ${status}${detail}`);
    // Any other status means the URL or the function's configuration is wrong; retrying cannot help.
    return { id: requestId, ok: false, error: { kind: 'rejected', message: `The Teams worker answered HTTP ${status}${detail}` } };
  }

  return {
    async send(request) {
      const body = encodeRequest(request);
      if (closed) return transientFailure(request.id, 'The Teams worker transport is closed.');
      let token: string;
      try {
        token = await options.getToken();
      } catch (error) {
        return transientFailure(request.id, `Could not get a token for the Teams worker: ${error instanceof Error ? error.message : String(error)}`);
      }
      const timeoutMs = timeouts[request.op];
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error(`no answer to ${request.op} within ${timeoutMs} ms`)), timeoutMs);
      inFlight.add(controller);
      try {
        const response = await fetchFn(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
          body,
          signal: controller.signal,
        });
        return fromHttp(request.id, response.status, response.headers, await response.text());
      } catch (error) {
        const message = describe(controller.signal.aborted ? controller.signal.reason : error);
        options.logger.warn(`Teams worker call ${request.op} failed: ${message}`);
        return transientFailure(request.id, `The Teams worker could not be reached: ${message}`);
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    },
    async close() {
      closed = true;
      for (const controller of inFlight) controller.abort(new Error('the transport was closed'));
    },
  };
}
