import { describe, expect, it } from 'vitest';
import type { Result } from '../model/result.js';
import type { CallingPolicy, CallingSettings, Delegate } from '../model/tenant.js';
import { objectIdOf, sipOf, testLookup, testPolicy, testSettings, testUser } from '../testing/testTenant.js';
import type { AnsweringChange } from './types.js';
import { validateChange, type ValidatedChange } from './validateChange.js';

type Forwarding = AnsweringChange['forwarding'];
type Unanswered = AnsweringChange['unanswered'];

const OFF_FORWARDING: Forwarding = { enabled: false, type: null, targetType: null, target: null };
const OFF_UNANSWERED: Unanswered = { enabled: false, targetType: null, target: null, delaySeconds: 20 };

interface Setup {
  readonly policy?: Partial<CallingPolicy>;
  readonly settings?: Partial<CallingSettings>;
}

/** Validates lidia's answering change; her calling policy is `Tag:Test` with the given switches. */
function validate(forwarding: Partial<Forwarding>, unanswered: Partial<Unanswered> = {}, setup: Setup = {}): Result<ValidatedChange> {
  const user = testUser('lidia', { TeamsCallingPolicy: 'Test' });
  const lookup = testLookup({
    users: [user, testUser('joni'), testUser('alex')],
    callingSettings: [testSettings('lidia', setup.settings)],
    callingPolicies: [testPolicy('Tag:Test', setup.policy)],
  });
  const change: AnsweringChange = {
    kind: 'answering',
    forwarding: { ...OFF_FORWARDING, ...forwarding },
    unanswered: { ...OFF_UNANSWERED, ...unanswered },
  };
  return validateChange({ lookup, user, change });
}

const codes = (result: Result<ValidatedChange>) => (result.ok ? [] : result.problems.map((problem) => [problem.code, problem.path]));
const receiving = (receiveCalls: boolean): Delegate => ({
  Id: 'joni@contoso.com', MakeCalls: true, ManageSettings: false, ReceiveCalls: receiveCalls, PickUpHeldCalls: false, JoinActiveCalls: false,
});

describe('forwarding type and target type', () => {
  it('accepts Teams’ default: no forwarding, unanswered calls to voicemail after 20 seconds', () => {
    const result = validate({}, { enabled: true, targetType: 'Voicemail' });
    expect(result.ok && result.value.notes).toEqual({ kind: 'answering' });
  });

  it('requires a forwarding type when forwarding is on', () => {
    expect(codes(validate({ enabled: true, targetType: 'SingleTarget', target: 'joni@contoso.com' }))).toEqual([['forwarding-type-required', 'forwarding.type']]);
  });

  it('requires a target type for each rule that is on', () => {
    expect(codes(validate({ enabled: true, type: 'Simultaneous' }, { enabled: true }))).toEqual([
      ['target-type-required', 'forwarding.targetType'],
      ['target-type-required', 'unanswered.targetType'],
    ]);
  });

  it('accepts forwarding to voicemail when it is immediate', () => {
    expect(codes(validate({ enabled: true, type: 'Immediate', targetType: 'Voicemail' }))).toEqual([]);
  });

  it('rejects voicemail as an also-ring (Simultaneous) target', () => {
    expect(codes(validate({ enabled: true, type: 'Simultaneous', targetType: 'Voicemail' }))).toEqual([['voicemail-needs-immediate', 'forwarding.type']]);
  });

  it('rejects voicemail when the calling policy turns it off, for either rule', () => {
    const setup = { policy: { AllowVoicemail: 'AlwaysDisabled' as const } };
    expect(codes(validate({ enabled: true, type: 'Immediate', targetType: 'Voicemail' }, {}, setup))).toEqual([['voicemail-not-allowed', 'forwarding.targetType']]);
    expect(codes(validate({}, { enabled: true, targetType: 'Voicemail' }, setup))).toEqual([['voicemail-not-allowed', 'unanswered.targetType']]);
  });

  it('accepts voicemail when the policy says AlwaysEnabled', () => {
    expect(codes(validate({}, { enabled: true, targetType: 'Voicemail' }, { policy: { AllowVoicemail: 'AlwaysEnabled' } }))).toEqual([]);
  });
});

