import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredRequest } from '../../services/requestService.js';
import { bigGroup, cardWarnings, drift, executeActions, finding, request, settings, sip } from '../testSupport/cardFixtures.js';
import { approvalCard } from './approvalCard.js';
import type { AdaptiveCard } from './cardElements.js';
import { CARD_VERBS, MAX_CARD_BYTES, MAX_REFRESH_USERS, cardBytes, expandTemplate } from './cardElements.js';
import { CHAT_COMMANDS, helpCard, messageCard, pendingCard } from './chatCards.js';
import { driftCard } from './driftCard.js';
import type { DigestFinding } from './healthCards.js';
import { MAX_DIGEST_FINDINGS, callGroupsOffCard, digestCard, healthSummaryCard } from './healthCards.js';
import { memberAddedCard, requestNoticeCard } from './noticeCards.js';
import { requestNameRefs } from './requestDescription.js';

const names = new Map([
  [sip('alex.wilber'), 'Alex Wilber'],
  [sip('adele.vance'), 'Adele Vance'],
  [sip('brian.johnson'), 'Brian Johnson'],
  [sip('megan.bowen'), 'Megan Bowen'],
]);
const userIds = Array.from({ length: 80 }, (_, i) => `29:user-${i}`);

/** A 25-member group proposed from scratch: the largest approval card a tenant can produce. */
const biggest = request({
  beforeSettings: settings(sip('alex.wilber'), { CallGroupTargets: bigGroup.slice(0, 12).map((s) => s.replace('member', 'former')) }),
  desired: settings(sip('alex.wilber'), { CallGroupTargets: bigGroup, CallGroupOrder: 'Simultaneous', IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group', IsUnansweredEnabled: true, UnansweredTargetType: 'Group' }),
  notes: { kind: 'callGroup', added: bigGroup, removed: bigGroup.slice(0, 12).map((s) => s.replace('member', 'former')), membersNotified: bigGroup, limits: { members: 25, maxMembers: 25, characters: 1500, maxCharacters: 32768 } },
});
const findings: DigestFinding[] = Array.from({ length: 30 }, (_, i) => ({
  key: `CG0${(i % 9) + 1}|${bigGroup[i % 25]}|`,
  finding: finding(`CG0${(i % 9) + 1}` as 'CG01', bigGroup[i % 25]!, i % 3 === 0 ? 'info' : i % 3 === 1 ? 'error' : 'warning', bigGroup.slice(0, 5)),
  firstSeen: new Date('2026-11-22T09:00:00Z'),
  state: 'open',
}));

const every: [string, AdaptiveCard][] = [
  ['approval, decider', approvalCard({ request: biggest, names, viewer: { kind: 'decider' }, refreshUserIds: userIds })],
  ['approval, reader with a reason', approvalCard({ request: request(), names, viewer: { kind: 'reader', because: 'Only approvers can approve or reject requests.' }, refreshUserIds: [] })],
  ...(['approved', 'applied', 'failed', 'rejected', 'expired', 'cancelled', 'superseded'] as const).map(
    (status) => [`approval, ${status}`, approvalCard({ request: request({ status, decidedBy: sip('megan.bowen'), decidedAt: new Date('2026-11-22T10:00:00Z'), decisionReason: 'not now', failure: 'Teams said no' }), names, viewer: { kind: 'decider' }, refreshUserIds: userIds })] as [string, AdaptiveCard],
  ),
  ['notice, failed', requestNoticeCard({ request: request({ status: 'failed', failure: 'The member is not licensed' }), names, refreshUserIds: [] })],
  ['notice, answering', requestNoticeCard({ request: request({ kind: 'answering', change: { kind: 'answering' } as unknown as StoredRequest['change'], status: 'applied' }), names, refreshUserIds: [] })],
  ['member added', memberAddedCard({ ownerSip: sip('alex.wilber'), names, notification: 'Banner', outcome: 'Saved.' })],
  ['digest', digestCard({ findings, names, now: new Date('2026-11-22T09:00:00Z'), digestId: 'digest:2026-11-22', refreshUserIds: userIds })],
  ['call groups off', callGroupsOffCard({ groups: bigGroup.map((owner, i) => ({ findingKey: `CG01|${owner}|`, ownerSip: owner, memberSips: bigGroup, callsAtRisk: ['Also ring the call group'], state: i % 2 ? 'open' : 'fix-requested' })), names, warningId: 'cg01:abc' })],
  ['health summary', healthSummaryCard({ counts: { error: 3, warning: 2, info: 0 }, worst: findings.slice(0, 8), names })],
  ['drift', driftCard({ drift: drift(), names })],
  ['drift, accepted', driftCard({ drift: drift({ status: 'accepted', resolvedBy: sip('megan.bowen'), resolvedAt: new Date() }), names, outcome: 'Recorded.' })],
  ['help', helpCard({ isApprover: true })],
  ['short help', helpCard({ isApprover: false, short: true, heard: 'make *coffee*' })],
  ['message', messageCard('Sync started', 'I will tell you.')],
  ['pending', pendingCard({ waiting: Array.from({ length: 15 }, () => request()), mine: [request({ status: 'rejected' })], names, viewerSip: sip('megan.bowen') })],
];

describe('every card', () => {
  it.each(every)('%s parses as Adaptive Card 1.5 with no warnings', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(cardWarnings(card)).toEqual([]);
  });

  it.each(every)('%s stays under 28 KB, names only known verbs with {verb, id} data, and leaves no template field unbound', (_name, card) => {
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    for (const action of executeActions(card)) {
      expect(CARD_VERBS).toContain(action.verb);
      expect(Object.keys(action.data).sort()).toEqual(['id', 'verb']);
      expect(action.data.verb).toBe(action.verb);
    }
    expect(JSON.stringify(card)).not.toContain('${');
    expect(card.refresh?.userIds.length ?? 0).toBeLessThanOrEqual(MAX_REFRESH_USERS);
  });
});

describe('the approval card', () => {
  it('the largest realistic card (25 members, from scratch) is under 28 KB', () => {
    const card = every[0]![1];
    expect(cardBytes(card)).toBeGreaterThan(3_000);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('refreshes for at most 60 people, requester first', () => {
    const card = approvalCard({ request: request(), names, viewer: { kind: 'decider' }, refreshUserIds: ['29:requester', ...userIds] });
    expect(card.refresh!.userIds).toHaveLength(60);
    expect(card.refresh!.userIds[0]).toBe('29:requester');
    expect(card.refresh!.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh', data: { verb: 'refresh', id: request().id } });
  });

  it('offers Approve and Reject (with an optional reason) only to a decider while pending', () => {
    const pending = approvalCard({ request: request(), names, viewer: { kind: 'decider' }, refreshUserIds: [] });
    expect(executeActions(pending).map((a) => a.verb)).toEqual(['approve', 'reject']);
    expect(JSON.stringify(pending)).toContain('"id":"reason"');
    expect(executeActions(approvalCard({ request: request(), names, viewer: { kind: 'reader' }, refreshUserIds: [] }))).toEqual([]);
    expect(executeActions(approvalCard({ request: request({ status: 'approved' }), names, viewer: { kind: 'decider' }, refreshUserIds: [] }))).toEqual([]);
  });

  it('says who asks, what changes and what core said: members added, order, forwarding before and after, limits, who is notified', () => {
    const text = JSON.stringify(approvalCard({ request: request(), names, viewer: { kind: 'decider' }, refreshUserIds: [] }));
    expect(text).toContain('Alex Wilber asks');
    expect(text).toMatch(/"title":"Added","value":"Adele Vance"/);
    expect(text).toContain('Off → Also ring the call group');
    expect(text).toContain('2 of 25 members');
    expect(text).toContain('Teams will tell Adele Vance');
  });

  it('shows the outcome and who decided, with the reason of a rejection', () => {
    const text = JSON.stringify(approvalCard({ request: request({ status: 'rejected', decidedBy: sip('megan.bowen'), decidedAt: new Date('2026-11-22T10:00:00Z'), decisionReason: 'Adele is *on leave*' }), names, viewer: { kind: 'decider' }, refreshUserIds: [] }));
    expect(text).toContain('Rejected by Megan Bowen on 2026-11-22 10:00 UTC: \\"Adele is \\\\*on leave\\\\*\\"');
  });

  it('tells the requester why an approved request was not applied when a newer one overtook it, and only says "replaced" otherwise', () => {
    const overtaken = JSON.stringify(requestNoticeCard({ request: request({ status: 'superseded', failure: 'Overtaken by request 42, applied first: the call group changed' }), names, refreshUserIds: [] }));
    expect(overtaken).toContain('Not applied: Overtaken by request 42, applied first: the call group changed.');
    const replaced = JSON.stringify(requestNoticeCard({ request: request({ status: 'superseded', decidedAt: new Date('2026-11-22T10:00:00Z') }), names, refreshUserIds: [] }));
    expect(replaced).toContain('Replaced by a newer request on 2026-11-22 10:00 UTC.');
  });
});

describe('a cover\'s request', () => {
  const coverBody = {
    startsAt: '2027-01-02T09:00:00.000Z',
    endsAt: '2027-01-09T17:00:00.000Z',
    callGroup: { add: [sip('adele.vance')], order: 'InOrder' as const },
    answering: { unanswered: { enabled: true, targetType: 'SingleTarget' as const, target: sip('adele.vance'), delaySeconds: 20 } },
    delegate: { target: sip('brian.johnson'), permissions: { MakeCalls: true, ReceiveCalls: true, ManageSettings: false, PickUpHeldCalls: true, JoinActiveCalls: false } },
  };
  const coverChange = (phase: string, endsAt = coverBody.endsAt) =>
    ({ kind: 'cover', coverId: 'c0ffee00-0000-4000-8000-000000000001', phase, summary: 'Cover from 2027-01-02T09:00:00.000Z to 2027-01-09T17:00:00.000Z.', startsAt: coverBody.startsAt, endsAt }) as unknown as StoredRequest['change'];
  const owner = sip('alex.wilber');
  const approval = request({
    kind: 'cover',
    settingsGroup: 'cover:c0ffee00-0000-4000-8000-000000000001:approval',
    change: coverChange('approval'),
    desired: settings(owner, { CallGroupTargets: [sip('brian.johnson'), sip('adele.vance')], CallGroupOrder: 'InOrder', IsUnansweredEnabled: true, UnansweredTargetType: 'SingleTarget', UnansweredTarget: sip('adele.vance') }),
    notes: { summary: 'Cover from 2027-01-02T09:00:00.000Z to 2027-01-09T17:00:00.000Z.', coverId: 'c0ffee00-0000-4000-8000-000000000001', cover: coverBody },
  });

  it('shows approvers who covers what, from when to when, instead of "a change to calling settings"', () => {
    const text = JSON.stringify(approvalCard({ request: approval, names, viewer: { kind: 'decider' }, refreshUserIds: [] }));
    expect(text).not.toContain('A change to calling settings');
    expect(text).toContain("Approval: Alex Wilber's cover");
    expect(text).toMatch(/"title":"Covering","value":"Adele Vance, Brian Johnson"/);
    expect(text).toMatch(/"title":"From","value":"2027-01-02 09:00 UTC"/);
    expect(text).toMatch(/"title":"Until","value":"2027-01-09 17:00 UTC"/);
    expect(text).toMatch(/"title":"Joins the call group","value":"Adele Vance \(in order\)"/);
    expect(text).toContain('Off → After 20 s to Adele Vance');
    expect(text).toMatch(/"title":"Delegate","value":"Brian Johnson: make calls, receive calls, pick up held calls"/);
    expect(text).toContain('taken back');
    expect(cardWarnings(approvalCard({ request: approval, names, viewer: { kind: 'decider' }, refreshUserIds: [] }))).toEqual([]);
    expect(executeActions(approvalCard({ request: approval, names, viewer: { kind: 'decider' }, refreshUserIds: [] })).map((a) => a.verb)).toEqual(['approve', 'reject']);
  });

  it('shows an extension as the old end and the new one, and the requester\'s copy says the same', () => {
    const extension = request({ ...approval, change: coverChange('extension', '2027-01-16T17:00:00.000Z'), desired: approval.beforeSettings });
    const text = JSON.stringify(requestNoticeCard({ request: extension, names, refreshUserIds: [] }));
    expect(text).not.toContain('A change to calling settings');
    expect(text).toMatch(/"title":"Until","value":"2027-01-09 17:00 UTC → 2027-01-16 17:00 UTC"/);
    expect(text).toMatch(/"title":"Covering","value":"Adele Vance, Brian Johnson"/);
  });

  it('falls back to the summary for a cover request with no cover in its notes (its start or end)', () => {
    const start = request({ ...approval, change: { ...(coverChange('start') as object), summary: 'Adele Vance joins the call group.' } as StoredRequest['change'], notes: { summary: 'Adele Vance joins the call group.', coverId: 'x', cover: { notes: [] } } });
    const text = JSON.stringify(requestNoticeCard({ request: start, names, refreshUserIds: [] }));
    expect(text).toContain('Adele Vance joins the call group.');
    expect(text).toMatch(/"title":"From","value":"2027-01-02 09:00 UTC"/);
  });

  it('names everyone the cover names, the delegate too', () => {
    expect(requestNameRefs(approval)).toEqual(expect.arrayContaining([sip('adele.vance'), sip('brian.johnson'), owner]));
    const delegateOnly = request({ ...approval, desired: approval.beforeSettings, notes: { summary: '', coverId: 'x', cover: { ...coverBody, callGroup: undefined, answering: undefined, delegate: { ...coverBody.delegate, target: sip('lee.gu') } } } });
    expect(requestNameRefs(delegateOnly)).toContain(sip('lee.gu'));
  });
});

describe('the people a request card names', () => {
  it('are everyone its cards show: requester, subject, decider, members before and after, those added and removed, the owner and both targets', () => {
    const removal = request({
      requesterSip: sip('brian.johnson'),
      decidedBy: sip('megan.bowen'),
      change: { kind: 'membershipNotification', ownerId: 'Alex.Wilber@contoso.com', notification: 'Banner' },
      beforeSettings: settings(sip('alex.wilber'), { CallGroupTargets: [sip('former.member')], ForwardingTarget: sip('old.target') }),
      desired: settings(sip('alex.wilber'), { CallGroupTargets: [sip('new.member')], UnansweredTarget: 'lee.gu@contoso.com' }),
      notes: { kind: 'callGroup', added: [sip('new.member')], removed: [sip('former.member')], membersNotified: [sip('told.member')], limits: { members: 1, maxMembers: 25, characters: 30, maxCharacters: 32768 } },
    });
    expect(new Set(requestNameRefs(removal))).toEqual(
      new Set([sip('brian.johnson'), sip('alex.wilber'), sip('megan.bowen'), sip('former.member'), sip('new.member'), sip('told.member'), 'Alex.Wilber@contoso.com', sip('old.target'), 'lee.gu@contoso.com']),
    );
  });

  it('leave out what is not set: no decider yet, no targets, notes of another kind', () => {
    const fresh = request({ beforeSettings: settings(sip('alex.wilber')), desired: settings(sip('alex.wilber')), notes: { summary: 'clean up' } });
    expect(requestNameRefs(fresh)).toEqual([sip('alex.wilber'), sip('alex.wilber')]);
  });
});

describe('the other cards', () => {
  it('member added: Ring / Banner / Mute for the owner, the mobile caveat, and Ask to be removed', () => {
    const card = memberAddedCard({ ownerSip: sip('alex.wilber'), names, notification: 'Ring' });
    expect(JSON.stringify(card)).toContain('Alex Wilber added you to their call group');
    expect(JSON.stringify(card)).toContain('mobile devices will not be alerted');
    expect(executeActions(card)).toEqual(['notify.ring', 'notify.banner', 'notify.mute', 'membership.leave'].map((verb) => ({ verb, data: { verb, id: sip('alex.wilber') } })));
  });

  it('digest: grouped by severity, the worst first, at most 12 findings, each open one with Fix and Snooze', () => {
    const card = every.find(([name]) => name === 'digest')![1];
    const text = JSON.stringify(card);
    expect(text.indexOf('Errors')).toBeLessThan(text.indexOf('Warnings'));
    expect(text.indexOf('Warnings')).toBeLessThan(text.indexOf('For your information'));
    expect(executeActions(card).filter((a) => a.verb === 'finding.fix')).toHaveLength(MAX_DIGEST_FINDINGS);
    expect(text).toContain('And 18 more');
  });

  it('call groups off: owners, members, calls at risk, and Fix all for the open ones', () => {
    const card = every.find(([name]) => name === 'call groups off')![1];
    expect(executeActions(card)).toEqual([{ verb: 'finding.fixAll', data: { verb: 'finding.fixAll', id: 'cg01:abc' } }]);
    expect(JSON.stringify(card)).toContain('Fix all (12)');
    expect(JSON.stringify(card)).toContain('Calls at risk');
  });

  it('drift: before and after, Accept or Revert while open, the resolution after', () => {
    const open = driftCard({ drift: drift(), names });
    expect(JSON.stringify(open)).toContain('Brian Johnson, lee.gu@contoso.com');
    expect(executeActions(open).map((a) => a.verb)).toEqual(['drift.accept', 'drift.revert']);
    const accepted = every.find(([name]) => name === 'drift, accepted')![1];
    expect(executeActions(accepted)).toEqual([]);
    expect(JSON.stringify(accepted)).toContain('Accepted by Megan Bowen');
  });

  it('help lists approver commands only for approvers, and escapes what it heard', () => {
    expect(JSON.stringify(helpCard({ isApprover: false }))).not.toContain('use this channel');
    expect(JSON.stringify(helpCard({ isApprover: true }))).toContain('use this channel');
    expect(JSON.stringify(every.find(([name]) => name === 'short help')![1])).toContain('make \\\\*coffee\\\\*');
  });

  it('lists in help exactly the commands the manifest offers (appPackage/commands.json), the team-only one for approvers', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../../appPackage/commands.json', import.meta.url), 'utf8')) as { commands: { title: string; scopes: string[] }[] };
    expect(CHAT_COMMANDS.map((command) => command.name)).toEqual(manifest.commands.map((command) => command.title));
    const teamOnly = manifest.commands.filter((command) => !command.scopes.includes('personal')).map((command) => command.title);
    for (const name of teamOnly) expect(CHAT_COMMANDS.find((command) => command.name === name)?.approversOnly, name).toBe(true);
  });

  it('ends an outcome with one full stop, whether or not the reason brought its own', () => {
    const rejected = (decisionReason: string) => JSON.stringify(requestNoticeCard({ request: request({ status: 'rejected', decidedBy: sip('megan.bowen'), decisionReason }), names, refreshUserIds: [] }));
    // JSON.stringify writes a quote as \".
    expect(rejected('Amelia covers the Seattle store, not your calls.')).toContain('not your calls.\\"');
    expect(rejected('Amelia covers the Seattle store, not your calls.')).not.toContain('calls.\\".');
    expect(rejected('not now')).toContain('\\"not now\\".');
  });

  it('expands card templates with adaptivecards-templating, and refuses one that leaves a field unbound', () => {
    const help = JSON.stringify(helpCard({ isApprover: true }));
    for (const command of CHAT_COMMANDS) expect(help).toContain(JSON.stringify({ title: command.name, value: command.description }));
    expect(expandTemplate({ type: 'TextBlock', text: 'Hello ${name}' }, { name: 'Adele' })).toEqual({ type: 'TextBlock', text: 'Hello Adele' });
    expect(() => expandTemplate({ type: 'TextBlock', text: 'Hello ${name}, ${role}' }, { name: 'Adele' })).toThrow('The card template left ${role} unbound.');
  });
});
