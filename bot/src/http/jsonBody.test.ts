import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError.js';
import { MAX_JSON_DEPTH, jsonDepth, readJsonBody } from './jsonBody.js';

/** A request whose body stream yields `chunks`, then fails with `error` if given. */
function requestOf(chunks: string[], error?: NodeJS.ErrnoException): IncomingMessage {
  const stream = Readable.from(
    (async function* () {
      for (const chunk of chunks) yield Buffer.from(chunk);
      if (error) throw error;
    })(),
  );
  return Object.assign(stream, { headers: { 'content-type': 'application/json' } }) as unknown as IncomingMessage;
}

describe('jsonDepth', () => {
  it('counts nesting of arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('["\\"[[[", [2]]')).toBe(2);
  });
});

describe('readJsonBody', () => {
  it(`K5: refuses a body nested more than ${MAX_JSON_DEPTH} levels deep and takes one at exactly ${MAX_JSON_DEPTH}`, async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    await expect(readJsonBody(requestOf([nested(MAX_JSON_DEPTH)]))).resolves.toBeInstanceOf(Array);
    await expect(readJsonBody(requestOf([nested(MAX_JSON_DEPTH + 1)]))).rejects.toMatchObject({ code: 'invalid-json', status: 400 });
  });

  it('a client that goes away mid-body is a 400 of theirs, not a 500 logged as our failure', async () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const error = await readJsonBody(requestOf(['{"order":'], aborted)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad-request', status: 400 });
  });
});
