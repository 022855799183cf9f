import { describe, expect, it } from 'vitest';
import {
  answeringChangeBody,
  callGroupChangeBody,
  MAX_REF_LENGTH,
  MAX_TARGETS_IN_BODY,
  notificationOverrideBody,
  parseBody,
  parseMembershipNotification,
  zodProblems,
} from './changeSchemas.js';

const answering = {
  forwarding: { enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: '+14255550100' },
  unanswered: { enabled: false, targetType: null, target: null, delaySeconds: 20 },
};

function problemsOf(result: ReturnType<typeof parseBody>) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ code, path }) => ({ code, path }));
}

describe('callGroupChangeBody', () => {
  it('produces a call group change with trimmed targets', () => {
    expect(parseBody(callGroupChangeBody, { order: 'InOrder', targets: ['  joni@contoso.com ', 'SIP:Alex@Contoso.com'] })).toEqual({
      ok: true,
      value: { kind: 'callGroup', order: 'InOrder', targets: ['joni@contoso.com', 'SIP:Alex@Contoso.com'] },
    });
  });

  it('accepts 26 targets so that the member limit is reported by validation, not the schema', () => {
    const targets = Array.from({ length: 26 }, (_, index) => `m${index}@contoso.com`);
    expect(parseBody(callGroupChangeBody, { order: 'Simultaneous', targets }).ok).toBe(true);
  });

  it(`accepts ${MAX_TARGETS_IN_BODY} targets and refuses ${MAX_TARGETS_IN_BODY + 1}`, () => {
    const targets = (count: number) => Array.from({ length: count }, (_, index) => `m${index}@contoso.com`);
    expect(parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: targets(MAX_TARGETS_IN_BODY) }).ok).toBe(true);
    expect(problemsOf(parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: targets(MAX_TARGETS_IN_BODY + 1) }))).toEqual([
      { code: 'too-many', path: 'targets' },
    ]);
  });

  it(`accepts a ${MAX_REF_LENGTH}-character target and refuses one character more`, () => {
    const ref = (length: number) => `${'a'.repeat(length - 12)}@contoso.com`;
    expect(parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: [ref(MAX_REF_LENGTH)] }).ok).toBe(true);
    expect(problemsOf(parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: ['ok@contoso.com', ref(MAX_REF_LENGTH + 1)] }))).toEqual([
      { code: 'too-long', path: 'targets[1]' },
    ]);
  });

  it('names each bad target by its index', () => {
    const result = parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: ['a@contoso.com', '   ', 42, 'b\u0000@contoso.com'] });
    expect(problemsOf(result)).toEqual([
      { code: 'empty', path: 'targets[1]' },
      { code: 'invalid-type', path: 'targets[2]' },
      { code: 'control-character', path: 'targets[3]' },
    ]);
  });

  it.each([
    ['a line break', 'joni@contoso.com\n'],
    ['a tab', '\tjoni@contoso.com'],
    ['U+001F', 'joni\u001f@contoso.com'],
    ['DEL (U+007F)', 'joni\u007f@contoso.com'],
  ])('refuses a target containing %s, even at the edge where trimming would hide it', (_name, target) => {
    const result = parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: [target] });
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'control-character', path: 'targets[0]', message: 'targets[0] contains a control character (such as a line break or tab); remove it.' }],
    });
  });

  it('refuses an unknown ring order with the accepted values', () => {
    expect(parseBody(callGroupChangeBody, { order: 'RoundRobin', targets: [] })).toEqual({
      ok: false,
      problems: [{ code: 'invalid-value', path: 'order', message: 'order must be Simultaneous or InOrder.' }],
    });
  });

  it('refuses unknown fields, one problem each', () => {
    expect(parseBody(callGroupChangeBody, { order: 'InOrder', targets: [], kind: 'callGroup', colour: 'red' })).toEqual({
      ok: false,
      problems: [
        { code: 'unknown-field', path: 'kind', message: 'kind is not a field this request accepts; remove it.' },
        { code: 'unknown-field', path: 'colour', message: 'colour is not a field this request accepts; remove it.' },
      ],
    });
  });

  it('says which fields are missing', () => {
    expect(parseBody(callGroupChangeBody, {})).toEqual({
      ok: false,
      problems: [
        { code: 'required', path: 'order', message: 'order is required.' },
        { code: 'required', path: 'targets', message: 'targets is required.' },
      ],
    });
  });

  it('refuses a body that is not an object', () => {
    expect(parseBody(callGroupChangeBody, ['a@contoso.com'])).toEqual({
      ok: false,
      problems: [{ code: 'invalid-type', path: '', message: 'The request body must be an object, not a list.' }],
    });
  });

  it('refuses a target list given as one string', () => {
    expect(parseBody(callGroupChangeBody, { order: 'Simultaneous', targets: 'a@contoso.com' })).toEqual({
      ok: false,
      problems: [{ code: 'invalid-type', path: 'targets', message: 'targets must be a list, not a string.' }],
    });
  });
});

