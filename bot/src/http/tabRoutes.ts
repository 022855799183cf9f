import type { User } from '@cgm/core';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Server } from 'restify';
import type { Config } from '../config.js';
import type { ApproverService } from '../services/approvers.js';
import type { UserLookup } from './authenticate.js';
import { devRequestRefusal } from './auth/devSignIn.js';
import { ApiError } from './apiError.js';
import { noQuery, parseWith, sendJson } from './router.js';
import { TAB_SECURITY_HEADERS } from './tabHeaders.js';

/**
 * The personal tab's files and its start-up configuration. The tab is a single-page app
 * built by Vite into `tab/dist` with `base: '/tab/'`: hashed assets under `/tab/assets/`
 * are cached for a year, `index.html` is never cached (it names the current hashes), and
 * any other path under `/tab/` without a file extension is one of the tab's own routes
 * (`/tab/call-group`, `/tab/approvals`, …), answered with `index.html` so deep links work.
 * Everything lives under `/tab/`, so no file can shadow `/api/*`, `/healthz` or the bot.
 */

export const TAB_BASE = '/tab/';
const DEFAULT_DIST = fileURLToPath(new URL('../../../tab/dist/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);
const IMMUTABLE = 'public, max-age=31536000, immutable';
const gzipAsync = promisify(gzip);

/** The people the development bar offers, when they exist in the tenant: the demo's cast, approvers first. */
export const DEMO_USER_UPNS = [
  'alex.wilber@contoso.com',
  'adele.vance@contoso.com',
  'megan.bowen@contoso.com',
  'isaiah.langer@contoso.com',
  'patti.fernandez@contoso.com',
  'brian.johnson@contoso.com',
];

export interface TabRoutesOptions {
  readonly config: Config;
  /** Finds the demo users in the directory (development sign-in only). */
  readonly people: UserLookup;
  /** Says which demo users approve, by the server's one approver rule; the UPN list alone when absent. */
  readonly approvers?: ApproverService;
  /** The built tab; `tab/dist` of this checkout by default. */
  readonly distDir?: string;
  /** The approvers by UPN the server uses (the development default when none are configured). */
  readonly approverUpns?: readonly string[];
}

interface CachedFile {
  readonly body: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly mtimeMs: number;
}

/** Files are small and few: keep each one (and its gzip) in memory, re-read when it changes on disk. */
function fileCache(root: string) {
  const cache = new Map<string, CachedFile>();
  return async (relativePath: string): Promise<CachedFile | undefined> => {
    const full = resolve(root, relativePath);
    // A path that resolves outside the folder (`..`, encoded or not) names no file of ours.
    if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const hit = cache.get(full);
    if (hit && hit.mtimeMs === info.mtimeMs) return hit;
    const body = await readFile(full);
    const gzipped = COMPRESSIBLE.has(extname(full)) && body.length > 1024 ? await gzipAsync(body) : undefined;
    const entry = { body, gzipped, mtimeMs: info.mtimeMs };
    cache.set(full, entry);
    return entry;
  };
}

function send(request: IncomingMessage, response: ServerResponse, file: CachedFile, contentType: string, cacheControl: string): void {
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const body = acceptsGzip && file.gzipped ? file.gzipped : file.body;
  const headers: Record<string, string | number> = {
    'content-type': contentType,
    'content-length': body.length,
    'cache-control': cacheControl,
    ...TAB_SECURITY_HEADERS,
    vary: 'accept-encoding',
  };
  if (body === file.gzipped) headers['content-encoding'] = 'gzip';
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The tab's refusals in the API's error shape, with the tab's headers. */
function sendError(response: ServerResponse, error: ApiError): void {
  for (const [name, value] of Object.entries(TAB_SECURITY_HEADERS)) response.setHeader(name, value);
  sendJson(response, error.status, error.toJSON());
}

/** The path under /tab/, decoded; undefined for a malformed escape. */
function tabPath(url: string | undefined): string | undefined {
  const pathname = new URL(url ?? '/', 'http://localhost').pathname;
  try {
    return decodeURIComponent(pathname.slice(TAB_BASE.length));
  } catch {
    return undefined;
  }
}

/** Mounts `/tab/*`, a redirect from `/` to the tab, and `GET /api/client-config`. */
export function mountTabRoutes(server: Server, options: TabRoutesOptions): void {
  const root = resolve(options.distDir ?? DEFAULT_DIST);
  const read = fileCache(root);

  async function serveTab(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = tabPath(request.url);
    if (path === undefined || path.includes('\0')) return sendError(response, new ApiError('bad-request', 'The path under /tab/ is malformed.'));
    const extension = extname(path);
    if (path !== '' && extension !== '') {
      const file = await read(path);
      if (!file) return sendError(response, new ApiError('not-found', 'No such file.'));
      const hashed = path.startsWith('assets/');
      return send(request, response, file, CONTENT_TYPES[extension] ?? 'application/octet-stream', hashed ? IMMUTABLE : 'no-cache');
    }
    // One of the tab's routes: the app decides what to show.
    const index = await read('index.html');
    if (!index) return sendError(response, new ApiError('not-ready', 'The tab is not built yet: run `npm run build`.'));
    return send(request, response, index, CONTENT_TYPES['.html'] as string, 'no-cache');
  }

  // restify wants handlers that are async or take `next`; these answer and end the response themselves.
  const handler = async (request: IncomingMessage, response: ServerResponse) => {
    await serveTab(request, response).catch((error: unknown) => sendError(response, new ApiError('internal', 'The tab could not be served.', [], { cause: error })));
  };
  server.get('/tab', async (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(308, { location: TAB_BASE });
    response.end();
  });
  server.get('/', async (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(302, { location: TAB_BASE });
    response.end();
  });
  server.get('/tab/*', handler);
  server.head('/tab/*', handler);

  server.get('/api/client-config', async (request: IncomingMessage, response: ServerResponse) => {
    try {
      parseWith(noQuery, Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams), 'query');
    } catch (error) {
      return sendJson(response, 400, (error as ApiError).toJSON());
    }
    // In development it names the demo users and approvers: only to this machine, as sign-in itself (no rebound domain, no tunnel).
    const refusal = options.config.AUTH_MODE === 'dev' ? devRequestRefusal(request) : undefined;
    if (refusal) return sendJson(response, 403, new ApiError(refusal.apiErrorCode, refusal.message).toJSON());
    try {
      sendJson(response, 200, await clientConfig(options));
    } catch {
      sendJson(response, 500, { error: { code: 'internal', message: 'The tab configuration could not be read.', details: [] } });
    }
  });
}

/**
 * What the tab needs before anyone signs in: whether development sign-in is on (and then
 * whom to offer), the approval policy for its "this needs approval" summary, and the app
 * registration for Teams SSO. Nothing secret: the client id is in every token anyway.
 */
export async function clientConfig(options: TabRoutesOptions) {
  const { config } = options;
  const devSignIn = config.AUTH_MODE === 'dev';
  const approvers = new Set((options.approverUpns ?? config.APPROVERS).map((upn) => upn.toLowerCase()));
  const candidates = [...new Set([...approvers, ...DEMO_USER_UPNS])];
  const found = devSignIn ? await Promise.all(candidates.map((upn) => options.people.userByRef(upn))) : [];
  const isApprover = async (user: User) => (options.approvers ? options.approvers.isApprover(user) : approvers.has(user.UserPrincipalName.toLowerCase()));
  const demoUsers = await Promise.all(
    found
      .filter((user) => user !== undefined)
      .map(async (user) => ({ upn: user.UserPrincipalName.toLowerCase(), displayName: user.DisplayName, approver: await isApprover(user) })),
  );
  return {
    authMode: config.AUTH_MODE,
    devSignIn,
    demoUsers,
    approvalPolicy: config.APPROVAL_POLICY,
    entra: devSignIn ? null : { clientId: config.ENTRA_CLIENT_ID ?? null, applicationIdUri: config.ENTRA_APP_ID_URI ?? null },
  };
}
