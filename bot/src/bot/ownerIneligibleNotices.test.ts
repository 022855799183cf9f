import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.js';
import { createConversationStore } from '../store/conversationStore.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { OpenTestDatabase } from '../store/testDatabase.js';
import { testBackends } from '../store/testDatabase.js';
import { writeDemoTenantWith } from '../testSupport/disabledMemberTenant.js';
import type { NoticeHarness } from './testSupport/noticeHarness.js';
import { noticeHarness } from './testSupport/noticeHarness.js';

/**
 * CG10 names only the owner: its notices go to the members of the owner's group. Teams keeps the
 * targets as they were written, a UPN, an object id or a SIP address in any case, so the notifier
 * must tell the members as the directory resolves them (the rule GET /api/me/problems and
 * Tenant health's "not reached" list use), not only those written as `sip:` URIs.
 */

const JOHANNA = 'sip:johanna.lorenz@contoso.com';
/** Johanna's members, each written in a different form Teams accepts. */
const MEMBERS = {
  felix: { sip: 'sip:felix.baumann@contoso.com', written: 'Felix.Baumann@contoso.com' },
  nora: { sip: 'sip:nora.lindqvist@contoso.com', written: '2a379c97-de60-5ca4-be65-aa838bfb3124' },
  zoltan: { sip: 'sip:zoltan.kovacs@contoso.com', written: 'SIP:Zoltan.Kovacs@contoso.com' },
  grady: { sip: 'sip:grady.archie@contoso.com', written: 'sip:grady.archie@contoso.com' },
} as const;
const chatOf = (sip: string) => `a:${sip}`;

/** The demo tenant with Johanna unlicensed and her members written in every form, behind a notice harness, every one of them with a personal chat. */
async function ineligibleOwnerHarness(db: Database): Promise<NoticeHarness> {
  const snapshot = await writeDemoTenantWith((tenant) => {
    const johanna = tenant.users.find((user) => user.SipAddress === JOHANNA);
    const settings = tenant.callingSettings.find((candidate) => candidate.SipUri === JOHANNA);
    if (!johanna || !settings) throw new Error('the demo tenant changed: Johanna Lorenz or her settings are missing');
    johanna.HasTeamsPhoneLicense = false;
    settings.CallGroupTargets = Object.values(MEMBERS).map((member) => member.written);
  });
  const h = await noticeHarness(db, new Date('2026-11-23T10:00:00Z'), snapshot);
  for (const sip of [JOHANNA, ...Object.values(MEMBERS).map((member) => member.sip)]) {
    await createConversationStore(db).upsert({ id: chatOf(sip), kind: 'personal', userSip: sip, reference: { conversation: { id: chatOf(sip) }, user: { id: `29:${sip}` }, serviceUrl: 'https://smba.example.invalid/' }, updatedAt: h.clock.now() });
  }
  return h;
}

/** Registers a block's own database and harness: each block changes Johanna's group, so they do not share one. */
function useIneligibleOwner(open: OpenTestDatabase): { readonly db: Database; readonly h: NoticeHarness } {
  let db: Database | undefined;
  let h: NoticeHarness | undefined;
  beforeAll(async () => {
    db = await open();
    h = await ineligibleOwnerHarness(db);
  });
  afterAll(async () => {
    await h?.app.close();
    await db?.close();
  });
  return {
    get db() {
      return db!;
    },
    get h() {
      return h!;
    },
  };
}

/** The last version of the first card sent to `sip`'s chat, as JSON text: the card as the member now reads it. */
function lastVersionIn(h: NoticeHarness, sip: string): string {
  const [sent] = h.fake.sent.filter((s) => s.conversationId === chatOf(sip));
  const update = h.fake.updated.filter((u) => u.activityId === sent?.id).at(-1);
  return JSON.stringify(update?.card ?? sent?.card);
}

