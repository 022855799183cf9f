import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallingSettings } from '../model/tenant.js';
import { planSettingsWrites } from '../plan/planWrites.js';
import { SETTINGS_GROUPS, groupKey } from '../plan/settingsGroup.js';
import { introducedProblems } from '../plan/settingsWriteCheck.js';
import { applySettingsWrite } from '../plan/writeEffect.js';
import { MAX_IN_ORDER_MEMBERS } from '../rules/limits.js';
import { OWNER, anyCover, applyOwnerEdit, ownerEdits, ownerSettings, touchesCover, type OwnerEdit } from '../testing/coverArbitraries.js';
import { coverEndDesired, type CoverEnd } from './coverEnd.js';
import { coverStartDesired, forwardingFields, unansweredFields } from './coverStart.js';
import type { Cover } from './types.js';

/**
 * The three-way merge of a cover's end, for any valid settings, any cover Teams would accept
 * at its start, and any sequence of the owner's own edits during it. The model of "exactly the
 * other edits" is the same edits applied to the settings as they were before the cover.
 */

const keys = (settings: CallingSettings, groups = SETTINGS_GROUPS) => Object.fromEntries(groups.map((group) => [group, groupKey(group, settings)]));

/** A start Teams accepts: the cover's validation would refuse the others. */
function started(before: CallingSettings, cover: Cover): CallingSettings | undefined {
  const desired = coverStartDesired(before, cover).desired;
  return planSettingsWrites(before, desired, OWNER).ok ? desired : undefined;
}

/**
 * The owner's edits, each applied to the live settings and to the model; an edit Teams would
 * refuse on the live settings (a rule left pointing nowhere, in-order ringing past five) never
 * happened, in either.
 */
function edit(afterStart: CallingSettings, before: CallingSettings, edits: readonly OwnerEdit[], cover: Cover) {
  let now = afterStart;
  let model = before;
  for (const step of edits.filter((e) => !touchesCover(e, cover))) {
    const next = applyOwnerEdit(now, step);
    if (introducedProblems(now, next).length > 0) continue;
    if (next.CallGroupOrder === 'InOrder' && next.CallGroupTargets.length > MAX_IN_ORDER_MEMBERS) continue;
    now = next;
    model = applyOwnerEdit(model, step);
  }
  return { now, model };
}

/**
 * What the end should leave: the model, except that a rule or ring order the cover rewrote
 * belongs to the owner once they changed it by hand (it stays as they left it), and otherwise goes back.
 */
function expectedEnd(before: CallingSettings, afterStart: CallingSettings, now: CallingSettings, model: CallingSettings, cover: Cover): CallingSettings {
  let expected = model;
  for (const [rule, fields] of [['forwarding', forwardingFields], ['unanswered', unansweredFields]] as const) {
    const rewritten = cover.answering?.[rule] !== undefined && JSON.stringify(fields(before)) !== JSON.stringify(fields(afterStart));
    if (!rewritten) continue;
    const edited = groupKey(rule, now) !== groupKey(rule, afterStart);
    expected = { ...expected, ...fields(edited ? now : before) };
  }
  // The ring order likewise: the cover's goes back to the one before it, the owner's own choice stays.
  if (cover.callGroup?.order !== undefined && before.CallGroupOrder !== afterStart.CallGroupOrder) {
    expected = { ...expected, CallGroupOrder: now.CallGroupOrder !== afterStart.CallGroupOrder ? now.CallGroupOrder : before.CallGroupOrder };
  }
  return expected;
}

function notHeld(end: CoverEnd): Extract<CoverEnd, { held: false }> {
  if (end.held) throw new Error(end.reason);
  return end;
}

/** Teams accepts each write in turn, and the writes lead to the settings the end asked for. */
function expectWritesReach(now: CallingSettings, end: Extract<CoverEnd, { held: false }>): void {
  let state = now;
  for (const write of end.writes) {
    const next = applySettingsWrite(state, write);
    expect(introducedProblems(state, next)).toEqual([]);
    state = next;
  }
  expect(keys(state)).toEqual(keys(end.desired));
}

describe('ending a cover', () => {
  it('leaves exactly the owner\'s other edits and takes back exactly the cover\'s part', () => {
    fc.assert(
      fc.property(ownerSettings, anyCover, ownerEdits, (before, cover, edits) => {
        const afterStart = started(before, cover);
        fc.pre(afterStart !== undefined);
        if (!afterStart) return;
        const { now, model } = edit(afterStart, before, edits, cover);
        const expected = expectedEnd(before, afterStart, now, model, cover);
        const end = coverEndDesired(before, afterStart, now, cover);
        if (planSettingsWrites(now, expected, OWNER).ok) {
          const result = notHeld(end);
          expect(keys(result.desired)).toEqual(keys(expected));
          expectWritesReach(now, result);
          return;
        }
        // What the owner left cannot be taken back whole: the end is held, or keeps the ring order and says why.
        if (end.held) return;
        expect(end.notes.some((note) => note.code === 'kept')).toBe(true);
        expect(keys(end.desired, SETTINGS_GROUPS.filter((g) => g !== 'callGroup'))).toEqual(keys(expected, SETTINGS_GROUPS.filter((g) => g !== 'callGroup')));
        expect(end.desired.CallGroupTargets).toEqual(expected.CallGroupTargets);
      }),
      { numRuns: 400 },
    );
  });

  it('gives back the settings from before the cover when nobody edited anything', () => {
    fc.assert(
      fc.property(ownerSettings, anyCover, (before, cover) => {
        const afterStart = started(before, cover);
        fc.pre(afterStart !== undefined);
        if (!afterStart) return;
        const result = notHeld(coverEndDesired(before, afterStart, afterStart, cover));
        expect(keys(result.desired)).toEqual(keys(before));
        expectWritesReach(afterStart, result);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: ending a second time writes nothing and changes nothing', () => {
    fc.assert(
      fc.property(ownerSettings, anyCover, ownerEdits, (before, cover, edits) => {
        const afterStart = started(before, cover);
        fc.pre(afterStart !== undefined);
        if (!afterStart) return;
        const once = coverEndDesired(before, afterStart, edit(afterStart, before, edits, cover).now, cover);
        fc.pre(!once.held);
        const twice = notHeld(coverEndDesired(before, afterStart, once.desired, cover));
        expect(twice.writes).toEqual([]);
        expect(keys(twice.desired)).toEqual(keys(once.desired));
        expect(twice.notes.filter((note) => note.code === 'taken-back')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