describe('answeringChangeBody', () => {
  it('produces an answering change', () => {
    expect(parseBody(answeringChangeBody, answering)).toEqual({ ok: true, value: { kind: 'answering', ...answering } });
  });

  it('lets a switched-off rule leave its target type and target out', () => {
    const result = parseBody(answeringChangeBody, { forwarding: { enabled: false }, unanswered: { enabled: false, delaySeconds: 20 } });
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'answering',
        forwarding: { enabled: false, type: null, targetType: null, target: null },
        unanswered: { enabled: false, targetType: null, target: null, delaySeconds: 20 },
      },
    });
  });

  it('names nested fields with dotted paths', () => {
    const body = {
      forwarding: { enabled: 'yes', type: 'Later', targetType: 'Pager', target: 'x\ny' },
      unanswered: { enabled: true, targetType: 'Voicemail', target: null, delaySeconds: 7.5, extra: 1 },
    };
    expect(problemsOf(parseBody(answeringChangeBody, body))).toEqual([
      { code: 'invalid-type', path: 'forwarding.enabled' },
      { code: 'invalid-value', path: 'forwarding.targetType' },
      { code: 'control-character', path: 'forwarding.target' },
      { code: 'invalid-value', path: 'forwarding.type' },
      { code: 'invalid-type', path: 'unanswered.delaySeconds' },
      { code: 'unknown-field', path: 'unanswered.extra' },
    ]);
  });

  it('says a fractional delay must be a whole number', () => {
    const body = { ...answering, unanswered: { ...answering.unanswered, delaySeconds: 7.5 } };
    const result = parseBody(answeringChangeBody, body);
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual(['unanswered.delaySeconds must be a whole number, not a fraction.']);
  });

  it('says which nested fields are missing', () => {
    expect(problemsOf(parseBody(answeringChangeBody, { forwarding: {}, unanswered: { enabled: true } }))).toEqual([
      { code: 'required', path: 'forwarding.enabled' },
      { code: 'required', path: 'unanswered.delaySeconds' },
    ]);
    expect(problemsOf(parseBody(answeringChangeBody, { forwarding: answering.forwarding }))).toEqual([{ code: 'required', path: 'unanswered' }]);
  });
});

describe('membership notification and override bodies', () => {
  it('combines the owner from the URL with the body', () => {
    expect(parseMembershipNotification(' lidia@contoso.com ', { notification: 'Banner' })).toEqual({
      ok: true,
      value: { kind: 'membershipNotification', ownerId: 'lidia@contoso.com', notification: 'Banner' },
    });
  });

  it('reports a bad owner id and a bad body together', () => {
    expect(problemsOf(parseMembershipNotification('lidia\r@contoso.com', { notification: 'Loud', ownerId: 'x' }))).toEqual([
      { code: 'control-character', path: 'ownerId' },
      { code: 'invalid-value', path: 'notification' },
      { code: 'unknown-field', path: 'ownerId' },
    ]);
  });

  it('refuses an empty owner id', () => {
    expect(problemsOf(parseMembershipNotification('', { notification: 'Mute' }))).toEqual([{ code: 'empty', path: 'ownerId' }]);
  });

  it.each([['Ring'], ['Banner'], ['Mute'], [null]])('accepts the override %s', (value) => {
    expect(parseBody(notificationOverrideBody, { value })).toEqual({ ok: true, value: { kind: 'notificationOverride', value } });
  });

  it('requires the override value to be given, even as null', () => {
    expect(parseBody(notificationOverrideBody, {})).toEqual({
      ok: false,
      problems: [{ code: 'required', path: 'value', message: 'value is required.' }],
    });
  });

  it('refuses an override of the wrong type, listing null among the accepted values', () => {
    expect(parseBody(notificationOverrideBody, { value: 1 })).toEqual({
      ok: false,
      problems: [{ code: 'invalid-value', path: 'value', message: 'value must be one of Ring, Banner, Mute or null.' }],
    });
  });

  it('says the owner id is required when the URL lacks it', () => {
    expect(parseMembershipNotification(undefined, { notification: 'Ring' })).toEqual({
      ok: false,
      problems: [{ code: 'required', path: 'ownerId', message: 'ownerId is required.' }],
    });
  });
});

describe('zodProblems', () => {
  it('detects a missing field from zod’s message when the input was not reported', () => {
    const parsed = callGroupChangeBody.safeParse({ order: 'InOrder' });
    expect(parsed.success ? [] : zodProblems(parsed.error)).toEqual([{ code: 'required', path: 'targets', message: 'targets is required.' }]);
  });
});
