import type { IncomingMessage } from 'node:http';
import { ApiError } from './apiError.js';

/** Bodies of the tab's API are small: a call group of 25 members is under 10 KB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * `application/json`, optionally with `charset=utf-8` (RFC 8259: JSON between systems is UTF-8).
 * Not `application/json-seq` or another `+json` type, and no other charset, which we would misread.
 */
const JSON_UTF8 = /^application\/json\s*(;\s*charset\s*=\s*("utf-8"|utf-8)\s*)?$/i;

export function isJsonUtf8(contentType: string | undefined): boolean {
  return JSON_UTF8.test(contentType ?? '');
}

/** Deeper than any body we take (an activity nests about 6 levels): what walks a body recursively stays far from the stack's end. */
export const MAX_JSON_DEPTH = 64;

/** How deep arrays and objects nest in JSON text, counted without recursion (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** Node's error when the client goes away mid-body: theirs, not ours, so a 400 and no error-level log. */
function clientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || (error as Error | undefined)?.message === 'aborted';
}

/**
 * Read and parse a JSON request body ourselves, so every failure is one of our error
 * codes: 413 past the limit (stopping the read early), 415 for another content type,
 * 400 for malformed JSON. An empty body is `undefined`.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new ApiError('payload-too-large', `The request body is larger than ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new ApiError('payload-too-large', `The request body is larger than ${maxBytes} bytes.`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (clientGone(error)) throw new ApiError('bad-request', 'The client closed the connection before the request body arrived.', [], { cause: error });
    throw error;
  }
  if (size === 0) return undefined;
  if (!isJsonUtf8(request.headers['content-type'])) throw new ApiError('unsupported-media-type', 'Send the request body as application/json (UTF-8).');
  const text = Buffer.concat(chunks).toString('utf8');
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ApiError('invalid-json', `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('invalid-json', `The request body is not valid JSON: ${(error as Error).message}`, [], { cause: error });
  }
}
