import type { Finding } from '@cgm/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../server/testServer.js';
import { createConversationStore } from '../store/conversationStore.js';
import type { Database } from '../store/database.js';
import { createFindingStore } from '../store/findingStore.js';
import { createReachPort } from '../store/reachQueries.js';
import { testBackends } from '../store/testDatabase.js';
import { SYNCED_AT, sampleTenant } from '../store/testTenant.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { AppInstaller, InstallOutcome, ReachLogger } from './reachService.js';
import { INSTALL_PERMISSION, createReachService } from './reachService.js';

const ALEX = 'sip:alex.wilber@contoso.com';
const JONI = 'sip:joni.sherman@contoso.com';
const LIDIA = 'sip:lidia@contoso.com';
const MEGAN = 'sip:megan.bowen-smith@contoso.com';
const GONE = 'sip:gone@contoso.com';
const T0 = new Date('2026-12-03T08:00:00Z');

const finding = (code: Finding['code'], subject: string, related: string[] = []): Finding => ({ code, rule: `rule-${code}`, severity: 'warning', subject, related, message: `${code} on ${subject}` });

// Who each finding concerns is core's findingRecipients: CG08's owner (subject), CG12's member (subject),
// CG01's owner and the members it lists, CG10's members from the owner's stored group.
const memberGone = finding('CG08', ALEX, [GONE]);
const staleEntry = finding('CG12', JONI, [ALEX]);
const ownerGone = finding('CG08', GONE, [LIDIA]);

function recordingLogger(): ReachLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => void lines.push(`info ${message}`), warn: (message) => void lines.push(`warn ${message}`) };
}

function fakeInstaller(outcomes: Record<string, InstallOutcome> = {}): AppInstaller & { asked: string[] } {
  const asked: string[] = [];
  return { asked, install: async (objectId) => (asked.push(objectId), outcomes[objectId] ?? 'installed') };
}

