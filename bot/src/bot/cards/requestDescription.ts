import type { CallGroupChangeNotes, CallingSettings, Cover, Finding, SettingsChange } from '@cgm/core';
import { normalizeSip, userRefKey } from '@cgm/core';
import type { StoredRequest } from '../../services/requestService.js';
import type { CardElement } from './cardElements.js';
import { facts, plain, section, text, when } from './cardElements.js';

/** Display names by user reference (canonical `sip:` URI, and as written: UPN or object id). */
export type PeopleNames = ReadonlyMap<string, string>;

/** A person's display name, or the reference as written when they are not in the directory. */
export function nameOf(names: PeopleNames, ref: string): string {
  return names.get(normalizeSip(ref)) ?? names.get(userRefKey(ref)) ?? ref.replace(/^sip:/i, '');
}

function namesList(names: PeopleNames, refs: readonly string[]): string {
  return refs.length === 0 ? 'nobody' : refs.map((ref) => plain(nameOf(names, ref))).join(', ');
}

function targetText(names: PeopleNames, type: string | null, target: string | null): string {
  switch (type) {
    case 'Group':
      return 'the call group';
    case 'MyDelegates':
      return 'my delegates';
    case 'Voicemail':
      return 'voicemail';
    case 'SingleTarget':
      return target ? plain(/^(tel:)?\+?\d/.test(target) ? target.replace(/^tel:/i, '') : nameOf(names, target)) : 'nobody';
    default:
      return 'nowhere';
  }
}

/** "Also ring the call group", "Forward all calls to voicemail", or "Off". */
export function forwardingText(names: PeopleNames, settings: CallingSettings): string {
  if (!settings.IsForwardingEnabled) return 'Off';
  const verb = settings.ForwardingType === 'Immediate' ? 'Forward all calls to' : 'Also ring';
  return `${verb} ${targetText(names, settings.ForwardingTargetType, settings.ForwardingTarget)}`;
}

/** "After 20 s to voicemail", or "Off". */
export function unansweredText(names: PeopleNames, settings: CallingSettings): string {
  if (!settings.IsUnansweredEnabled) return 'Off';
  const [h = 0, m = 0, s = 0] = settings.UnansweredDelay.split(':').map(Number);
  return `After ${h * 3600 + m * 60 + s} s to ${targetText(names, settings.UnansweredTargetType, settings.UnansweredTarget)}`;
}

function orderText(settings: CallingSettings): string {
  return settings.CallGroupOrder === 'InOrder' ? 'In order' : 'All at once';
}

const KIND_TITLES: Readonly<Record<string, string>> = {
  callGroup: 'call group',
  answering: 'call answering',
  membershipNotification: 'notification for a call group',
  notificationOverride: 'notification override',
  cleanup: 'clean-up',
  cover: 'cover',
};

/** "Alex Wilber's call group": what a request is about, in a few words. */
export function requestTitle(names: PeopleNames, request: StoredRequest): string {
  return `${plain(nameOf(names, request.subjectSip))}'s ${KIND_TITLES[request.kind] ?? 'settings'}`;
}

/** Whether a request's notes are a call group change's (who is added, removed, told), as core writes them. */
export function isCallGroupNotes(notes: unknown): notes is CallGroupChangeNotes {
  return typeof notes === 'object' && notes !== null && (notes as { kind?: unknown }).kind === 'callGroup' && Array.isArray((notes as CallGroupChangeNotes).added);
}

/**
 * Everyone a request's cards may name: the requester, the subject, the decider, the members
 * before and after (and those added, removed or told), the owner of a membership change, and
 * the forwarding and unanswered targets. Every card of a request is named from this one list,
 * so the copy answering a click names the same people as the copy sent to a chat.
 */
export function requestNameRefs(request: StoredRequest): string[] {
  const { beforeSettings: before, desired: after } = request;
  const change = request.change as { ownerId?: unknown };
  const notes = isCallGroupNotes(request.notes) ? [...request.notes.added, ...request.notes.removed, ...request.notes.membersNotified] : [];
  const refs = [
    request.requesterSip,
    request.subjectSip,
    request.decidedBy,
    ...before.CallGroupTargets,
    ...after.CallGroupTargets,
    ...notes,
    typeof change.ownerId === 'string' ? change.ownerId : null,
    before.ForwardingTarget,
    after.ForwardingTarget,
    before.UnansweredTarget,
    after.UnansweredTarget,
    ...coverRefs(coverOf(request)),
  ];
  return refs.filter((ref): ref is string => typeof ref === 'string' && ref !== '');
}

