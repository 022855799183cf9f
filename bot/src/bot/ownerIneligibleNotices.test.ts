import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.js';
import { createConversationStore } from '../store/conversationStore.js';
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

describe.each(testBackends())('an ineligible owner’s members are told whatever form their entry has (%s)', (_name, open) => {
  let db: Database;
  let h: NoticeHarness;

  beforeAll(async () => {
    const snapshot = await writeDemoTenantWith((tenant) => {
      const johanna = tenant.users.find((user) => user.SipAddress === JOHANNA);
      const settings = tenant.callingSettings.find((candidate) => candidate.SipUri === JOHANNA);
      if (!johanna || !settings) throw new Error('the demo tenant changed: Johanna Lorenz or her settings are missing');
      johanna.HasTeamsPhoneLicense = false;
      settings.CallGroupTargets = Object.values(MEMBERS).map((member) => member.written);
    });
    db = await open();
    h = await noticeHarness(db, new Date('2026-11-23T10:00:00Z'), snapshot);
    for (const sip of [JOHANNA, ...Object.values(MEMBERS).map((member) => member.sip)]) {
      await createConversationStore(db).upsert({ id: chatOf(sip), kind: 'personal', userSip: sip, reference: { conversation: { id: chatOf(sip) }, user: { id: `29:${sip}` }, serviceUrl: 'https://smba.example.invalid/' }, updatedAt: h.clock.now() });
    }
  });
  afterAll(async () => {
    await h?.app.close();
    await db?.close();
  });

  it('sends the CG10 notice to every member, by UPN, object id or SIP address in any case, and never to the owner', async () => {
    const added = await h.openFindings('CG10');
    expect(added.map((finding) => finding.subject)).toContain(JOHANNA);
    await h.app.bot.notifier.findingsChanged({ added: added.filter((finding) => finding.subject === JOHANNA), resolved: [] });
    await h.app.bot.idle();
    for (const [name, member] of Object.entries(MEMBERS)) {
      const cards = h.fake.to(chatOf(member.sip)).filter((card) => card.includes('problem.'));
      expect(cards.length, name).toBe(1);
      expect(cards[0], name).toContain('Johanna Lorenz’s call group cannot ring you');
    }
    expect(h.fake.to(chatOf(JOHANNA))).toEqual([]);
  });

  it('says resolved on each member’s card when the finding resolves', async () => {
    const [cg10] = (await h.openFindings('CG10')).filter((finding) => finding.subject === JOHANNA);
    await h.app.bot.notifier.findingsChanged({ added: [], resolved: [cg10!] });
    await h.app.bot.idle();
    for (const [name, member] of Object.entries(MEMBERS)) {
      const [sent] = h.fake.sent.filter((s) => s.conversationId === chatOf(member.sip));
      const update = h.fake.updated.filter((u) => u.activityId === sent?.id).at(-1);
      expect(JSON.stringify(update?.card), name).toContain('Resolved: this is no longer a problem.');
    }
  });
});