describe.each(testBackends())('an ineligible owner’s members are told whatever form their entry has (%s)', (_name, open) => {
  const run = useIneligibleOwner(open);

  it('sends the CG10 notice to every member, by UPN, object id or SIP address in any case, and never to the owner', async () => {
    const added = await run.h.openFindings('CG10');
    expect(added.map((finding) => finding.subject)).toContain(JOHANNA);
    await run.h.app.bot.notifier.findingsChanged({ added: added.filter((finding) => finding.subject === JOHANNA), resolved: [] });
    await run.h.app.bot.idle();
    for (const [name, member] of Object.entries(MEMBERS)) {
      const cards = run.h.fake.to(chatOf(member.sip)).filter((card) => card.includes('problem.'));
      expect(cards.length, name).toBe(1);
      expect(cards[0], name).toContain('Johanna Lorenz’s call group cannot ring you');
    }
    expect(run.h.fake.to(chatOf(JOHANNA))).toEqual([]);
  });

  it('says resolved on each member’s card when the finding resolves', async () => {
    const [cg10] = (await run.h.openFindings('CG10')).filter((finding) => finding.subject === JOHANNA);
    await run.h.app.bot.notifier.findingsChanged({ added: [], resolved: [cg10!] });
    await run.h.app.bot.idle();
    for (const [name, member] of Object.entries(MEMBERS)) expect(lastVersionIn(run.h, member.sip), name).toContain('Resolved: this is no longer a problem.');
  });
});

/**
 * CG10's audience is read from the directory, so by the time it resolves because the group was
 * emptied the directory names nobody: the cards to mark resolved are those that were sent, not
 * those the directory would send now.
 */
describe.each(testBackends())('an ineligible owner’s former members see their card resolved (%s)', (_name, open) => {
  const run = useIneligibleOwner(open);

  it('says resolved on every former member’s card when the owner empties the group and CG10 resolves', async () => {
    const added = (await run.h.openFindings('CG10')).filter((finding) => finding.subject === JOHANNA);
    expect(added).toHaveLength(1);
    await run.h.app.bot.notifier.findingsChanged({ added, resolved: [] });
    await run.h.app.bot.idle();
    for (const [name, member] of Object.entries(MEMBERS)) expect(lastVersionIn(run.h, member.sip), name).toContain('Johanna Lorenz’s call group cannot ring you');

    // Johanna's group is emptied and nothing forwards to it: the directory no longer lists any member.
    const before = await createTenantStore(run.db).settingsOf(JOHANNA);
    const emptied = { ...before!.settings, CallGroupTargets: [], IsForwardingEnabled: false, IsUnansweredEnabled: false };
    await run.db.transaction((tx) => createTenantStore(tx).writeSettings(JOHANNA, emptied, ['callGroup', 'forwarding', 'unanswered']));
    const delta = await run.h.app.services.health.recheckSettings(emptied);
    await run.h.app.bot.idle();

    expect(delta.resolved.map((finding) => `${finding.code} ${finding.subject}`)).toContain(`CG10 ${JOHANNA}`);
    for (const [name, member] of Object.entries(MEMBERS)) expect(lastVersionIn(run.h, member.sip), name).toContain('Resolved: this is no longer a problem.');
    // Nobody was told anything new, and the owner, never told, has no card to update.
    expect(run.h.fake.sent.filter((s) => s.conversationId === chatOf(JOHANNA))).toEqual([]);
  });

  it('opens again only the cards of the members the group has when CG10 comes back', async () => {
    const before = await createTenantStore(run.db).settingsOf(JOHANNA);
    const refilled = { ...before!.settings, CallGroupTargets: [MEMBERS.felix.written, MEMBERS.nora.written] };
    await run.db.transaction((tx) => createTenantStore(tx).writeSettings(JOHANNA, refilled, ['callGroup']));
    const delta = await run.h.app.services.health.recheckSettings(refilled);
    await run.h.app.bot.idle();

    expect(delta.added.map((finding) => `${finding.code} ${finding.subject}`)).toContain(`CG10 ${JOHANNA}`);
    for (const member of [MEMBERS.felix, MEMBERS.nora]) expect(lastVersionIn(run.h, member.sip), member.sip).not.toContain('Resolved');
    for (const member of [MEMBERS.zoltan, MEMBERS.grady]) expect(lastVersionIn(run.h, member.sip), member.sip).toContain('Resolved: this is no longer a problem.');
    // Each member still has the one card, updated in place.
    for (const member of Object.values(MEMBERS)) expect(run.h.fake.sent.filter((s) => s.conversationId === chatOf(member.sip)), member.sip).toHaveLength(1);
  });
});