function callGroupDetails(names: PeopleNames, request: StoredRequest): CardElement[] {
  const before = request.beforeSettings;
  const after = request.desired;
  const rows: [string, string][] = [];
  const notes = request.notes;
  if (isCallGroupNotes(notes)) {
    if (notes.added.length > 0) rows.push(['Added', namesList(names, notes.added)]);
    if (notes.removed.length > 0) rows.push(['Removed', namesList(names, notes.removed)]);
  }
  rows.push(['Members', namesList(names, after.CallGroupTargets)]);
  rows.push(['Ring order', before.CallGroupOrder === after.CallGroupOrder ? orderText(after) : `${orderText(before)} → ${orderText(after)}`]);
  const elements: CardElement[] = [facts(rows)];
  if (isCallGroupNotes(notes)) {
    const { limits } = notes;
    elements.push(
      text(
        `Limits used: ${limits.members} of ${limits.maxMembers} members, ${limits.characters} of ${limits.maxCharacters} characters. ` +
          (notes.membersNotified.length > 0 ? `Teams will tell ${namesList(names, notes.membersNotified)} that they were added.` : 'Nobody is added, so Teams notifies nobody.'),
        { isSubtle: true, size: 'Small' },
      ),
    );
  }
  return elements;
}

function answeringDetails(names: PeopleNames, request: StoredRequest): CardElement[] {
  const rows: [string, string][] = [];
  const pairs: [string, (s: CallingSettings) => string][] = [
    ['Forwarding', (s) => forwardingText(names, s)],
    ['If unanswered', (s) => unansweredText(names, s)],
  ];
  for (const [label, describe] of pairs) {
    const before = describe(request.beforeSettings);
    const after = describe(request.desired);
    rows.push([label, before === after ? after : `${before} → ${after}`]);
  }
  return [facts(rows)];
}

/** What a request changes, before and after, as card elements. */
export function requestDetails(names: PeopleNames, request: StoredRequest): CardElement[] {
  const change = request.change as SettingsChange | { kind: 'cleanup'; summary: string };
  switch (change.kind) {
    case 'callGroup':
      return [...callGroupDetails(names, request), ...forwardingFacts(names, request)];
    case 'answering':
      return answeringDetails(names, request);
    case 'membershipNotification':
      return [facts([['Group of', plain(nameOf(names, change.ownerId))], ['Notification', change.notification]])];
    case 'notificationOverride':
      return [facts([['Override', change.value ?? 'none']])];
    case 'cleanup': {
      const finding = (request.notes as { finding?: Finding }).finding;
      return [text(plain(change.summary)), ...(finding ? [text(`Fixes ${finding.code}: ${plain(finding.message)}`, { isSubtle: true, size: 'Small' })] : [])];
    }
    default:
      return request.kind === 'cover' ? coverDetails(names, request) : [text('A change to calling settings.')];
  }
}

