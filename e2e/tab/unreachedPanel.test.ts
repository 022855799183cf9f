import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEGAN } from '../../bot/src/server/testServer.js';
import type { TeamsConnector } from '../../bot/src/bot/testSupport/teamsConnector.js';
import { personalActivity, startTeamsConnector } from '../../bot/src/bot/testSupport/teamsConnector.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { ThemeName } from './tabPage.js';
import { THEMES, describeViolations, gotoView, openTab, seriousViolations } from './tabPage.js';

/**
 * Tenant health's "Not reached by the bot" panel in Chromium, on the demo tenant where nobody
 * has installed the app yet: Megan (an approver) sees that Lidia Holloway, whose member Quentin
 * Moreau is disabled, was sent no notice; once Teams tells the bot of Lidia's install (the
 * activity the Teams client sends, posted to the real bot endpoint), a reload no longer lists
 * her. axe finds nothing serious in the panel in any of the three themes. Screenshots go to
 * e2e/artifacts/tab-unreached/.
 */

const LIDIA = { id: '29:lidia', aadObjectId: '45474527-0f86-5e04-8ccf-b41f9a1336cc', name: 'Lidia Holloway' };
const LIDIA_LINE = 'Lidia Holloway has not installed the app: no notice sent';

describe('who the bot cannot tell, in Tenant health', () => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;
  let tab: BrowserPage;
  let connector: TeamsConnector;

  beforeAll(async () => {
    [server, browser, artifacts, connector] = await Promise.all([startE2eServer(), launchChromium(), artifactFolder('tab-unreached'), startTeamsConnector()]);
    tab = await openTab(browser);
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await server?.close();
    await connector?.close();
  });

  const panel = () => tab.page.getByRole('region', { name: 'Not reached by the bot' });

  describe.each(THEMES)('theme %s', (theme: ThemeName) => {
    it('lists the people no notice reached, says how an admin reaches them, and axe finds nothing serious', async () => {
      await gotoView(tab.page, server.base, 'health', { user: MEGAN, theme, artifacts });
      await panel().getByText(LIDIA_LINE).waitFor();
      await panel().getByText(/app setup policy/).waitFor();
      await panel().scrollIntoViewIfNeeded();
      await artifacts.screenshot(tab.page, `health-unreached-${theme}.png`, { fullPage: true });
      const violations = await seriousViolations(tab.page);
      expect(violations, `health in ${theme}:\n${describeViolations(violations)}`).toEqual([]);
      expect(tab.errors.filter((error) => error.startsWith('pageerror')), 'the page threw').toEqual([]);
    });
  });

  it('no longer lists Lidia once Teams tells the bot she installed the app', async () => {
    const installed = await fetch(server.botEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(personalActivity(connector, LIDIA, { type: 'installationUpdate', action: 'add' })),
    });
    expect(installed.status).toBe(200);
    const answered = tab.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/health/unreached' && response.status() === 200);
    await gotoView(tab.page, server.base, 'health', { user: MEGAN, artifacts });
    await answered;
    // Others are still unreached, so the panel is there, without her.
    await panel().getByText(/has not installed the app/).first().waitFor();
    expect(await panel().getByText(LIDIA_LINE).count()).toBe(0);
    await artifacts.screenshot(tab.page, 'health-unreached-after-install.png', { fullPage: true });
  });
});