describe('single target', () => {
  it.each([['a SIP URI', 'SIP:Joni@Contoso.com'], ['a UPN', 'joni@contoso.com'], ['an object id', objectIdOf('joni')]])('accepts a person given as %s', (_name, target) => {
    const result = validate({ enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target });
    expect(result.ok && result.value.desired.ForwardingTarget).toBe(sipOf('joni'));
  });

  it.each([['+14255550100'], ['+1206555000;ext=1234'], ['1234']])('accepts the phone number %s', (target) => {
    expect(codes(validate({}, { enabled: true, targetType: 'SingleTarget', target, delaySeconds: 30 }))).toEqual([]);
  });

  it('requires a target', () => {
    expect(validate({ enabled: true, type: 'Immediate', targetType: 'SingleTarget' })).toEqual({
      ok: false,
      problems: [{ code: 'target-required', path: 'forwarding.target', message: 'Enter the person or phone number call forwarding goes to.' }],
    });
  });

  it('rejects forwarding to yourself', () => {
    expect(codes(validate({ enabled: true, type: 'Immediate', targetType: 'SingleTarget', target: 'lidia@contoso.com' }))).toEqual([['self-target', 'forwarding.target']]);
  });

  it('rejects a person when the policy does not allow forwarding to users', () => {
    const setup = { policy: { AllowCallForwardingToUser: false } };
    expect(codes(validate({}, { enabled: true, targetType: 'SingleTarget', target: 'alex@contoso.com' }, setup))).toEqual([['forwarding-to-user-not-allowed', 'unanswered.target']]);
    expect(codes(validate({}, { enabled: true, targetType: 'SingleTarget', target: '+14255550100' }, setup))).toEqual([]);
  });

  it('rejects a phone number when the policy does not allow forwarding to phones', () => {
    const setup = { policy: { AllowCallForwardingToPhone: false } };
    expect(codes(validate({ enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: 'tel:+14255550100' }, {}, setup))).toEqual([
      ['forwarding-to-phone-not-allowed', 'forwarding.target'],
    ]);
    expect(codes(validate({ enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: 'alex@contoso.com' }, {}, setup))).toEqual([]);
  });

  it('rejects an address that is nobody in the tenant', () => {
    expect(codes(validate({ enabled: true, type: 'Immediate', targetType: 'SingleTarget', target: 'bob@fabrikam.com' }))).toEqual([['target-not-found', 'forwarding.target']]);
  });

  it('rejects a target that is neither a person nor a number', () => {
    expect(codes(validate({ enabled: true, type: 'Immediate', targetType: 'SingleTarget', target: 'reception desk' }))).toEqual([['invalid-target', 'forwarding.target']]);
  });

  it('rejects a target given with any other target type, even on a switched-off rule', () => {
    expect(codes(validate({ enabled: true, type: 'Immediate', targetType: 'Voicemail', target: '+14255550100' }))).toEqual([['target-not-allowed', 'forwarding.target']]);
    expect(codes(validate({}, { target: 'joni@contoso.com' }))).toEqual([['target-not-allowed', 'unanswered.target']]);
  });
});