/** A cover's request and what its notes carry: the cover itself for its approval and extension (the extension's with the end it moves). */
interface CoverRequestChange {
  readonly phase: 'approval' | 'extension' | 'start' | 'end';
  readonly summary: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

function coverOf(request: StoredRequest): Cover | undefined {
  const cover = (request.notes as { cover?: unknown } | null)?.cover as Partial<Cover> | undefined;
  return request.kind === 'cover' && typeof cover?.startsAt === 'string' && typeof cover.endsAt === 'string' ? (cover as Cover) : undefined;
}

/** Everyone a cover names: members it adds, the targets of the rules it sets, its delegate. */
function coverRefs(cover: Cover | undefined): string[] {
  if (!cover) return [];
  const rules = [cover.answering?.forwarding, cover.answering?.unanswered];
  const targets = rules.flatMap((rule) => (rule?.enabled && typeof rule.target === 'string' ? [rule.target] : []));
  return [...(cover.callGroup?.add ?? []), ...targets, ...(cover.delegate ? [cover.delegate.target] : [])];
}

const PERMISSION_WORDS: readonly [keyof NonNullable<Cover['delegate']>['permissions'], string][] = [
  ['MakeCalls', 'make calls'],
  ['ReceiveCalls', 'receive calls'],
  ['ManageSettings', 'change settings'],
  ['PickUpHeldCalls', 'pick up held calls'],
  ['JoinActiveCalls', 'join active calls'],
];

const COVER_PHASE_TEXT: Readonly<Record<CoverRequestChange['phase'], string>> = {
  approval: 'Applied in Teams at the start; at the end only what this cover added is taken back, whatever else changed meanwhile.',
  extension: 'Only the end moves: nothing changes in Teams now.',
  start: 'The start of a cover approved already.',
  end: 'The end of a cover: only what it added is taken back.',
};

/** Who covers what, from when to when: what an approver decides on a cover, and what its owner's cards say. */
function coverDetails(names: PeopleNames, request: StoredRequest): CardElement[] {
  const change = request.change as unknown as CoverRequestChange;
  const cover = coverOf(request);
  const moved = change.phase === 'extension' && cover && cover.endsAt !== change.endsAt;
  const rows: [string, string][] = [];
  if (cover) rows.push(['Covering', namesList(names, [...new Map(coverRefs(cover).map((ref) => [normalizeSip(ref), ref])).values()])]);
  rows.push(['From', when(change.startsAt)], ['Until', moved ? `${when(cover.endsAt)} → ${when(change.endsAt)}` : when(change.endsAt)]);
  if (cover?.callGroup) {
    const order = cover.callGroup.order ? ` (${cover.callGroup.order === 'InOrder' ? 'in order' : 'all at once'})` : '';
    rows.push(['Joins the call group', `${namesList(names, cover.callGroup.add)}${order}`]);
  }
  if (cover?.delegate) {
    const granted = PERMISSION_WORDS.filter(([permission]) => cover.delegate?.permissions[permission]).map(([, words]) => words);
    rows.push(['Delegate', `${plain(nameOf(names, cover.delegate.target))}: ${granted.length > 0 ? granted.join(', ') : 'no permissions'}`]);
  }
  const answering = change.phase !== 'extension' && (!cover || cover.answering);
  return [
    facts(rows),
    ...(answering ? forwardingFacts(names, request) : []),
    ...(cover ? [] : [text(plain(change.summary))]),
    text(COVER_PHASE_TEXT[change.phase] ?? '', { isSubtle: true, size: 'Small' }),
  ];
}

/** A call group change that also changes forwarding shows both, so an approver sees calls newly sent to the group. */
function forwardingFacts(names: PeopleNames, request: StoredRequest): CardElement[] {
  const before = forwardingText(names, request.beforeSettings);
  const after = forwardingText(names, request.desired);
  const unansweredBefore = unansweredText(names, request.beforeSettings);
  const unansweredAfter = unansweredText(names, request.desired);
  return [
    facts([
      ['Forwarding', before === after ? after : `${before} → ${after}`],
      ['If unanswered', unansweredBefore === unansweredAfter ? unansweredAfter : `${unansweredBefore} → ${unansweredAfter}`],
    ]),
  ];
}

/** A full stop, unless the words (someone's reason, Teams' message) already end a sentence. */
function endSentence(words: string): string {
  return /[.!?]["”]?$/.test(words) ? words : `${words}.`;
}

/** Where a request stands, in one sentence: who decided, when, and why. */
export function requestOutcome(names: PeopleNames, request: StoredRequest): { readonly sentence: string; readonly style: 'good' | 'attention' | 'warning' | 'emphasis' } {
  const by = request.decidedBy && request.decidedBy !== 'system' ? ` by ${plain(nameOf(names, request.decidedBy))}` : '';
  const at = request.decidedAt ? ` on ${when(request.decidedAt)}` : '';
  switch (request.status) {
    case 'pending':
      return { sentence: `Waiting for an approver${request.expiresAt ? `; expires ${when(request.expiresAt)}` : ''}.`, style: 'emphasis' };
    case 'approved':
      return { sentence: `Approved${by}${at}; being applied in Teams.`, style: 'good' };
    case 'applied':
      return { sentence: `Approved${by}${at} and applied in Teams${request.appliedAt ? ` on ${when(request.appliedAt)}` : ''}.`, style: 'good' };
    case 'failed':
      return { sentence: endSentence(`Approved${by}, but Teams did not accept it: ${plain(request.failure ?? 'no reason given')}`), style: 'attention' };
    case 'rejected':
      return { sentence: endSentence(`Rejected${by}${at}${request.decisionReason ? `: "${plain(request.decisionReason.trim())}"` : ' (no reason given)'}`), style: 'attention' };
    case 'expired':
      return { sentence: `Expired${at}: nobody decided in time.`, style: 'warning' };
    case 'cancelled':
      return { sentence: `Withdrawn by the requester${at}.`, style: 'warning' };
    case 'superseded':
      // An approved request another applied change overtook keeps the reason (applyOrder.ts); one replaced while pending has none.
      return { sentence: request.failure ? endSentence(`Not applied: ${plain(request.failure)}`) : `Replaced by a newer request${at}.`, style: 'warning' };
  }
}

export function outcomeSection(names: PeopleNames, request: StoredRequest): CardElement {
  const outcome = requestOutcome(names, request);
  return section([text(outcome.sentence, { weight: 'Bolder' })], outcome.style);
}
