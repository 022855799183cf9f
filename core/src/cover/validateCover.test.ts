import { describe, expect, it } from 'vitest';
import type { CallingSettings, User } from '../model/tenant.js';
import { delegate, namedUser, testLookup, testSettings, testUsers } from '../testing/testTenant.js';
import { COVER_DELEGATE_DEFAULTS } from './coverSchema.js';
import { coverStartDesired } from './coverStart.js';
import { MAX_COVER_MS, MIN_COVER_MS, START_TOLERANCE_MS } from './coverTime.js';
import type { Cover, OwnerCover } from './types.js';
import { validateCover, type CoverContext } from './validateCover.js';

const NOW = new Date('2026-12-03T08:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const HOUR = 3_600_000;
const alex = namedUser('Alex Wilber');
const adele = namedUser('Adele Vance');
const diego = namedUser('Diego Siciliani');
const megan = namedUser('Megan Bowen');
const members = testUsers(30);
const sip = (user: User) => user.SipAddress;
const window = { startsAt: at(HOUR), endsAt: at(5 * HOUR) };

function context(settings: Partial<CallingSettings> = {}, extra: Partial<CoverContext> & { users?: User[] } = {}): CoverContext {
  const users = [alex, adele, diego, megan, ...members, ...(extra.users ?? [])];
  const lookup = testLookup({ users, callingSettings: [testSettings(alex, settings)] });
  return { lookup, owner: alex, ...extra };
}

function codes(cover: Cover, ctx: CoverContext = context()) {
  const result = validateCover(cover, ctx, NOW);
  return result.ok ? [] : result.problems.map((p) => [p.code, p.path]);
}

const adeleCovers = (overrides: Partial<Cover> = {}): Cover => ({ ...window, callGroup: { add: [adele.UserPrincipalName] }, ...overrides });
const targets = (count: number) => members.slice(0, count).map(sip);

describe('validateCover', () => {
  it('accepts Adele covering Alex\'s call group, in canonical spellings, with the settings at its start', () => {
    const result = validateCover(adeleCovers(), context({ CallGroupTargets: [sip(megan)] }), NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.cover.callGroup?.add).toEqual(['sip:adele.vance@contoso.com']);
    expect(result.value.desired.CallGroupTargets).toEqual([sip(megan), 'sip:adele.vance@contoso.com']);
  });

  it('returns every problem at once, each naming its field', () => {
    const cover: Cover = { startsAt: at(HOUR), endsAt: at(0), callGroup: { add: ['nobody@contoso.com', adele.Identity] }, delegate: { target: alex.Identity, permissions: COVER_DELEGATE_DEFAULTS } };
    expect(codes(cover)).toEqual([['ends-before-start', 'endsAt'], ['member-not-found', 'callGroup.add[0]'], ['self-delegate', 'delegate.target']]);
  });

  it.each([
    ['exactly 1 minute', MIN_COVER_MS, []],
    ['59 seconds', MIN_COVER_MS - 1000, [['cover-too-short', 'endsAt']]],
    ['exactly 180 days', MAX_COVER_MS, []],
    ['180 days and 1 ms', MAX_COVER_MS + 1, [['cover-too-long', 'endsAt']]],
  ])('judges a cover of %s', (_name, duration, expected) => {
    expect(codes(adeleCovers({ startsAt: at(0), endsAt: at(duration) }))).toEqual(expected);
  });

  it('says how long a too-short cover lasts without rounding it up to a minute', () => {
    const result = validateCover(adeleCovers({ startsAt: at(0), endsAt: at(MIN_COVER_MS - 1) }), context(), NOW);
    expect(result.ok ? '' : result.problems[0]?.message).toBe('A cover lasts at least 1 minute; this one lasts 59 seconds.');
  });

  it('lets a cover start now or a few minutes ago, and not earlier', () => {
    expect(codes(adeleCovers({ startsAt: at(0), endsAt: at(70_000) }))).toEqual([]);
    expect(codes(adeleCovers({ startsAt: at(-START_TOLERANCE_MS), endsAt: at(HOUR) }))).toEqual([]);
    expect(codes(adeleCovers({ startsAt: at(-START_TOLERANCE_MS - 1), endsAt: at(HOUR) }))).toEqual([['starts-in-the-past', 'startsAt']]);
  });

  it('judges only the end of a cover that has started (an extension)', () => {
    const extended = adeleCovers({ startsAt: at(-10 * HOUR), endsAt: at(HOUR) });
    expect(codes(extended, { ...context(), started: true })).toEqual([]);
    expect(codes({ ...extended, endsAt: at(-HOUR) }, { ...context(), started: true })).toEqual([['ends-in-the-past', 'endsAt']]);
  });

  it('counts members as they will be at the start: 25 fit, 26 do not', () => {
    expect(codes(adeleCovers(), context({ CallGroupTargets: targets(24) }))).toEqual([]);
    const result = validateCover(adeleCovers(), context({ CallGroupTargets: targets(25) }), NOW);
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['too-many-members', 'callGroup.add', 'When the cover starts: A call group can have at most 25 members; this list has 26. Remove 1.'],
    ]);
  });

  it('counts the members another cover will have added by the start, and those an ending cover will have taken back', () => {
    const diegoCover: Cover = { startsAt: at(0), endsAt: at(10 * HOUR), callGroup: { add: [sip(diego)] } };
    const scheduled: OwnerCover = { id: 'cover-7', status: 'scheduled', cover: diegoCover };
    expect(codes(adeleCovers(), context({ CallGroupTargets: targets(23) }, { otherCovers: [scheduled] }))).toEqual([]);
    expect(codes(adeleCovers(), context({ CallGroupTargets: targets(24) }, { otherCovers: [scheduled] }))).toEqual([['too-many-members', 'callGroup.add']]);
    const atStart = testSettings(alex, { CallGroupTargets: targets(24) });
    const afterStart = coverStartDesired(atStart, diegoCover).desired;
    const ending: OwnerCover = { id: 'cover-8', status: 'active', cover: { ...diegoCover, endsAt: window.startsAt }, atStart, afterStart };
    expect(codes(adeleCovers(), context({ CallGroupTargets: afterStart.CallGroupTargets }, { otherCovers: [ending] }))).toEqual([]);
  });

  it('allows ringing in order with 5 members at the start and not with 6', () => {
    expect(codes(adeleCovers(), context({ CallGroupOrder: 'InOrder', CallGroupTargets: targets(4) }))).toEqual([]);
    expect(codes(adeleCovers(), context({ CallGroupOrder: 'InOrder', CallGroupTargets: targets(5) }))).toEqual([['in-order-over-five', 'callGroup.add']]);
    expect(codes(adeleCovers({ callGroup: { add: [sip(adele)], order: 'Simultaneous' } }), context({ CallGroupOrder: 'InOrder', CallGroupTargets: targets(5) }))).toEqual([]);
    expect(codes(adeleCovers({ callGroup: { add: [sip(adele)], order: 'InOrder' } }), context({ CallGroupTargets: targets(5) }))).toEqual([['in-order-over-five', 'callGroup.order']]);
  });

  it('refuses a covering person already in 25 call groups, and one who cannot take calls', () => {
    const groupsOf = (member: string) => (member === 'sip:adele.vance@contoso.com' ? 25 : 24);
    expect(codes(adeleCovers(), context({}, { groupsOf }))).toEqual([['member-in-too-many-groups', 'callGroup.add[0]']]);
    expect(codes(adeleCovers({ callGroup: { add: [sip(diego)] } }), context({}, { groupsOf }))).toEqual([]);
    const lee = namedUser('Lee Gu', { HasTeamsPhoneLicense: false });
    const leeCovers: Cover = {
      ...window,
      callGroup: { add: [sip(lee)] },
      answering: { forwarding: { enabled: true, type: 'Simultaneous', targetType: 'SingleTarget', target: sip(lee) } },
      delegate: { target: sip(lee), permissions: COVER_DELEGATE_DEFAULTS },
    };
    expect(codes(leeCovers, context({}, { users: [lee] }))).toEqual([
      ['member-unlicensed', 'callGroup.add[0]'],
      ['covering-person-not-eligible', 'answering.forwarding.target'],
      ['covering-person-not-eligible', 'delegate.target'],
    ]);
  });

  it('judges forwarding against the group as the cover leaves it at the start', () => {
    const toGroup = { enabled: true, type: 'Simultaneous' as const, targetType: 'Group' as const, target: null };
    expect(codes(adeleCovers({ answering: { forwarding: toGroup } }))).toEqual([]);
    expect(codes({ ...window, answering: { forwarding: toGroup } })).toEqual([['group-forwarding-needs-members', 'answering.forwarding.targetType']]);
  });

  it('counts delegates at the start: 24 leave room, 25 do not', () => {
    const delegates = (count: number) => members.slice(0, count).map((member) => delegate(sip(member)));
    const adeleDelegate: Cover = { ...window, delegate: { target: sip(adele), permissions: COVER_DELEGATE_DEFAULTS } };
    expect(codes(adeleDelegate, context({ Delegates: delegates(24) }))).toEqual([]);
    expect(codes(adeleDelegate, context({ Delegates: delegates(25) }))).toEqual([['too-many-delegates', 'delegate.target']]);
  });
});

