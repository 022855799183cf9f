import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import { QUENTIN, writeDisabledMemberTenant } from '../../bot/src/testSupport/disabledMemberTenant.js';
import { writeAlexPlaygroundConfig } from './ownerConfig.js';
import { usePlaygroundSession } from './playgroundSession.js';

/**
 * Issue H's acceptance in the Microsoft 365 Agents Playground, in Chromium against the real
 * server: an owner is told that a member was disabled, clicks Remove, an approver approves, the
 * change is applied and the owner's card says so.
 *
 * Who plays whom, and why. The Playground has one user, whose chat it shows; here that is the
 * owner, Alex Wilber, because the notice, the Remove click and the card's last word all happen in
 * the owner's chat. The configuration is the repository's .m365agentsplayground.yml with Alex as
 * `currentUser` and Megan among the `users` (written to this test's artifacts). Megan Bowen, the
 * approver, is not in the Playground's chat: she approves through the API, as the tab's Approvals
 * view does (her approval card would go to her own chat, which she has not opened). The tenant is
 * the demo one with Quentin Moreau, whose account is disabled, also in Alex's call group (CG08),
 * and every change needs an approver (APPROVAL_POLICY=always; by default removing a member does
 * not). The notice reaches Alex when the Playground installs the app for him: the bot then sends
 * the problems already open for a person it could not reach before. Screenshots:
 * e2e/artifacts/playground-owner/ (its own folder: an area is emptied when its test starts).
 */

const STEP_TIMEOUT_MS = 60_000;
const PAGE_LOAD_TIMEOUT_MS = 90_000;

const pendingAnswer = z.object({ requests: z.array(z.object({ id: z.uuid(), requesterSip: z.string().optional(), subjectSip: z.string().optional() }).loose()) });
const requestAnswer = z.object({ request: z.object({ id: z.uuid(), status: z.string(), decidedBy: z.string().nullable() }) });
const myCallGroup = z.object({ callGroup: z.object({ members: z.array(z.object({ upn: z.string().optional(), target: z.string() })) }) });
const unreached = z.object({ people: z.array(z.object({ sip: z.string() })) });

describe('an owner told of a disabled member, in the Microsoft 365 Agents Playground', () => {
  let requestId = '';
  const session = usePlaygroundSession({
    area: 'playground-owner',
    async prepare(artifacts) {
      const configFile = artifacts.path('alex-playground.yml');
      const snapshot = await writeDisabledMemberTenant();
      await writeAlexPlaygroundConfig(configFile, snapshot, [MEGAN]);
      return { configFile, server: { env: { SEED_SNAPSHOT: snapshot, APPROVAL_POLICY: 'always' } } };
    },
    scrollTo: () => noticeCard(),
  });
  const { cards, step } = session;
  const noticeCard = (): Locator => cards().filter({ has: session.page.getByRole('heading', { name: /Quentin Moreau.*disabled/ }) });

  it('runs the Playground as Alex Wilber, the owner', () => {
    expect(session.playground.config.currentUser).toMatchObject({ name: 'Alex Wilber', aadObjectId: 'af8de7bf-1309-51a7-ac52-cb19d1f10057', email: ALEX });
  });

  it(
    'tells Alex in his chat that Quentin Moreau was disabled, with Remove and Keep for now',
    async () => {
      const before = unreached.parse((await session.server.call(MEGAN, '/api/health/unreached')).json);
      expect(before.people.map((person) => person.sip)).toContain(`sip:${ALEX}`);
      await step('01-owner-told', async () => {
        // The Playground's web UI is one 5 MB script: on a busy 2-core machine it took 10-20 s to load.
        await session.page.goto(session.playground.url, { timeout: PAGE_LOAD_TIMEOUT_MS });
        await noticeCard().waitFor({ timeout: 45_000 });
        await noticeCard().getByText('Your calls still ring them.').waitFor();
        expect(await noticeCard().getByRole('button').allTextContents()).toEqual(['Remove Quentin Moreau', 'Keep for now']);
      });
      // Alex has a chat with the bot now: Tenant health no longer lists him as not reached.
      const after = unreached.parse((await session.server.call(MEGAN, '/api/health/unreached')).json);
      expect(after.people.map((person) => person.sip)).not.toContain(`sip:${ALEX}`);
    },
    PAGE_LOAD_TIMEOUT_MS + STEP_TIMEOUT_MS,
  );

  it(
    'sends the removal for approval when Alex clicks Remove in the rendered card',
    async () => {
      await step('02-remove-clicked', async () => {
        await noticeCard().getByRole('button', { name: 'Remove Quentin Moreau' }).click();
        await noticeCard().getByText(/^Removal of Quentin Moreau sent for approval/).waitFor();
        await expect.poll(() => noticeCard().getByRole('button').count()).toBe(0);
      });
      const pending = pendingAnswer.parse((await session.server.call(MEGAN, '/api/approvals')).json).requests;
      expect(pending).toHaveLength(1);
      requestId = pending[0]!.id;
      expect(requestAnswer.parse((await session.server.call(ALEX, `/api/me/requests/${requestId}`)).json).request.status).toBe('pending');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'is approved by Megan, an approver, through the API',
    async () => {
      await step('03-approved', async () => {
        const approved = await session.server.call(MEGAN, `/api/approvals/${requestId}/approve`, { method: 'POST', body: {} });
        expect(approved.status, approved.text).toBe(200);
        await session.server.app.bot.idle();
        // Alex's request updates (on by default) tell him of the decision in his chat too.
        await cards().filter({ hasText: 'Your request was approved' }).getByText(/^Approved by Megan Bowen/).waitFor();
      });
      expect(requestAnswer.parse((await session.server.call(ALEX, `/api/me/requests/${requestId}`)).json).request).toMatchObject({ status: 'approved', decidedBy: `sip:${MEGAN}` });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'applies the change in Teams, and Alex’s card says the problem is resolved',
    async () => {
      await step('04-applied', async () => {
        expect(await session.server.app.applyOnce()).toBe(1);
        await session.server.app.bot.idle();
        await noticeCard().getByText('Resolved: this is no longer a problem.').waitFor();
        // The request's card was updated in place to the outcome as well.
        await cards().filter({ hasText: 'Your change is live in Teams' }).getByText(/and applied in Teams on /).waitFor();
      });
      expect(requestAnswer.parse((await session.server.call(ALEX, `/api/me/requests/${requestId}`)).json).request.status).toBe('applied');
      const members = myCallGroup.parse((await session.server.call(ALEX, '/api/me')).json).callGroup.members;
      expect(members.map((member) => member.upn ?? member.target)).not.toContain(QUENTIN);
      // Updated in place: still one notice about Quentin in Alex's chat.
      expect(await noticeCard().count()).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );
});