describe('delegates and call group', () => {
  it('rejects forwarding to delegates when none may receive calls', () => {
    const forwarding = { enabled: true, type: 'Simultaneous' as const, targetType: 'MyDelegates' as const };
    expect(codes(validate(forwarding))).toEqual([['no-delegates-receive-calls', 'forwarding.targetType']]);
    expect(codes(validate(forwarding, {}, { settings: { Delegates: [receiving(false)] } }))).toEqual([['no-delegates-receive-calls', 'forwarding.targetType']]);
    expect(codes(validate(forwarding, {}, { settings: { Delegates: [receiving(false), receiving(true)] } }))).toEqual([]);
  });

  it('rejects forwarding to delegates when the policy does not allow delegation', () => {
    const setup = { policy: { AllowDelegation: false }, settings: { Delegates: [receiving(true)] } };
    expect(codes(validate({}, { enabled: true, targetType: 'MyDelegates' }, setup))).toEqual([['delegation-not-allowed', 'unanswered.targetType']]);
  });

  it('rejects sending calls to an empty call group', () => {
    expect(codes(validate({}, { enabled: true, targetType: 'Group' }))).toEqual([['group-forwarding-needs-members', 'unanswered.targetType']]);
  });

  it('accepts sending calls to a call group with one member', () => {
    expect(codes(validate({}, { enabled: true, targetType: 'Group' }, { settings: { CallGroupTargets: ['joni@contoso.com'] } }))).toEqual([]);
  });

  it('rejects the call group as a target when the policy does not allow call groups', () => {
    const setup = { policy: { AllowCallGroups: false }, settings: { CallGroupTargets: ['joni@contoso.com'] } };
    expect(codes(validate({ enabled: true, type: 'Simultaneous', targetType: 'Group' }, {}, setup))).toEqual([['call-groups-not-allowed', 'forwarding.targetType']]);
  });
});

describe('unanswered delay', () => {
  it.each([
    [5, '00:00:05'], [10, '00:00:10'], [15, '00:00:15'], [20, '00:00:20'],
    [30, '00:00:30'], [40, '00:00:40'], [50, '00:00:50'], [60, '00:01:00'],
  ])('accepts %i seconds, written as %s', (delaySeconds, written) => {
    const result = validate({}, { enabled: true, targetType: 'Voicemail', delaySeconds });
    expect(result.ok && result.value.desired.UnansweredDelay).toBe(written);
  });

  it.each([0, 4, 6, 25, 45, 61, -5])('rejects %i seconds', (delaySeconds) => {
    expect(codes(validate({}, { enabled: true, targetType: 'Voicemail', delaySeconds }))).toEqual([['unsupported-delay', 'unanswered.delaySeconds']]);
  });
});

describe('immediate forwarding with unanswered', () => {
  it('rejects immediate forwarding while unanswered calls are handled, with the reason', () => {
    const result = validate({ enabled: true, type: 'Immediate', targetType: 'Voicemail' }, { enabled: true, targetType: 'Voicemail' });
    expect(result).toEqual({
      ok: false,
      problems: [{
        code: 'immediate-with-unanswered',
        path: 'unanswered.enabled',
        message: 'Immediate forwarding sends every call on before it rings you, so "if unanswered" would never apply. Turn "if unanswered" off, or ring the target at the same time as you (Simultaneous) instead.',
      }],
    });
  });

  it('accepts immediate forwarding with unanswered switched off, keeping its stored target', () => {
    const result = validate({ enabled: true, type: 'Immediate', targetType: 'Voicemail' }, {}, { settings: { UnansweredTargetType: 'Voicemail' } });
    expect(result.ok && [result.value.desired.IsUnansweredEnabled, result.value.desired.UnansweredTargetType]).toEqual([false, 'Voicemail']);
  });

  it('accepts also-ring (Simultaneous) with unanswered on', () => {
    expect(codes(validate({ enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: '+14255550100' }, { enabled: true, targetType: 'Voicemail' }))).toEqual([]);
  });
});

describe('every problem at once', () => {
  it('reports the problems of both rules together', () => {
    const result = validate(
      { enabled: true, type: 'Simultaneous', targetType: 'Voicemail', target: 'joni@contoso.com' },
      { enabled: true, targetType: 'SingleTarget', delaySeconds: 25 },
      { policy: { AllowVoicemail: 'AlwaysDisabled' } },
    );
    expect(codes(result)).toEqual([
      ['voicemail-needs-immediate', 'forwarding.type'],
      ['target-not-allowed', 'forwarding.target'],
      ['voicemail-not-allowed', 'forwarding.targetType'],
      ['target-required', 'unanswered.target'],
      ['unsupported-delay', 'unanswered.delaySeconds'],
    ]);
  });
});
