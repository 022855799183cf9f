import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { z } from 'zod';
import { zodProblems } from '@cgm/core';
import type { Principal } from '../services/principal.js';
import { ApiError, toApiError } from './apiError.js';
import type { Authenticate, UserRead } from './authenticate.js';
import { readJsonBody } from './jsonBody.js';

/** What a route handler receives: the signed-in user, path parameters, the validated query and the raw body. */
export interface RouteContext {
  readonly principal: Principal;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A JSON reply, or a text file (the CSV export). */
export type RouteResult =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string; readonly contentType: string; readonly filename?: string };

export type RouteHandler = (context: RouteContext) => Promise<RouteResult>;

/** A route that reads its data in the statement that also reads the signed-in user (see Authenticate.withUserRead). */
export type ReadingRouteHandler<TValue> = (context: RouteContext & { readonly read: TValue }) => Promise<RouteResult>;
type Method = 'get' | 'post' | 'put' | 'del';

export interface RouteLogger {
  error(message: string, error: unknown): void;
}

/** Parse a body or query with a zod schema; the error names every field that is wrong. */
export function parseWith<TValue>(schema: z.ZodType<TValue>, value: unknown, what: 'body' | 'query'): TValue {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ApiError('validation-failed', `The request ${what} is not valid.`, zodProblems(parsed.error));
}

export function sendJson(response: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

function sendError(response: ServerResponse, error: ApiError): void {
  if (error.status === 401) response.setHeader('www-authenticate', 'Bearer');
  sendJson(response, error.status, error.toJSON());
}

/**
 * Mounts authenticated JSON routes on restify. Every handler runs behind the same steps:
 * sign-in, query and body reading with our size and syntax rules, and one error mapping,
 * so a client's mistake is always a 4xx with `{ error: { code, message, details } }` and
 * anything unexpected a logged 500 that leaks nothing.
 */
export function createRouter(server: Server, authenticate: Authenticate, logger: RouteLogger) {
  /** Sign in, and with `read`, read the route's data in the same statement as the user's record. */
  async function signIn(request: IncomingMessage, read: UserRead<unknown> | undefined): Promise<{ principal: Principal; value?: unknown }> {
    return read ? authenticate.withUserRead(request, read) : { principal: await authenticate(request) };
  }

  function mount(method: Method, path: string, handler: RouteHandler | ReadingRouteHandler<unknown>, read?: UserRead<unknown>): void {
    server[method](path, async (request: IncomingMessage & { params?: Record<string, string> }, response: ServerResponse) => {
      try {
        const { principal, value } = await signIn(request, read);
        const url = new URL(request.url ?? '/', 'http://localhost');
        const query = Object.fromEntries(url.searchParams);
        const body = method === 'get' || method === 'del' ? undefined : await readJsonBody(request);
        const result = await handler({ principal, params: request.params ?? {}, query, body, read: value });
        if ('json' in result) return sendJson(response, result.status, result.json);
        const headers: Record<string, string> = { 'content-type': result.contentType, 'cache-control': 'no-store' };
        if (result.filename) headers['content-disposition'] = `attachment; filename="${result.filename}"`;
        response.writeHead(result.status, headers);
        response.end(result.text);
      } catch (error) {
        const apiError = toApiError(error);
        if (apiError.status >= 500) logger.error(`${request.method} ${request.url} failed`, apiError.cause ?? apiError);
        sendError(response, apiError);
      }
    });
  }
  return {
    get: (path: string, handler: RouteHandler) => mount('get', path, handler),
    /** A GET whose data `read` reads together with the signed-in user's record. */
    getReading: <TValue>(path: string, read: UserRead<TValue>, handler: ReadingRouteHandler<TValue>) =>
      mount('get', path, handler as ReadingRouteHandler<unknown>, read),
    post: (path: string, handler: RouteHandler) => mount('post', path, handler),
    put: (path: string, handler: RouteHandler) => mount('put', path, handler),
    del: (path: string, handler: RouteHandler) => mount('del', path, handler),
  };
}

export type Router = ReturnType<typeof createRouter>;

/** A query with no parameters: anything given is an unknown field. */
export const noQuery = z.strictObject({});
