import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { z } from 'zod';
import { controlCharacterProblems, zodProblems } from '@cgm/core';
import type { Principal } from '../services/principal.js';
import { ApiError, toApiError } from './apiError.js';
import type { Authenticate, UserRead } from './authenticate.js';
import { checkEdges } from './inputEdges.js';
import { readJsonBody } from './jsonBody.js';

/** What a route handler receives: the signed-in user, path parameters, the query its schema parsed and the raw body. */
export interface RouteContext<TQuery = EmptyQuery> {
  readonly principal: Principal;
  readonly params: Readonly<Record<string, string>>;
  readonly query: TQuery;
  readonly body: unknown;
}

/** A JSON reply, or a text file (the CSV export). */
export type RouteResult =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string; readonly contentType: string; readonly filename?: string };

export type RouteHandler<TQuery = EmptyQuery> = (context: RouteContext<TQuery>) => Promise<RouteResult>;

/** A route that reads its data in the statement that also reads the signed-in user (see Authenticate.withUserRead). */
export type ReadingRouteHandler<TValue, TQuery = EmptyQuery> = (context: RouteContext<TQuery> & { readonly read: TValue }) => Promise<RouteResult>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'del';

export interface RouteLogger {
  error(message: string, error: unknown): void;
}

/** A query with no parameters: anything given is an unknown field. Every route without its own query schema has this one. */
export const noQuery = z.strictObject({});
type EmptyQuery = z.infer<typeof noQuery>;

/** Parse a body, query or path with a zod schema; the error names every field that is wrong. */
export function parseWith<TValue>(schema: z.ZodType<TValue>, value: unknown, what: 'body' | 'query' | 'path'): TValue {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ApiError('validation-failed', `The request ${what} is not valid.`, zodProblems(parsed.error));
}

export function sendJson(response: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(text);
}

function sendError(response: ServerResponse, error: ApiError): void {
  if (error.status === 401) response.setHeader('www-authenticate', 'Bearer');
  sendJson(response, error.status, error.toJSON());
}

/**
 * Mounts authenticated JSON routes on restify. Every handler runs behind the same steps:
 * the input edges checked (checkEdges), sign-in, the query parsed by the route's strict
 * schema (no query at all by default), the body read with our size, type and syntax rules
 * and checked for control characters, and one error mapping, so a client's mistake is
 * always a 4xx with `{ error: { code, message, details } }` and anything unexpected a
 * logged 500 that leaks nothing.
 */
export function createRouter(server: Server, authenticate: Authenticate, logger: RouteLogger) {
  /** Sign in, and with `read`, read the route's data in the same statement as the user's record. */
  async function signIn(request: IncomingMessage, read: UserRead<unknown> | undefined): Promise<{ principal: Principal; value?: unknown }> {
    return read ? authenticate.withUserRead(request, read) : { principal: await authenticate(request) };
  }

  async function readBody(request: IncomingMessage): Promise<unknown> {
    const body = await readJsonBody(request);
    // Free text in a body (a reason) may keep line breaks; each field's schema is stricter where it must be.
    const problems = controlCharacterProblems(body, { allowLineBreaks: true });
    if (problems.length > 0) throw new ApiError('validation-failed', 'The request body is not valid.', problems);
    return body;
  }

  interface Mounted {
    readonly handler: ReadingRouteHandler<unknown, unknown>;
    readonly query?: z.ZodType<unknown>;
    readonly read?: UserRead<unknown>;
  }

  function mount(method: Method, path: string, route: Mounted): void {
    server[method](path, async (request: IncomingMessage & { params?: Record<string, string> }, response: ServerResponse) => {
      try {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const params = request.params ?? {};
        checkEdges(request, params, url.searchParams);
        const { principal, value } = await signIn(request, route.read);
        const query = parseWith(route.query ?? noQuery, Object.fromEntries(url.searchParams), 'query');
        const body = method === 'get' || method === 'del' ? undefined : await readBody(request);
        const result = await route.handler({ principal, params, query, body, read: value });
        if ('json' in result) return sendJson(response, result.status, result.json);
        const headers: Record<string, string> = { 'content-type': result.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
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
  const as = (handler: unknown) => handler as ReadingRouteHandler<unknown, unknown>;
  return {
    /** A GET; with `query`, the strict schema of the parameters it accepts (none otherwise). */
    get: <TQuery = EmptyQuery>(path: string, handler: RouteHandler<TQuery>, query?: z.ZodType<TQuery>) => mount('get', path, { handler: as(handler), query }),
    /** A GET whose data `read` reads together with the signed-in user's record. */
    getReading: <TValue, TQuery = EmptyQuery>(path: string, read: UserRead<TValue>, handler: ReadingRouteHandler<TValue, TQuery>, query?: z.ZodType<TQuery>) =>
      mount('get', path, { handler: as(handler), read, query }),
    post: (path: string, handler: RouteHandler) => mount('post', path, { handler: as(handler) }),
    put: (path: string, handler: RouteHandler) => mount('put', path, { handler: as(handler) }),
    patch: (path: string, handler: RouteHandler) => mount('patch', path, { handler: as(handler) }),
    del: (path: string, handler: RouteHandler) => mount('del', path, { handler: as(handler) }),
  };
}

export type Router = ReturnType<typeof createRouter>;
