import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import { writeDisabledMemberTenant } from '../../bot/src/testSupport/disabledMemberTenant.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { ThemeName, ViewRoute } from './tabPage.js';
import { THEMES, describeViolations, gotoView, openTab, seriousViolations } from './tabPage.js';

/**
 * Personal problems inline in the tab, in Chromium: Alex owns a group with Quentin Moreau,
 * whose account is disabled, and sees it in My call group with Remove and Keep for now; Isaiah
 * sees his stale entry for Alex's group and Irvin Nestor's switched-off group in Groups I'm in.
 * Every approval is asked for (APPROVAL_POLICY=always), so Remove leaves a request pending.
 */

const ISAIAH = 'isaiah.langer@contoso.com';
const IRVIN = 'irvin.sayers@contoso.com';

describe('problems inline in the tab', () => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;
  let tab: BrowserPage;

  beforeAll(async () => {
    const snapshot = await writeDisabledMemberTenant();
    [server, browser, artifacts] = await Promise.all([startE2eServer({ env: { SEED_SNAPSHOT: snapshot, APPROVAL_POLICY: 'always' } }), launchChromium(), artifactFolder('tab-problems')]);
    tab = await openTab(browser);
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await server?.close();
  });

  const problem = (title: RegExp) => tab.page.getByRole('list', { name: /^Problems with/ }).getByRole('listitem').filter({ hasText: title });

  async function show(route: ViewRoute, user: string, theme: ThemeName, title: RegExp): Promise<void> {
    await gotoView(tab.page, server.base, route, { user, theme, artifacts });
    await problem(title).waitFor();
    await artifacts.screenshot(tab.page, `${route}-${user.split('.')[0]}-${theme}.png`, { fullPage: true });
    const violations = await seriousViolations(tab.page);
    expect(violations, `${route} for ${user} in ${theme}:\n${describeViolations(violations)}`).toEqual([]);
  }

  describe.each(THEMES)('theme %s', (theme: ThemeName) => {
    it('shows each person their own problems with their actions, and axe finds nothing serious', async () => {
      await show('call-group', ALEX, theme, /Quentin Moreau.*disabled/);
      const alex = problem(/Quentin Moreau.*disabled/);
      expect(await alex.getByRole('button').allTextContents()).toEqual(['Remove Quentin Moreau', 'Keep for now']);

      await show('groups', ISAIAH, theme, /still name Alex Wilber/);
      expect(await problem(/still name Alex Wilber/).getByRole('button').allTextContents()).toEqual(['Clear this', 'Keep for now']);

      await show('groups', IRVIN, theme, /Nestor Wilke.*switched off/);
      expect(await problem(/Nestor Wilke.*switched off/).getByRole('button').allTextContents()).toEqual(['Keep for now']);
      expect(tab.errors.filter((error) => error.startsWith('pageerror')), 'the page threw').toEqual([]);
    });
  });

  /** Open a view and wait until its problems have been read, so an absent problem is really absent. */
  async function gotoWithProblems(route: ViewRoute, user: string): Promise<void> {
    const answered = tab.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/me/problems' && response.status() === 200);
    await gotoView(tab.page, server.base, route, { user, artifacts });
    await answered;
  }

  it('shows nobody else Alex’s problem', async () => {
    await gotoWithProblems('call-group', MEGAN);
    expect(await tab.page.getByText(/Quentin Moreau.*disabled/).count()).toBe(0);
  });

  it('Alex removes Quentin: the request is pending, and stays so on reload until an approver decides and it is applied', async () => {
    const { page } = tab;
    await gotoView(page, server.base, 'call-group', { user: ALEX, artifacts });
    await problem(/Quentin Moreau.*disabled/).getByRole('button', { name: 'Remove Quentin Moreau' }).click();
    await problem(/Quentin Moreau.*disabled/).getByText('Request sent: Waiting for approval.').waitFor();
    expect(await problem(/Quentin Moreau.*disabled/).getByRole('button').count()).toBe(0);
    await artifacts.screenshot(page, 'call-group-alex-removal-pending.png', { fullPage: true });

    await gotoView(page, server.base, 'call-group', { user: ALEX, artifacts });
    await problem(/Quentin Moreau.*disabled/).getByText('Request sent: Waiting for approval.').waitFor();

    const approvals = (await server.call(MEGAN, '/api/approvals')).json as { requests: { id: string; requester: string }[] };
    const removal = approvals.requests.find((request) => request.requester === `sip:${ALEX}`);
    expect(removal, 'Alex’s removal waits for an approver').toBeDefined();
    expect((await server.call(MEGAN, `/api/approvals/${removal?.id}/approve`, { method: 'POST', body: {} })).status).toBe(200);
    await server.app.applyOnce();

    await gotoWithProblems('call-group', ALEX);
    expect(await page.getByText(/Quentin Moreau.*disabled/).count()).toBe(0);
    expect(await page.getByRole('list', { name: /^Problems with/ }).count()).toBe(0);
  });
});
