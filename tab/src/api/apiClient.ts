import type { z } from 'zod';
import type { Problem } from '@cgm/core';
import { apiErrorSchema } from '@cgm/core';

/**
 * The one way the tab talks to the server. Every call carries the caller's identity (a Teams
 * SSO token inside Teams, the `X-Dev-User` header in development), every response is parsed
 * with its zod schema, and every failure becomes an `ApiCallError` with the server's code,
 * message and per-field problems, which the views show as they are.
 */

/** How a request proves who is calling. */
export interface Identity {
  /** Headers to add to one request; may ask Teams for a fresh token. */
  headers(): Promise<Record<string, string>>;
}

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }

  /** True when the browser never reached the server (offline, server down). */
  get network(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  json<TValue>(path: string, schema: z.ZodType<TValue>, options?: RequestOptions): Promise<TValue>;
  /** A file (the CSV export), as a Blob. */
  blob(path: string, options?: RequestOptions): Promise<Blob>;
}

async function errorOf(response: Response): Promise<ApiCallError> {
  const text = await response.text().catch(() => '');
  let parsed: ReturnType<typeof apiErrorSchema.safeParse> | undefined;
  try {
    parsed = apiErrorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return new ApiCallError(parsed.data.error.message, response.status, parsed.data.error.code, parsed.data.error.details);
  return new ApiCallError(`The server answered ${response.status} ${response.statusText}.`.trim(), response.status, 'http-error');
}

export function createApiClient(identity: Identity, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function send(path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await identity.headers()) };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiCallError('The server could not be reached. Check your connection.', 0, 'network');
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }
  return {
    async json(path, schema, options = {}) {
      const response = await send(path, options);
      const parsed = schema.safeParse(await response.json());
      if (!parsed.success) throw new ApiCallError(`The server's answer to ${path} was not understood.`, response.status, 'unexpected-response');
      return parsed.data;
    },
    async blob(path, options = {}) {
      return (await send(path, options)).blob();
    },
  };
}
