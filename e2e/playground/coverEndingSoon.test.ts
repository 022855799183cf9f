import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coversSchema } from '@cgm/core';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN } from '../../bot/src/server/testServer.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium, openPage } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import { writeAlexPlaygroundConfig } from './ownerConfig.js';
import type { Playground } from './playground.js';
import { startPlayground } from './playground.js';

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
const START_TIMEOUT_MS = 180_000;
const DAY = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the owner’s “ends tomorrow” card with Extend, in the Microsoft 365 Agents Playground', () => {
  let artifacts: ArtifactFolder;
  let server: E2eServer | undefined;
  let playground: Playground | undefined;
  let browser: Browser | undefined;
  let tab: BrowserPage | undefined;
  let page: Page;
  let coverId = '';

  const cards = () => page.locator('.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)');
  const coverCard = (): Locator => cards().filter({ has: page.getByRole('heading', { name: /^Your cover( ends tomorrow|: Adele Vance)/ }) });
  const coverOf = async () => coversSchema.parse((await server!.call(ALEX, '/api/me/covers')).json).covers.find((cover) => cover.id === coverId);

  /** The cover job and the apply job as their timers run them, until `done` holds. */
  async function runJobsUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until) throw new Error('the cover job did not get there in time');
      await server!.app.coversOnce();
      await server!.app.applyOnce();
      await server!.app.bot.idle();
      await sleep(500);
    }
  }

  async function step(name: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      await coverCard().last().scrollIntoViewIfNeeded().catch(() => undefined);
      await artifacts.screenshot(page, `${name}.png`);
    } catch (error) {
      await artifacts.screenshot(page, `${name}-failed.png`).catch(() => undefined);
      throw error;
    }
  }

  beforeAll(async () => {
    artifacts = await artifactFolder('playground');
    const configFile = artifacts.path('alex-playground.yml');
    await writeAlexPlaygroundConfig(configFile, DEMO_SNAPSHOT, [MEGAN]);
    [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
    playground = await startPlayground({ botEndpoint: server.botEndpoint, logFile: artifacts.path('playground.log'), configFile });
    tab = await openPage(browser, { width: 1400, height: 1100 });
    page = tab.page;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    const closeBrowser = async () => {
      try {
        await tab?.close();
      } finally {
        await browser?.close();
      }
    };
    const results = await Promise.allSettled([closeBrowser(), playground?.stop(), server?.close()]);
    if (artifacts) {
      await artifacts.writeText('server.log', server?.log.join('') ?? '');
      await artifacts.writeText('playground-output.txt', playground?.output() ?? '');
    }
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }, START_TIMEOUT_MS);

  it(
    'shows Alex the card a day before his cover ends, with Extend and End now',
    async () => {
      // The Playground installs the app for Alex when it opens: his chat is known before the cover is made.
      await page.goto(playground!.url, { timeout: PAGE_LOAD_TIMEOUT_MS });
      await runJobsUntil(async () => ((await server!.call(MEGAN, '/api/health/unreached')).json as { people: { sip: string }[] }).people.every((person) => person.sip !== `sip:${ALEX}`), 45_000);
      const now = Date.now();
      const created = await server!.call(ALEX, '/api/me/covers', { method: 'POST', body: { startsAt: new Date(now).toISOString(), endsAt: new Date(now + DAY + 20_000).toISOString(), callGroup: { add: [ADELE] } } });
      expect(created.status, created.text).toBe(202);
      coverId = (created.json as { cover: { id: string } }).cover.id;
      const approved = await server!.call(MEGAN, `/api/approvals/${(await coverOf())?.approvalRequestId}/approve`, { method: 'POST', body: {} });
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
      const approved = await server!.call(MEGAN, `/api/approvals/${waiting?.extension?.requestId}/approve`, { method: 'POST', body: {} });
      expect(approved.status, approved.text).toBe(200);
      await runJobsUntil(async () => (await coverOf())?.endsAt === waiting?.extension?.endsAt, 30_000);
      expect((await coverOf())?.status).toBe('active');
    },
    STEP_TIMEOUT_MS,
  );
});
