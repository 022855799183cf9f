import { describe, expect, it } from 'vitest';
import { cardWarnings, executeActions, sip } from '../testSupport/cardFixtures.js';
import { CARD_VERBS, MAX_CARD_BYTES, cardBytes } from './cardElements.js';
import { pendingCard } from './chatCards.js';
import type { CoverCardInput, CoverEvent, CoverRole } from './coverCards.js';
import { COVER_EVENTS, coverCard, coverCardInputSchema, coverListElements, untilText } from './coverCards.js';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const many = Array.from({ length: 25 }, (_, i) => sip(`person.with.a.rather.long.name.${i}`));
const names = Object.fromEntries([[sip('alex.wilber'), 'Alex Wilber'], ...many.map((person, i) => [person, `Person *${i}* With A Rather Long Name [Contractor]`])]);
const largest = (event: CoverEvent, role: CoverRole, extra: Partial<CoverCardInput> = {}): CoverCardInput => ({
  event,
  role,
  zone: 'Europe/Paris',
  cover: {
    id: ID,
    status: event === 'ended' ? 'ended' : event === 'failed' ? 'failed' : 'active',
    ownerSip: sip('alex.wilber'),
    endsAt: '2027-01-03T17:00:00.000Z',
    covering: many,
    heldReason: 'Calls forwarded to your call group would reach an empty group: Teams refuses that. '.repeat(3),
    failure: 'Teams refused the change: the member is not enabled for Teams Phone. '.repeat(3),
    notes: many.map((person, i) => `Person ${i} was already removed from your call group by hand, so the end left it alone.`),
    extensionEndsAt: '2027-01-10T17:00:00.000Z',
  },
  names,
  parts: ["You are in Alex Wilber's call group.", "Your phone rings at the same time as Alex Wilber's.", "Calls Alex Wilber does not answer come to you.", "You are Alex Wilber's delegate."],
  ...extra,
});

const every: [string, CoverCardInput][] = COVER_EVENTS.flatMap((event) =>
  (['owner', 'covering', 'approver'] as const).map((role): [string, CoverCardInput] => [`${event} to the ${role}`, largest(event, role)]),
);
every.push(['after Extend', largest('endingSoon', 'owner', { outcome: 'Your extension to 10 January at 18:00 waits for an approver.' })]);
every.push(['after End now', largest('endingSoon', 'owner', { outcome: 'Ending now.', settled: true })]);

describe('cover cards', () => {
  it.each(every)('%s parses as Adaptive Card 1.5 with no warnings, stays under 28 KB and sends only {verb, id}', (_name, input) => {
    const card = coverCard(input);
    expect(cardWarnings(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    for (const action of executeActions(card)) {
      expect(CARD_VERBS).toContain(action.verb);
      expect(action.data).toEqual({ verb: action.verb, id: ID });
    }
    // What a held notice stores reads back as the same input.
    expect(coverCardInputSchema.parse(JSON.parse(JSON.stringify(input)))).toEqual(input);
  });

  it('only the owner of an active cover gets buttons: Extend and End now a day before, End now on a held end, none once it is ending', () => {
    const verbs = (input: CoverCardInput) => executeActions(coverCard(input)).map((action) => action.verb);
    const ending = largest('endingSoon', 'owner');
    expect(verbs({ ...ending, cover: { ...ending.cover, extensionEndsAt: null } })).toEqual(['cover.extend', 'cover.end']);
    // An extension waiting for an approver is not asked for twice.
    expect(verbs(ending)).toEqual(['cover.end']);
    expect(verbs(largest('held', 'owner'))).toEqual(['cover.end']);
    expect(verbs(largest('held', 'approver'))).toEqual([]);
    expect(verbs(largest('started', 'covering'))).toEqual([]);
    expect(verbs(largest('endingSoon', 'owner', { outcome: 'Ending now.', settled: true }))).toEqual([]);
    expect(verbs({ ...largest('endingSoon', 'owner'), cover: { ...largest('endingSoon', 'owner').cover, status: 'ended' } })).toEqual([]);
  });

  it('names and reasons stay literal: Markdown in them is escaped', () => {
    const text = JSON.stringify(coverCard(largest('started', 'owner')));
    expect(text).toContain('Person \\\\*0\\\\* With A Rather Long Name \\\\[Contractor\\\\]');
  });

  it('says the end in the reader’s zone, and names UTC when that is all it knows', () => {
    expect(untilText('2027-01-03T17:00:00.000Z', 'Europe/Paris')).toBe('3 January at 18:00');
    expect(untilText('2027-01-03T17:00:00.000Z', 'America/New_York')).toBe('3 January at 12:00');
    expect(untilText('2027-07-03T17:00:00.000Z', 'Europe/Paris')).toBe('3 July at 19:00');
    // Just before midnight UTC is the next day in Tokyo.
    expect(untilText('2027-01-03T23:30:00.000Z', 'Asia/Tokyo')).toBe('4 January at 08:30');
    expect(untilText('2027-01-03T17:00:00.000Z', 'UTC')).toBe('3 January at 17:00 UTC');
    expect(untilText('2027-01-03T17:00:00.000Z', 'Not/AZone')).toBe('3 January at 17:00 UTC');
  });

  it('the pending card with ten covers parses with no warnings and stays under 28 KB', () => {
    const covers = Array.from({ length: 10 }, () => ({ cover: largest('started', 'owner').cover, names }));
    const card = pendingCard({ waiting: [], mine: [], names: new Map(), viewerSip: sip('alex.wilber'), covers: coverListElements(covers, 'Europe/Paris') });
    expect(cardWarnings(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(coverListElements([], 'UTC')).toEqual([]);
  });
});
