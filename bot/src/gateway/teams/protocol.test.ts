import type { SettingsWrite } from '@cgm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkerRequest } from './protocol.js';
import { decodeResponse, encodeRequest, httpStatusFor } from './protocol.js';

const delegateWrite = (identity: string, delegate: string): SettingsWrite => ({
  cmdlet: 'New-CsUserCallingDelegate',
  identity,
  parameterSet: 'Delegate',
  parameters: { Delegate: delegate, ReceiveCalls: true },
  reason: 'add a delegate',
});

describe('worker protocol', () => {
  it('encodes any identity as one line of printable ASCII that decodes to the same request', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }).filter((text) => text.trim() !== ''), fc.string({ unit: 'binary' }), (identity, delegate) => {
        const request: WorkerRequest = { id: 'p-1', op: 'applyWrite', args: { write: delegateWrite(identity, delegate) } };
        const line = encodeRequest(request);
        expect(line).toMatch(/^[\x20-\x7e]*$/);
        expect(JSON.parse(line)).toEqual(request);
      }),
    );
  });

  it('refuses to encode a write with a parameter the cmdlet does not have', () => {
    const write: SettingsWrite = { ...delegateWrite('a@contoso.com', 'b@contoso.com'), parameters: { Delegate: 'b@contoso.com', Confirm: false } };
    expect(() => encodeRequest({ id: 'p-2', op: 'applyWrite', args: { write } })).toThrow(/Confirm/);
  });

  it('refuses to encode arguments an op does not take', () => {
    const request = { id: 'p-3', op: 'readDirectory', args: { Filter: '*' } } as unknown as WorkerRequest;
    expect(() => encodeRequest(request)).toThrow(/Invalid worker request/);
  });

  it('decodes a failure whose unset retry delay ConvertTo-Json printed as null', () => {
    expect(decodeResponse('{"id":"x","ok":false,"error":{"kind":"rejected","message":"no","retryAfterMs":null}}')).toEqual({ id: 'x', ok: false, error: { kind: 'rejected', message: 'no', retryAfterMs: undefined } });
  });

  it('does not take a warning line, an unknown error kind or a missing id for a response', () => {
    expect(decodeResponse('WARNING: The names of some imported commands include unapproved verbs.')).toBeUndefined();
    expect(decodeResponse('{"id":"x","ok":false,"error":{"kind":"fatal","message":"?"}}')).toBeUndefined();
    expect(decodeResponse('{"ok":true,"result":1}')).toBeUndefined();
  });

  it('answers throttling with 429, transient failures with 503 and everything else with 200', () => {
    const failure = (kind: 'throttled' | 'transient' | 'rejected' | 'not-found') => httpStatusFor({ id: 'x', ok: false, error: { kind, message: '' } });
    expect([failure('throttled'), failure('transient'), failure('rejected'), failure('not-found')]).toEqual([429, 503, 200, 200]);
    expect(httpStatusFor({ id: 'x', ok: true, result: null })).toBe(200);
  });
});