describe('overlapping covers of one owner', () => {
  const other = (id: string, cover: Partial<Cover>, status: OwnerCover['status'] = 'scheduled'): OwnerCover => ({ id, status, cover: { ...window, ...cover } });

  it('refuses an overlap on the same member, naming the other cover', () => {
    const result = validateCover(adeleCovers(), context({}, { otherCovers: [other('cover-3', { callGroup: { add: [sip(adele)] } })] }), NOW);
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.path])).toEqual([['overlapping-cover', 'callGroup.add[0]']]);
    expect(result.ok ? '' : result.problems[0]?.message).toContain('Your cover cover-3 (');
  });

  it('allows an overlap on different parts or different people, and covers that only touch in time', () => {
    const others = [
      other('cover-1', { callGroup: { add: [sip(diego)] } }),
      other('cover-2', { delegate: { target: sip(adele), permissions: COVER_DELEGATE_DEFAULTS } }),
      other('cover-3', { startsAt: at(0), endsAt: window.startsAt, callGroup: { add: [sip(adele)] } }),
      other('cover-4', { callGroup: { add: [sip(adele)] } }, 'cancelled'),
    ];
    expect(codes(adeleCovers(), context({}, { otherCovers: others }))).toEqual([]);
  });

  it('refuses two covers changing call answering, or the same delegate, at the same time', () => {
    const forwarding = { enabled: true, type: 'Simultaneous' as const, targetType: 'SingleTarget' as const, target: sip(adele) };
    const cover: Cover = { ...window, answering: { forwarding }, delegate: { target: sip(diego), permissions: COVER_DELEGATE_DEFAULTS } };
    const others = [
      other('cover-5', { answering: { unanswered: { enabled: true, targetType: 'Voicemail', target: null, delaySeconds: 20 } } }, 'active'),
      other('cover-6', { delegate: { target: diego.Identity, permissions: COVER_DELEGATE_DEFAULTS } }),
    ];
    expect(codes(cover, context({}, { otherCovers: others }))).toEqual([['overlapping-cover', 'answering'], ['overlapping-cover', 'delegate.target']]);
  });
});
