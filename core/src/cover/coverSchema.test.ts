import { describe, expect, it } from 'vitest';
import { parseBody } from '../change/changeSchemas.js';
import { COVER_DELEGATE_DEFAULTS, coverSchema } from './coverSchema.js';

const WINDOW = { startsAt: '2026-12-21T09:00:00+01:00', endsAt: '2027-01-03T18:00:00+01:00' };
const problems = (body: unknown) => {
  const result = parseBody(coverSchema, body);
  return result.ok ? [] : result.problems.map((p) => [p.code, p.path]);
};

describe('coverSchema', () => {
  it('parses every part, filling the delegate permissions the owner left out', () => {
    const result = parseBody(coverSchema, {
      ...WINDOW,
      callGroup: { add: ['adele@contoso.com'], order: 'InOrder' },
      answering: { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'Group' } },
      delegate: { target: 'adele@contoso.com', permissions: { ManageSettings: true, MakeCalls: false } },
    });
    expect(result.ok && result.value).toEqual({
      ...WINDOW,
      callGroup: { add: ['adele@contoso.com'], order: 'InOrder' },
      answering: { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'Group', target: null } },
      delegate: { target: 'adele@contoso.com', permissions: { ...COVER_DELEGATE_DEFAULTS, ManageSettings: true, MakeCalls: false } },
    });
  });

  it('gives a covering delegate the defaults when no permissions are named', () => {
    const result = parseBody(coverSchema, { ...WINDOW, delegate: { target: 'adele@contoso.com' } });
    expect(result.ok && result.value.delegate?.permissions).toEqual({ MakeCalls: true, ReceiveCalls: true, ManageSettings: false, PickUpHeldCalls: true, JoinActiveCalls: false });
  });

  it('accepts UTC (Z) and any offset, and refuses a time without an offset', () => {
    expect(problems({ startsAt: '2026-12-21T08:00:00Z', endsAt: '2026-12-21T10:00:00.500-05:00', delegate: { target: 'a@contoso.com' } })).toEqual([]);
    expect(problems({ startsAt: '2026-12-21T09:00:00', endsAt: '2026-12-21', delegate: { target: 'a@contoso.com' } })).toEqual([['invalid', 'startsAt'], ['invalid', 'endsAt']]);
  });

  it('names the offset in the message of a time without one', () => {
    const result = parseBody(coverSchema, { ...WINDOW, startsAt: '2026-12-21T09:00:00', delegate: { target: 'a@contoso.com' } });
    expect(result.ok ? '' : result.problems[0]?.message).toBe('startsAt is not valid: use an ISO 8601 date and time with its offset, such as 2027-01-03T09:00:00+01:00.');
  });

  it('requires the period and at least one part', () => {
    expect(problems({ callGroup: { add: ['a@contoso.com'] } })).toEqual([['required', 'startsAt'], ['required', 'endsAt']]);
    expect(problems(WINDOW)).toEqual([['invalid', '']]);
  });

  it('refuses an empty part, naming it', () => {
    expect(problems({ ...WINDOW, callGroup: { add: [] } })).toEqual([['invalid', 'callGroup.add']]);
    expect(problems({ ...WINDOW, answering: {} })).toEqual([['invalid', 'answering']]);
    expect(problems({ ...WINDOW, delegate: { target: '  ' } })).toEqual([['empty', 'delegate.target']]);
  });

  it('names the field of a wrong or unknown value inside a part', () => {
    expect(problems({ ...WINDOW, answering: { unanswered: { enabled: true, targetType: 'Group' } } })).toEqual([['required', 'answering.unanswered.delaySeconds']]);
    expect(problems({ ...WINDOW, callGroup: { add: ['a@contoso.com'], order: 'Random' } })).toEqual([['invalid-value', 'callGroup.order']]);
    expect(problems({ ...WINDOW, delegate: { target: 'a@contoso.com', permissions: { CanDoAnything: true } } })).toEqual([['unknown-field', 'delegate.permissions.CanDoAnything']]);
    expect(problems({ ...WINDOW, delegates: [], delegate: { target: 'a@contoso.com' } })).toEqual([['unknown-field', 'delegates']]);
    expect(problems({ ...WINDOW, callGroup: { add: ['a@contoso.com\n'] } })).toEqual([['control-character', 'callGroup.add[0]']]);
  });
});
