import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADELE, ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium, openPage } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { Playground } from './playground.js';
import { startPlayground } from './playground.js';

/** Whether a process exists (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Issue C's acceptance in the Microsoft 365 Agents Playground, in a real browser against the
 * real server. The Playground's user is Megan Bowen, the development approver
 * (.m365agentsplayground.yml): opening the Playground installs the bot in her personal chat,
 * she asks for `help`, Alex Wilber proposes adding Adele Vance to his call group through the
 * API (as the tab does), the approval card arrives in Megan's chat, she clicks Approve in the
 * rendered card, and the card turns into the outcome, then into "applied" once the apply job
 * ran. Alex proposes and Megan decides because a requester never approves their own request.
 * The steps build on each other and run in order. Screenshots: e2e/artifacts/playground/.
 */

const STEP_TIMEOUT_MS = 60_000;
const PAGE_LOAD_TIMEOUT_MS = 90_000;
const START_TIMEOUT_MS = 180_000;
const MEGAN_SIP = `sip:${MEGAN}`;

/** The parts of the API's answers this test reads (README's API table; bot/src/http/meRoutes.ts). */
const proposalAnswer = z.object({ request: z.object({ id: z.uuid(), status: z.string(), needsApproval: z.boolean() }) });
const requestAnswer = z.object({ request: z.object({ id: z.uuid(), status: z.string(), decidedBy: z.string().nullable() }) });
const myCallGroup = z.object({ callGroup: z.object({ members: z.array(z.object({ upn: z.string().optional(), target: z.string() })) }) });

