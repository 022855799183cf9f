import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { coversSchema } from '@cgm/core';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN } from '../../bot/src/server/testServer.js';
import { writeAlexPlaygroundConfig } from './ownerConfig.js';
import { usePlaygroundSession } from './playgroundSession.js';

/**
 * A cover's "ends tomorrow" card in the Microsoft 365 Agents Playground, in Chromium against the
 * real server: Alex Wilber (the Playground's user, as in the owner-flow test) has Adele Vance
 * cover his call group, Megan Bowen approves it through the API, it starts, and a day before its
 * end Alex's chat shows the card with Extend and End now. He clicks Extend: the answer replaces
 * the card, saying the extension waits for an approver (the cover needed one, so its extension
 * does too); Megan approves and the cover ends a week later.
 *
 * The server's clock is the real one, so the cover ends a day and 20 seconds after it is made:
 * its "ends tomorrow" notice falls due 20 seconds after the start. Screenshots:
 * e2e/artifacts/playground/ (cover-*.png; the folder is emptied when this test starts).
 */

const STEP_TIMEOUT_MS = 90_000;
const PAGE_LOAD_TIMEOUT_MS = 90_000;
const DAY = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the owner’s “ends tomorrow” card with Extend, in the Microsoft 365 Agents Playground', () => {
  let coverId = '';
  const session = usePlaygroundSession({
    area: 'playground',
    async prepare(artifacts) {
      const configFile = artifacts.path('alex-playground.yml');
      await writeAlexPlaygroundConfig(configFile, DEMO_SNAPSHOT, [MEGAN]);
      return { configFile };
    },
    scrollTo: () => coverCard(),
  });
  const { step } = session;

  const coverCard = (): Locator => session.cards().filter({ has: session.page.getByRole('heading', { name: /^Your cover( ends tomorrow|: Adele Vance)/ }) });
  const coverOf = async () => coversSchema.parse((await session.server.call(ALEX, '/api/me/covers')).json).covers.find((cover) => cover.id === coverId);

  /** The cover job and the apply job as their timers run them, until `done` holds. */
  async function runJobsUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until) throw new Error('the cover job did not get there in time');
      await session.server.app.coversOnce();
      await session.server.app.applyOnce();
      await session.server.app.bot.idle();
      await sleep(500);
    }
  }

  it(
    'shows Alex the card a day before his cover ends, with Extend and End now',
    async () => {
      // The Playground installs the app for Alex when it opens: his chat is known before the cover is made.
      await session.page.goto(session.playground.url, { timeout: PAGE_LOAD_TIMEOUT_MS });
      await runJobsUntil(async () => ((await session.server.call(MEGAN, '/api/health/unreached')).json as { people: { sip: string }[] }).people.every((person) => person.sip !== `sip:${ALEX}`), 45_000);
      const now = Date.now();
      const created = await session.server.call(ALEX, '/api/me/covers', { method: 'POST', body: { startsAt: new Date(now).toISOString(), endsAt: new Date(now + DAY + 20_000).toISOString(), callGroup: { add: [ADELE] } } });
      expect(created.status, created.text).toBe(202);
      coverId = (created.json as { cover: { id: string } }).cover.id;
      const approved = await session.server.call(MEGAN, `/api/approvals/${(await coverOf())?.approvalRequestId}/approve`, { method: 'POST', body: {} });
      expect(approved.status, approved.text).toBe(200);
      await runJobsUntil(async () => (await coverOf())?.status === 'active', 30_000);
      await step('cover-01-ends-tomorrow', async () => {
        await runJobsUntil(async () => (await coverCard().count()) > 0, 60_000);
        await coverCard().getByText(/Adele Vance picks up your calls until then/).waitFor();
        expect(await coverCard().getByRole('button').allTextContents()).toEqual(['Extend by a week', 'End now']);
      });
    },
    PAGE_LOAD_TIMEOUT_MS + STEP_TIMEOUT_MS,
  );

  it(
    'Extend replaces the card: the extension waits for Megan, who approves it, and the cover ends a week later',
    async () => {
      const before = await coverOf();
      await step('cover-02-extend-clicked', async () => {
        await coverCard().getByRole('button', { name: 'Extend by a week' }).click();
        await coverCard().getByText(/^Your extension to .* waits for an approver/).waitFor();
        // Replaced in place: still one cover card in Alex's chat.
        expect(await coverCard().count()).toBe(1);
        // Extend is not offered twice while the extension waits; End now stays.
        expect(await coverCard().getByRole('button').allTextContents()).toEqual(['End now']);
      });
      const waiting = await coverOf();
      expect(waiting?.extension?.endsAt).toBe(new Date(Date.parse(before!.endsAt) + 7 * DAY).toISOString());
      const approved = await session.server.call(MEGAN, `/api/approvals/${waiting?.extension?.requestId}/approve`, { method: 'POST', body: {} });
      expect(approved.status, approved.text).toBe(200);
      await runJobsUntil(async () => (await coverOf())?.endsAt === waiting?.extension?.endsAt, 30_000);
      expect((await coverOf())?.status).toBe('active');
    },
    STEP_TIMEOUT_MS,
  );
});