describe.each(testBackends())('who the bot cannot reach, on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await createTenantStore(db).replaceTenant(sampleTenant, SYNCED_AT);
  }, 120_000);
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.query('DELETE FROM findings');
    await db.query('DELETE FROM conversation_refs');
  });

  const findings = (open: readonly Finding[]) => createFindingStore(db).reconcile(open, T0);
  const chatWith = (id: string, userSip: string) => createConversationStore(db).upsert({ id, kind: 'personal', userSip, reference: { conversation: { id } }, updatedAt: T0 });
  const service = (installer?: AppInstaller, logger = recordingLogger(), clock = manualClock(T0)) =>
    createReachService({ port: createReachPort(db), clock, logger, installer });

  it('lists the people open findings concern who have no personal chat with the bot, with the notices they miss', async () => {
    await findings([memberGone, staleEntry]);
    await chatWith('a:joni', 'SIP:Joni.Sherman@Contoso.com');
    expect(await service().unreached()).toEqual({
      people: [{ sip: ALEX, displayName: 'Alex Wilber', findings: 1, kinds: ['memberUnreachable'] }],
      total: 1,
      proactiveInstall: 'off',
    });
  });

  it('counts each finding once per person, with every kind of notice they miss, most findings first', async () => {
    await findings([memberGone, staleEntry, finding('CG01', ALEX, [ALEX, LIDIA])]);
    const { people } = await service().unreached();
    expect(people.map((p) => [p.displayName, p.findings, p.kinds])).toEqual([
      ['Alex Wilber', 2, ['memberUnreachable', 'groupSwitchedOff']],
      ['Joni Sherman', 1, ['staleMembership']],
      ['Lidia Holloway', 1, ['groupSwitchedOff']],
    ]);
  });

  it("reaches for the members of a group switched off by its owner's account (CG10) from the stored group", async () => {
    await findings([finding('CG10', ALEX)]);
    const { people } = await service().unreached();
    // Alex's group: Joni, Lidia, Megan and a member who left (listed by address: Teams no longer knows them).
    expect(people.map((p) => p.sip).sort()).toEqual([GONE, JONI, LIDIA, MEGAN]);
    expect(people.every((p) => p.kinds.join() === 'groupSwitchedOff')).toBe(true);
  });

  it('lists nobody for findings only admins hear about', async () => {
    await findings([finding('SC01', 'Global'), finding('CG11', ALEX, [JONI])]);
    expect((await service().unreached()).total).toBe(0);
  });

  it('names someone the directory does not know by their sip', async () => {
    await findings([ownerGone]);
    expect((await service().unreached()).people).toEqual([{ sip: GONE, displayName: GONE, findings: 1, kinds: ['memberUnreachable'] }]);
  });

  it('lists nobody once the findings resolve or everyone concerned has a chat', async () => {
    await findings([memberGone]);
    await chatWith('a:alex', ALEX);
    expect(await service().unreached()).toEqual({ people: [], total: 0, proactiveInstall: 'off' });
    await findings([]);
    await db.query('DELETE FROM conversation_refs');
    expect((await service().unreached()).total).toBe(0);
  });

  it('a channel conversation does not count as reaching the person', async () => {
    await findings([memberGone]);
    await createConversationStore(db).upsert({ id: '19:team', kind: 'channel', userSip: null, reference: {}, updatedAt: T0 });
    expect((await service().unreached()).people.map((p) => p.sip)).toEqual([ALEX]);
  });

  it('never installs anything while proactive install is off', async () => {
    await findings([memberGone, staleEntry]);
    expect(await service(undefined).installMissing()).toEqual({ asked: 0, installed: 0, alreadyInstalled: 0, forbidden: false });
  });

  it('installs the app for each unreachable person in the directory, by Entra object id, and not again the same day', async () => {
    await findings([memberGone, staleEntry, ownerGone]);
    const installer = fakeInstaller({ 'id-joni-sherman': 'already-installed' });
    const clock = manualClock(T0);
    const reach = service(installer, recordingLogger(), clock);
    expect((await reach.unreached()).proactiveInstall).toBe('graph');
    expect((await reach.unreached()).lastInstallRun).toBeUndefined();
    expect(await reach.installMissing()).toEqual({ asked: 2, installed: 1, alreadyInstalled: 1, forbidden: false });
    expect((await reach.unreached()).lastInstallRun).toEqual({ at: T0.toISOString(), asked: 2, installed: 1, alreadyInstalled: 1, forbidden: false });
    // Gone is not in the directory: Graph has nobody to install for.
    expect(installer.asked).toEqual(['id-alex-wilber', 'id-joni-sherman']);
    clock.advance(23 * 3_600_000);
    expect((await reach.installMissing()).asked).toBe(0);
    clock.advance(3_600_000);
    expect((await reach.installMissing()).asked).toBe(2);
  });

  it('stops at the first 403 and names the Graph permission to grant, asking again next run', async () => {
    await findings([memberGone, staleEntry]);
    const installer = fakeInstaller({ 'id-alex-wilber': 'forbidden' });
    const logger = recordingLogger();
    const reach = service(installer, logger);
    expect(await reach.installMissing()).toEqual({ asked: 1, installed: 0, alreadyInstalled: 0, forbidden: true });
    expect(logger.lines.find((line) => line.startsWith('warn'))).toContain(INSTALL_PERMISSION);
    // The health view can say so too.
    expect((await reach.unreached()).lastInstallRun).toEqual({ at: T0.toISOString(), asked: 1, installed: 0, alreadyInstalled: 0, forbidden: true });
    expect((await reach.installMissing()).asked).toBe(1);
  });

  it('asks for at most installsPerRun people in one run', async () => {
    await findings([memberGone, staleEntry, finding('CG08', LIDIA, [GONE]), finding('CG08', MEGAN, [GONE])]);
    const installer = fakeInstaller();
    const reach = createReachService({ port: createReachPort(db), clock: manualClock(T0), logger: recordingLogger(), installer, installsPerRun: 3 });
    expect((await reach.installMissing()).asked).toBe(3);
    expect((await reach.installMissing()).asked).toBe(1);
  });
});
