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
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new ApiError('payload-too-large', `The request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  if (!isJsonUtf8(request.headers['content-type'])) throw new ApiError('unsupported-media-type', 'Send the request body as application/json (UTF-8).');
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('invalid-json', `The request body is not valid JSON: ${(error as Error).message}`, [], { cause: error });
  }
}
