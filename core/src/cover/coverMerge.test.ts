import { describe, expect, it } from 'vitest';
import type { CallingSettings } from '../model/tenant.js';
import { delegate, namedUser, testSettings } from '../testing/testTenant.js';
import { COVER_DELEGATE_DEFAULTS } from './coverSchema.js';
import { coverEndDesired } from './coverEnd.js';
import { coverStartDesired } from './coverStart.js';
import type { Cover } from './types.js';

const alex = namedUser('Alex Wilber');
const sip = (name: string) => `sip:${name.toLowerCase().replaceAll(' ', '.')}@contoso.com`;
const [ADELE, MEGAN, DIEGO, LEE, NESTOR, JONI] = ['Adele Vance', 'Megan Bowen', 'Diego Siciliani', 'Lee Gu', 'Nestor Wilke', 'Joni Sherman'].map(sip) as [string, string, string, string, string, string];
const names = { [ADELE]: 'Adele Vance', [DIEGO]: 'Diego Siciliani' };
const WINDOW = { startsAt: '2026-12-21T09:00:00+01:00', endsAt: '2027-01-03T18:00:00+01:00' };
const settings = (overrides: Partial<CallingSettings>) => testSettings(alex, overrides);
const cover = (parts: Omit<Cover, 'startsAt' | 'endsAt'>): Cover => ({ ...WINDOW, ...parts });

/** Start the cover on `atStart`, let `during` edit the settings, then end it. */
function run(atStart: CallingSettings, theCover: Cover, during: (s: CallingSettings) => CallingSettings = (s) => s) {
  const afterStart = coverStartDesired(atStart, theCover).desired;
  const now = during(afterStart);
  return { afterStart, now, end: coverEndDesired(atStart, afterStart, now, theCover, { names }) };
}

function ended(result: ReturnType<typeof coverEndDesired>) {
  if (result.held) throw new Error(result.reason);
  return result;
}

describe('a cover on the owner\'s call group', () => {
  const adeleCovers = cover({ callGroup: { add: [ADELE] } });

  it('adds the covering person at the start and keeps a member the owner added during the cover at its end', () => {
    const atStart = settings({ CallGroupTargets: [MEGAN] });
    const { afterStart, end } = run(atStart, adeleCovers, (s) => ({ ...s, CallGroupTargets: [...s.CallGroupTargets, DIEGO] }));
    expect(afterStart.CallGroupTargets).toEqual([MEGAN, ADELE]);
    const result = ended(end);
    expect(result.desired.CallGroupTargets).toEqual([MEGAN, DIEGO]);
    expect(result.writes.map((w) => w.parameters)).toEqual([{ CallGroupOrder: 'Simultaneous', CallGroupTargets: [MEGAN, DIEGO] }]);
    expect(result.notes).toEqual([{ code: 'taken-back', path: 'callGroup.add[0]', ref: ADELE, message: 'Adele Vance leaves the call group.' }]);
  });

  it('does nothing for a covering person the owner already removed by hand, and says so', () => {
    const atStart = settings({ CallGroupTargets: [MEGAN] });
    const { end } = run(atStart, adeleCovers, (s) => ({ ...s, CallGroupTargets: [MEGAN, DIEGO] }));
    const result = ended(end);
    expect(result.writes).toEqual([]);
    expect(result.desired.CallGroupTargets).toEqual([MEGAN, DIEGO]);
    expect(result.notes.map((n) => [n.code, n.message])).toEqual([['already-taken-back', 'Adele Vance was already removed from the call group.']]);
  });

  it('leaves a person who was a member before the cover in the group at its end', () => {
    const atStart = settings({ CallGroupTargets: [ADELE] });
    const start = coverStartDesired(atStart, adeleCovers, { names });
    expect(start.desired).toEqual(atStart);
    expect(start.notes.map((n) => [n.code, n.message])).toEqual([['already-so', 'Adele Vance is already in the call group, so the cover leaves them there at its end.']]);
    expect(ended(coverEndDesired(atStart, start.desired, start.desired, adeleCovers)).desired.CallGroupTargets).toEqual([ADELE]);
  });

  it('keeps the reordering the owner made during the cover', () => {
    const atStart = settings({ CallGroupTargets: [MEGAN, DIEGO] });
    const { end } = run(atStart, adeleCovers, (s) => ({ ...s, CallGroupTargets: [DIEGO, ADELE, MEGAN] }));
    expect(ended(end).desired.CallGroupTargets).toEqual([DIEGO, MEGAN]);
  });

  it('takes the ring order back, unless the group has grown past five members meanwhile', () => {
    const atStart = settings({ CallGroupOrder: 'InOrder', CallGroupTargets: [MEGAN, DIEGO] });
    const simultaneous = cover({ callGroup: { add: [ADELE, LEE], order: 'Simultaneous' } });
    expect(ended(run(atStart, simultaneous).end).desired).toEqual(atStart);
    const grown = run(atStart, simultaneous, (s) => ({ ...s, CallGroupTargets: [...s.CallGroupTargets, NESTOR, JONI, sip('Pradeep Gupta'), sip('Lidia Holloway')] }));
    const result = ended(grown.end);
    expect(result.desired.CallGroupOrder).toBe('Simultaneous');
    expect(result.notes.find((n) => n.path === 'callGroup.order')?.code).toBe('kept');
  });

  it('counts a ring order the owner already set back by hand as taken back', () => {
    const atStart = settings({ CallGroupOrder: 'Simultaneous', CallGroupTargets: [MEGAN] });
    const inOrder = cover({ callGroup: { add: [ADELE], order: 'InOrder' } });
    const { end } = run(atStart, inOrder, (s) => ({ ...s, CallGroupOrder: 'Simultaneous' }));
    expect(ended(end).notes.find((n) => n.path === 'callGroup.order')?.code).toBe('already-taken-back');
  });
});

