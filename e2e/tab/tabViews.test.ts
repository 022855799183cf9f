import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { ThemeName, ViewRoute } from './tabPage.js';
import { ENTRA_ENV, THEMES, VIEWS, describeViolations, gotoView, openTab, seriousViolations, tabUrl } from './tabPage.js';

/**
 * Every view of the tab in Teams' three themes: axe-core finds no serious or critical
 * violation, the theme asked for is the one drawn, and a screenshot of each at desktop width
 * and at 320 px goes to e2e/artifacts/tab/ for people to look at. The views are shown with
 * something in them: Alex has a change waiting, so My requests and Approvals are not empty.
 */

// The views do not depend on the database: the support server's fresh PGlite is enough here.
const NARROW = 320;

/** Who is signed in for each view: someone for whom the view has content. */
const VIEWER: Readonly<Record<ViewRoute, string>> = {
  'call-group': ALEX,
  answering: ALEX,
  groups: MEGAN, // a member of Allan Deyoung's IT Helpdesk group
  requests: ALEX,
  notifications: MEGAN, // an approver: every kind of notice is shown
  covers: ALEX,
  approvals: MEGAN,
  health: MEGAN,
  map: MEGAN,
};

describe('every view, in every theme: accessibility and screenshots', () => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;
  let wide: BrowserPage;
  let narrow: BrowserPage;

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([startE2eServer(), launchChromium(), artifactFolder('tab')]);
    const proposed = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: ['brian.johnson@contoso.com', 'christie.cline@contoso.com', 'adele.vance@contoso.com'] } });
    expect(proposed.status).toBe(202);
    [wide, narrow] = await Promise.all([openTab(browser), openTab(browser, { width: NARROW, height: 720 })]);
  });
  afterAll(async () => {
    await wide?.close();
    await narrow?.close();
    await browser?.close();
    await server?.close();
  });

  describe.each(THEMES)('theme %s', (theme: ThemeName) => {
    it.each(VIEWS.map((view) => view.route))('%s', async (route) => {
      for (const [tab, width] of [[wide, 'wide'], [narrow, String(NARROW)]] as const) {
        const { page } = tab;
        tab.errors.length = 0;
        await gotoView(page, server.base, route, { user: VIEWER[route], theme, artifacts });
        expect(await page.locator(`[data-theme="${theme}"]`).count(), 'the theme asked for is the one drawn').toBeGreaterThan(0);
        await artifacts.screenshot(page, `${route}-${theme}-${width}.png`, { fullPage: true });
        const violations = await seriousViolations(page);
        expect(violations, `${route} in ${theme} at ${width}:\n${describeViolations(violations)}`).toEqual([]);
        expect(tab.errors.filter((error) => error.startsWith('pageerror')), 'the page threw').toEqual([]);
      }
    });
  });
});

describe('the "open in Teams" page (no development sign-in, outside Teams)', () => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([startE2eServer({ env: ENTRA_ENV }), launchChromium(), artifactFolder('tab-open-in-teams')]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(THEMES)('theme %s: says where to go, with no serious or critical axe violation', async (theme) => {
    for (const width of [1280, NARROW]) {
      const tab = await openTab(browser, { width });
      try {
        const { page } = tab;
        // Even a devUser in the address signs nobody in when the server does not allow it.
        await page.goto(tabUrl(server.base, 'call-group', { theme, user: ALEX }));
        await page.getByRole('heading', { level: 1, name: 'Open Call Group Manager in Microsoft Teams' }).waitFor();
        expect(await page.getByRole('navigation').count()).toBe(0);
        expect(await page.locator(`[data-theme="${theme}"]`).count()).toBeGreaterThan(0);
        await artifacts.screenshot(page, `open-in-teams-${theme}-${width === NARROW ? NARROW : 'wide'}.png`, { fullPage: true });
        const violations = await seriousViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      } finally {
        await tab.close();
      }
    }
  });
});
