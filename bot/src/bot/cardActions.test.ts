import { findingKey } from '@cgm/core';
import { describe, expect, it } from 'vitest';
import type { FindingActions } from '../services/botServices.js';
import type { DirectoryService } from '../services/directoryService.js';
import type { HealthOverviewService, StoredFinding } from '../services/healthOverviewService.js';
import type { Principal } from '../services/principal.js';
import type { RequestService } from '../services/requestService.js';
import type { Audience } from './audience.js';
import type { BotPeople } from './botPeople.js';
import { createCardActions } from './cardActions.js';
import { finding, sip } from './testSupport/cardFixtures.js';

const T0 = new Date('2026-11-22T09:00:00Z');
const stored = (owner: string): StoredFinding => {
  const orphaned = finding('CG01', sip(owner), 'error', [sip('lee.gu')]);
  return { key: findingKey(orphaned), finding: orphaned, firstSeen: T0, lastSeen: T0, resolvedAt: null, notifiedAt: null, snoozedUntil: null };
};
const megan = { sip: sip('megan.bowen'), isApprover: true } as Principal;
const click = (verb: string, id: string) => ({ action: { type: 'Action.Execute' as const, verb: verb as 'finding.fixAll', data: { id } } });

/** Card actions over fakes: the open CG01 findings `open`, and a record of what the fix was handed. */
function fixture(open: readonly StoredFinding[]) {
  const calls = { listed: 0, fixed: [] as (string | StoredFinding)[] };
  const health = {
    openFindings: async () => {
      calls.listed += 1;
      return [...open];
    },
  } as unknown as HealthOverviewService;
  const findings: FindingActions = {
    requestFix: async (_principal, target) => {
      calls.fixed.push(target);
      return { summary: 'Turn the call group off' };
    },
    resolveDrift: () => Promise.reject(new Error('not used here')),
  };
  const directory = { settingsOf: async () => new Map() } as unknown as DirectoryService;
  const people = { names: async () => new Map() } as unknown as BotPeople;
  const actions = createCardActions({ requests: {} as RequestService, findings, health, directory, people, audience: {} as Audience, snoozeDays: 7 });
  return { actions, calls };
}

describe('Fix all on a call-groups-off warning', () => {
  it('hands each finding it listed to the fix as read, so no finding is read a second time', async () => {
    const open = [stored('nestor.wilke'), stored('irvin.sayers')];
    const { actions, calls } = fixture(open);
    const answer = await actions.answer(megan, click('finding.fixAll', 'cg01:abc'));
    expect(calls.listed).toBe(1);
    expect(calls.fixed).toEqual(open);
    expect(calls.fixed.every((target, i) => target === open[i])).toBe(true);
    expect(JSON.stringify(answer)).toContain('2 clean-up requests created and queued.');
  });

  it('lists nothing and fixes nothing for someone who is not an approver', async () => {
    const { actions, calls } = fixture([stored('nestor.wilke')]);
    const answer = await actions.answer({ ...megan, isApprover: false }, click('finding.fixAll', 'cg01:abc'));
    expect(JSON.stringify(answer)).toContain('Only approvers can fix findings');
    expect(calls).toEqual({ listed: 0, fixed: [] });
  });
});