describe('the bot in the Microsoft 365 Agents Playground', () => {
  let artifacts: ArtifactFolder;
  let server: E2eServer | undefined;
  let playground: Playground | undefined;
  let browser: Browser | undefined;
  let tab: BrowserPage | undefined;
  let page: Page;
  let requestId: string;
  /** How long each phase took, written to the artifacts for the report (never asserted: the machine is shared). */
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - started);
    }
  };

  /** Every Adaptive Card the Playground rendered (the adaptivecards renderer's root class), outermost only. */
  const cards = () => page.locator('.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)');
  const cardTitled = (heading: string | RegExp): Locator => cards().filter({ has: page.getByRole('heading', { name: heading }) });
  const helpCards = () => cardTitled('Call Group Manager');
  const approvalCard = () => cardTitled("Approval: Alex Wilber's call group");

  /** Takes the step's screenshot, also when the step fails (then named after the failure). */
  async function step(name: string, work: () => Promise<void>): Promise<void> {
    try {
      await timed(name, work);
      await artifacts.screenshot(page, `${name}.png`);
    } catch (error) {
      await artifacts.screenshot(page, `${name}-failed.png`).catch(() => undefined);
      throw error;
    }
  }

  beforeAll(async () => {
    artifacts = await artifactFolder('playground');
    [server, browser] = await Promise.all([timed('server-start', () => startE2eServer()), timed('chromium-launch', () => launchChromium())]);
    const botEndpoint = server.botEndpoint;
    playground = await timed('playground-start', () => startPlayground({ botEndpoint, logFile: artifacts.path('playground.log') }));
    tab = await openPage(browser, { width: 1400, height: 1100 });
    page = tab.page;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    // Each one is stopped even when another fails to; what they said is kept for the artifacts.
    const closeBrowser = async () => {
      try {
        await tab?.close();
      } finally {
        await browser?.close();
      }
    };
    const results = await Promise.allSettled([closeBrowser(), playground?.stop(), server?.close()]);
    if (artifacts) {
      await artifacts.writeText('timings.json', `${JSON.stringify(timings, null, 2)}\n`);
      await artifacts.writeText('server.log', `${server?.log.join('') ?? ''}`);
      await artifacts.writeText('playground-output.txt', playground?.output() ?? '');
      await artifacts.writeText('browser.txt', [...(tab?.errors ?? []), ...(tab?.refused ?? []).map((url) => `refused (off this machine): ${url}`)].join('\n'));
    }
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (playground && isRunning(playground.pid)) throw new Error(`The Agents Playground (pid ${playground.pid}) is still running after stop().`);
  }, START_TIMEOUT_MS);

  it('loads our configuration: Megan Bowen of the Contoso tenant talks to the bot', () => {
    expect(playground!.config.tenantId).toBe('3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60');
    expect(playground!.config.currentUser).toMatchObject({ name: 'Megan Bowen', aadObjectId: 'c01707e1-469b-57e7-9a92-8b225ae19dae', email: MEGAN });
  });

  it(
    'installs the bot in Megan’s personal chat when she opens it: a welcome with the approvers’ commands, and her chat is remembered',
    async () => {
      await step('01-installed', async () => {
        // The Playground's web UI is one 5 MB script: on a busy 2-core machine it took 10-20 s to load.
        await timed('playground-page-load', () => page.goto(playground!.url, { timeout: PAGE_LOAD_TIMEOUT_MS }));
        // The first turn also warms the bot up (botbuilder, the database's first queries): the one slow wait.
        await timed('welcome-card', () => helpCards().first().waitFor({ timeout: 45_000 }));
        // The approvers' command list: the bot knew Megan by her object id, and as an approver.
        await helpCards().first().getByText('use this channel').waitFor();
      });
      const stored = await server!.app.db.query<{ id: string; user_sip: string | null }>('SELECT id, user_sip FROM conversation_refs');
      expect(stored).toEqual([{ id: playground!.config.personalChat.id, user_sip: MEGAN_SIP }]);
    },
    PAGE_LOAD_TIMEOUT_MS + STEP_TIMEOUT_MS,
  );

  it(
    'answers help with the command list',
    async () => {
      await step('02-help', async () => {
        const compose = page.getByRole('textbox').and(page.locator('[contenteditable="true"]'));
        await compose.click();
        await page.keyboard.type('help');
        await page.keyboard.press('Enter');
        await helpCards().nth(1).waitFor();
        await expect.poll(() => helpCards().count()).toBe(2);
        for (const command of ['help', 'pending', 'health', 'sync']) await helpCards().nth(1).getByText(command, { exact: true }).waitFor();
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'brings Alex’s proposal to Megan as an approval card',
    async () => {
      const before = await server!.call(ALEX, '/api/me');
      expect(before.status).toBe(200);
      expect(myCallGroup.parse(before.json).callGroup.members.map((member) => member.upn)).toEqual(['brian.johnson@contoso.com', 'christie.cline@contoso.com']);

      await step('03-approval-card', async () => {
        const proposed = await server!.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE] } });
        expect(proposed.status, proposed.text).toBe(202);
        const { request } = proposalAnswer.parse(proposed.json);
        expect(request).toMatchObject({ status: 'pending', needsApproval: true });
        requestId = request.id;

        const card = approvalCard();
        await card.waitFor();
        await card.getByText('Adele Vance', { exact: true }).waitFor();
        await card.getByText(/^Waiting for an approver/).waitFor();
        await card.getByRole('button', { name: 'Approve' }).waitFor();
        await card.getByRole('button', { name: /^Reject/ }).waitFor();
      });
      await expect.poll(() => approvalCard().count()).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'approves from the rendered card: the card shows the outcome and who decided, with no buttons left',
    async () => {
      await step('04-approved', async () => {
        await approvalCard().getByRole('button', { name: 'Approve' }).click();
        await approvalCard().getByText(/^Approved by Megan Bowen .*; being applied in Teams\.$/).waitFor();
        await expect.poll(() => approvalCard().getByRole('button').count()).toBe(0);
      });
      const answer = await server!.call(ALEX, `/api/me/requests/${requestId}`);
      expect(answer.status).toBe(200);
      expect(requestAnswer.parse(answer.json).request).toMatchObject({ status: 'approved', decidedBy: MEGAN_SIP });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the change applied in Teams once the apply job ran, and Adele is in Alex’s call group',
    async () => {
      await step('05-applied', async () => {
        expect(await server!.app.applyOnce()).toBe(1);
        await server!.app.bot.idle();
        await approvalCard().getByText(/^Approved by Megan Bowen .* and applied in Teams on /).waitFor();
      });
      const answer = await server!.call(ALEX, `/api/me/requests/${requestId}`);
      expect(requestAnswer.parse(answer.json).request.status).toBe('applied');
      const after = await server!.call(ALEX, '/api/me');
      expect(myCallGroup.parse(after.json).callGroup.members.map((member) => member.upn)).toEqual(['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE]);
      // Still one approval card: the outcome replaced the request in place rather than arriving as another message.
      expect(await approvalCard().count()).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'rejects with a reason typed into the card: the card shows the reason, and nothing changes in Teams',
    async () => {
      const reason = 'Amelia covers the Seattle store, not your calls.';
      let rejectedId = '';
      await step('06-rejected', async () => {
        const proposed = await server!.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', ADELE, 'amelia.hart@contoso.com'] } });
        expect(proposed.status, proposed.text).toBe(202);
        rejectedId = proposalAnswer.parse(proposed.json).request.id;
        const card = approvalCard().filter({ hasText: 'Amelia Hart' });
        await card.getByRole('button', { name: /^Reject/ }).click();
        await card.getByRole('textbox', { name: /^Reason/ }).fill(reason);
        await card.getByRole('button', { name: 'Reject', exact: true }).click();
        await card.getByText(`Rejected by Megan Bowen`, { exact: false }).waitFor();
        await card.getByText(`"${reason}"`, { exact: false }).waitFor();
        await expect.poll(() => card.getByRole('button').count()).toBe(0);
      });
      const answer = await server!.call(ALEX, `/api/me/requests/${rejectedId}`);
      expect(requestAnswer.parse(answer.json).request).toMatchObject({ status: 'rejected', decidedBy: MEGAN_SIP });
      expect(await server!.app.applyOnce()).toBe(0);
      const after = await server!.call(ALEX, '/api/me');
      expect(myCallGroup.parse(after.json).callGroup.members.map((member) => member.upn)).not.toContain('amelia.hart@contoso.com');
    },
    STEP_TIMEOUT_MS,
  );
});