describe('a cover on call answering', () => {
  const toGroup = cover({
    callGroup: { add: [ADELE] },
    answering: { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'Group', target: null } },
  });

  it('switches forwarding off before emptying the group it created, so Teams accepts every write', () => {
    const atStart = settings({});
    const result = ended(run(atStart, toGroup).end);
    expect(result.desired).toEqual(atStart);
    expect(result.writes.map((w) => w.parameterSet)).toEqual(['ForwardingOnOff', 'CallGroup']);
  });

  it('holds the end, saying why, when the owner sent unanswered calls to the group the end would empty', () => {
    const atStart = settings({});
    const { end } = run(atStart, toGroup, (s) => ({ ...s, IsUnansweredEnabled: true, UnansweredTargetType: 'Group' }));
    expect(end.held).toBe(true);
    if (!end.held) return;
    expect(end.reason).toBe('The end of this cover is held. Taking back its part (Adele Vance leaves the call group; Call forwarding goes back to what it was before the cover) would leave settings Teams refuses: Unanswered forwarding targets the call group, which has no members. Change that setting, then end the cover again.');
    expect(end.desired.CallGroupTargets).toEqual([]);
  });

  it('leaves forwarding the owner changed during the cover', () => {
    const atStart = settings({ CallGroupTargets: [MEGAN] });
    const toPerson = { enabled: true, type: 'Immediate' as const, targetType: 'SingleTarget' as const, target: '+14255550100' };
    const { now, end } = run(atStart, toGroup, (s) => ({ ...s, IsForwardingEnabled: true, ForwardingType: 'Immediate', ForwardingTargetType: 'SingleTarget', ForwardingTarget: toPerson.target }));
    const result = ended(end);
    expect(result.desired.ForwardingTarget).toBe(now.ForwardingTarget);
    expect(result.notes.find((n) => n.path === 'answering.forwarding')?.code).toBe('changed-by-owner');
  });

  it('restores only the rule the cover named', () => {
    const atStart = settings({ IsUnansweredEnabled: true, UnansweredTargetType: 'Voicemail', UnansweredDelay: '00:00:30' });
    const unansweredOnly = cover({ answering: { unanswered: { enabled: true, targetType: 'SingleTarget', target: ADELE, delaySeconds: 10 } } });
    const { afterStart, end } = run(atStart, unansweredOnly, (s) => ({ ...s, IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'SingleTarget', ForwardingTarget: DIEGO }));
    expect(afterStart).toMatchObject({ UnansweredTarget: ADELE, UnansweredDelay: '00:00:10', IsForwardingEnabled: false });
    expect(ended(end).desired).toMatchObject({ UnansweredTargetType: 'Voicemail', UnansweredTarget: null, UnansweredDelay: '00:00:30', ForwardingTarget: DIEGO });
  });
});

describe('a cover making someone a delegate', () => {
  const adeleDelegate = cover({ delegate: { target: ADELE, permissions: COVER_DELEGATE_DEFAULTS } });

  it('adds the delegate at the start and removes only them at the end', () => {
    const atStart = settings({ Delegates: [delegate(MEGAN)] });
    const { afterStart, end } = run(atStart, adeleDelegate, (s) => ({ ...s, Delegates: [...s.Delegates, delegate(DIEGO, { ManageSettings: false })] }));
    expect(afterStart.Delegates.map((d) => d.Id)).toEqual([MEGAN, ADELE]);
    const result = ended(end);
    expect(result.desired.Delegates.map((d) => d.Id)).toEqual([MEGAN, DIEGO]);
    expect(result.writes.map((w) => [w.cmdlet, w.parameters.Delegate])).toEqual([['Remove-CsUserCallingDelegate', ADELE]]);
    const byObjectId = ended(coverEndDesired(atStart, afterStart, afterStart, adeleDelegate, { identity: alex.Identity }));
    expect(byObjectId.writes.map((w) => w.identity)).toEqual([alex.Identity]);
  });

  it('grants an existing delegate the missing permissions and gives back their former ones at the end', () => {
    const limited = delegate(ADELE, { ReceiveCalls: false, PickUpHeldCalls: false, JoinActiveCalls: true, ManageSettings: false });
    const atStart = settings({ Delegates: [limited] });
    const { afterStart, end } = run(atStart, adeleDelegate);
    expect(afterStart.Delegates).toEqual([{ ...limited, ReceiveCalls: true, PickUpHeldCalls: true }]);
    expect(ended(end).desired.Delegates).toEqual([limited]);
  });

  it('says the delegate was already removed when the owner removed them by hand', () => {
    const { end } = run(settings({}), adeleDelegate, (s) => ({ ...s, Delegates: [] }));
    expect(ended(end).notes.map((n) => n.message)).toEqual(['Adele Vance was already removed as a delegate.']);
  });
});

describe('ending a cover twice', () => {
  it('writes nothing the second time', () => {
    const everything = cover({
      callGroup: { add: [ADELE], order: 'InOrder' },
      answering: { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'Group', target: null } },
      delegate: { target: ADELE, permissions: COVER_DELEGATE_DEFAULTS },
    });
    const atStart = settings({ CallGroupTargets: [MEGAN] });
    const { afterStart, end } = run(atStart, everything, (s) => ({ ...s, CallGroupTargets: [...s.CallGroupTargets, DIEGO] }));
    const once = ended(end);
    const twice = ended(coverEndDesired(atStart, afterStart, once.desired, everything));
    expect(twice.writes).toEqual([]);
    expect(twice.desired).toEqual(once.desired);
    expect(twice.notes.every((n) => n.code === 'already-taken-back')).toBe(true);
  });
});
