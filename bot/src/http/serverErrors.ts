import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Request, Response, Server } from 'restify';
import { ApiError, codeForStatus } from './apiError.js';
import type { RouteLogger } from './router.js';
import { TAB_SECURITY_HEADERS } from './tabHeaders.js';

/**
 * The whole request (head and body) must arrive within this time, or Node answers 408 through
 * `clientError` below: a client trickling a body a byte at a time cannot hold a connection and
 * its buffers for Node's default of five minutes. Our largest body is 1 MB (a bot activity).
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * restify's and Node's own refusals in our error shape. Routes answer their errors themselves
 * (router.ts); what never reaches a route (an unknown path, a method the path does not take, a
 * path restify cannot decode) comes through restify's `restifyError` event, and a request head
 * Node cannot parse (too large, malformed) through the HTTP server's `clientError`. Both answer
 * `{ error: { code, message, details } }` like every route.
 */

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** restify's error for a request no route took, as one of ours. */
export function fromRestifyError(error: unknown, request: Request, response: Response): ApiError {
  const status = typeof (error as { statusCode?: unknown })?.statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
  const name = (error as { name?: unknown })?.name;
  if (name === 'ResourceNotFoundError') {
    // find-my-way matches no route for a path it cannot decode: that is the client's malformed escape.
    if (!decodes(new URL(request.url ?? '/', 'http://localhost').pathname)) return new ApiError('bad-request', 'The address has a malformed percent-escape.');
    return new ApiError('not-found', 'There is nothing at this address.');
  }
  if (name === 'MethodNotAllowedError') {
    const allowed = String(response.getHeader('allow') ?? '');
    return new ApiError('method-not-allowed', `${request.method} is not allowed here${allowed ? `; this address takes ${allowed}` : ''}.`);
  }
  if (status >= 500) return new ApiError('internal', 'Something went wrong on our side. It has been logged; please try again.', [], { cause: error });
  return new ApiError(codeForStatus(status), status === 400 ? 'The request could not be read (a malformed address?).' : (STATUS_CODES[status] ?? 'The request was refused.'));
}

/** Node's refusals of a request head, by its parser's error code. */
function clientErrorOf(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return new ApiError('headers-too-large', 'The request headers are too large.');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError('request-timeout', 'The request took too long to arrive.');
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return new ApiError('payload-too-large', 'The request body’s chunk extensions are too large.');
  return new ApiError('bad-request', 'The request could not be parsed as HTTP (a control character in a header?).');
}

export function answerServerErrors(server: Server, logger: RouteLogger): void {
  server.on('restifyError', (request: Request, response: Response, error: unknown, done: () => void) => {
    if (!response.headersSent) {
      const apiError = fromRestifyError(error, request, response);
      if (apiError.status >= 500) logger.error(`${request.method} ${request.url} failed`, error);
      // A refusal under /tab/ (a wrong method, a malformed escape) is framed no more than the tab is.
      const tab = (request.url ?? '').startsWith('/tab');
      response.sendRaw(apiError.status, JSON.stringify(apiError.toJSON()), tab ? { ...TAB_SECURITY_HEADERS, ...JSON_HEADERS } : JSON_HEADERS);
    }
    done();
  });
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  // With a listener, Node leaves the answer to us: it would otherwise send its own empty 400 or 431.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: answer only on a socket that is open and has not started another answer.
    if (error.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) {
      socket.destroy();
      return;
    }
    const apiError = clientErrorOf(error.code);
    const body = JSON.stringify(apiError.toJSON());
    const head = [`HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? ''}`, ...Object.entries(JSON_HEADERS).map(([name, value]) => `${name}: ${value}`), `content-length: ${Buffer.byteLength(body)}`, 'connection: close'];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}
