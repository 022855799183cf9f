import type { FindingCode } from '@cgm/core';
import { findingRecipients, problemId } from '@cgm/core';
import { describe, expect, it } from 'vitest';
import { cardWarnings, executeActions, finding, sip } from '../testSupport/cardFixtures.js';
import type { AdaptiveCard } from './cardElements.js';
import { CARD_VERBS, MAX_CARD_BYTES, cardBytes } from './cardElements.js';
import type { PersonalNoticeState } from './personalNoticeCards.js';
import { MAX_SUMMARY_LINES, dailySummaryCard, personalNoticeCard, problemLine } from './personalNoticeCards.js';

const names = new Map([
  [sip('lidia.holloway'), 'Lidia Holloway'],
  [sip('quentin.moreau'), 'Quentin *Q* Moreau'],
  [sip('nestor.wilke'), 'Nestor Wilke'],
  [sip('irvin.sayers'), 'Irvin Sayers'],
  [sip('isaiah.langer'), 'Isaiah Langer'],
  [sip('alex.wilber'), 'Alex Wilber'],
]);

/** A finding of each code that concerns someone personally, as the scan writes them. */
const FINDINGS: [FindingCode, string, string[]][] = [
  ['CG01', sip('nestor.wilke'), [sip('irvin.sayers'), sip('lee.gu')]],
  ['CG02', sip('alex.wilber'), []],
  ['CG03', sip('allan.deyoung'), []],
  ['CG04', sip('alex.wilber'), []],
  ['CG05', sip('alex.wilber'), []],
  ['CG06', sip('grady.archie'), []],
  ['CG07', sip('miriam.graham'), [sip('ben.walters')]],
  ['CG08', sip('lidia.holloway'), [sip('quentin.moreau')]],
  ['CG09', sip('pradeep.gupta'), [sip('valentina.ricci')]],
  ['CG12', sip('isaiah.langer'), [sip('alex.wilber')]],
  ['CG13', sip('alex.wilber'), []],
  ['CG14', sip('alex.wilber'), []],
  ['DL01', sip('lee.gu'), [sip('irvin.sayers')]],
  ['DL02', sip('patti.fernandez'), []],
  ['DL03', sip('patti.fernandez'), []],
];
const STATES: PersonalNoticeState[] = [{ kind: 'open' }, { kind: 'acted', outcome: 'Removal of Quentin Moreau sent for approval.' }, { kind: 'resolved' }];

const every: [string, AdaptiveCard][] = FINDINGS.flatMap(([code, subject, related]) => {
  const found = finding(code, subject, 'warning', related);
  return findingRecipients(found).flatMap((recipient) =>
    STATES.map((state): [string, AdaptiveCard] => [`${code} to the ${recipient.role}, ${state.kind}`, personalNoticeCard({ finding: found, recipient, problemId: problemId(found, recipient.sip), names, state })]),
  );
});
const link = 'https://teams.microsoft.com/l/entity/6b7e1f2a-0c4d-4e5f-8a9b-1c2d3e4f5a60/call-group';
every.push(['daily summary, 30 lines with links', dailySummaryCard({ date: '2026-11-24', lines: Array.from({ length: 30 }, (_, i) => ({ text: `Line ${i} with a long enough sentence about somebody’s call group`, link })) })]);

describe('personal notice cards', () => {
  it('cover every code that concerns someone, in every role and state', () => {
    expect(every.length).toBeGreaterThanOrEqual(FINDINGS.length * STATES.length);
  });

  it.each(every)('%s parses as Adaptive Card 1.5 with no warnings, under 28 KB, with {verb, id} data of known verbs', (_name, card) => {
    expect(cardWarnings(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    for (const action of executeActions(card)) {
      expect(CARD_VERBS).toContain(action.verb);
      expect(Object.keys(action.data).sort()).toEqual(['id', 'verb']);
    }
  });

  it('say what is wrong with names, and offer the recipient’s own actions with the problem id', () => {
    const cg08 = finding('CG08', sip('lidia.holloway'), 'warning', [sip('quentin.moreau')]);
    const [owner] = findingRecipients(cg08);
    const id = problemId(cg08, owner!.sip);
    const card = personalNoticeCard({ finding: cg08, recipient: owner!, problemId: id, names, state: { kind: 'open' } });
    const text = JSON.stringify(card);
    // A name is shown literally: Markdown in it is escaped.
    expect(text).toContain('Quentin \\\\*Q\\\\* Moreau’s account is disabled');
    expect(text).toContain('Your calls still ring them.');
    expect(executeActions(card)).toEqual([
      { verb: 'problem.remove', data: { verb: 'problem.remove', id } },
      { verb: 'problem.keep', data: { verb: 'problem.keep', id } },
    ]);
    expect(JSON.stringify(card.actions)).toContain('"title":"Remove Quentin \\\\*Q\\\\* Moreau"');
  });

  it('after a click or once resolved, show what happened and offer nothing more', () => {
    const cg12 = finding('CG12', sip('isaiah.langer'), 'info', [sip('alex.wilber')]);
    const [member] = findingRecipients(cg12);
    const render = (state: PersonalNoticeState) => personalNoticeCard({ finding: cg12, recipient: member!, problemId: problemId(cg12, member!.sip), names, state });
    expect(executeActions(render({ kind: 'open' })).map((action) => action.verb)).toEqual(['problem.clear', 'problem.keep']);
    expect(executeActions(render({ kind: 'acted', outcome: 'Kept for now until 2026-11-30 10:00 UTC.' }))).toEqual([]);
    expect(JSON.stringify(render({ kind: 'acted', outcome: 'Kept for now until 2026-11-30 10:00 UTC.' }))).toContain('Kept for now until 2026-11-30 10:00 UTC.');
    expect(JSON.stringify(render({ kind: 'resolved' }))).toContain('Resolved: this is no longer a problem.');
    expect(problemLine(cg12, member!, names)).toBe('Your settings still name Alex Wilber’s call group: that group no longer includes you and does not ring you.');
  });

  it('a daily summary lists at most 20 lines, each linked to the tab, and says how many more', () => {
    const summary = every.at(-1)![1];
    const text = JSON.stringify(summary);
    expect(text.match(/\[Open in the app\]/g)).toHaveLength(MAX_SUMMARY_LINES);
    expect(text).toContain('And 10 more: see the app.');
    expect(text).toContain('30 things you asked to hear about once a day (2026-11-24).');
    expect(JSON.stringify(dailySummaryCard({ date: '2026-11-24', lines: [{ text: 'One line' }] }))).not.toContain('Open in the app');
  });
});
