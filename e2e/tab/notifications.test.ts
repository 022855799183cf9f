import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferencesSchema } from '@cgm/core';
import { ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { ThemeName } from './tabPage.js';
import { THEMES, describeViolations, gotoView, openTab, seriousViolations, waitForContent } from './tabPage.js';

/**
 * The Notifications view in Chromium: a choice made in it is saved by the server and still
 * there after a reload, and axe-core finds nothing serious or critical in Teams' three themes,
 * for an employee and for an approver (who also sees the approver notices).
 */
describe('the Notifications view', () => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;
  let tab: BrowserPage;

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([startE2eServer(), launchChromium(), artifactFolder('tab-notifications')]);
    tab = await openTab(browser);
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await server?.close();
  });

  const group = (name: string) => tab.page.getByRole('radiogroup', { name });
  const stored = async (upn: string) => preferencesSchema.parse((await server.call(upn, '/api/me/preferences')).json);

  it('keeps a changed preference across a reload', async () => {
    const { page } = tab;
    await gotoView(page, server.base, 'notifications', { user: ALEX, artifacts });
    await group('Stale memberships').getByRole('radio', { name: 'Off' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('combobox', { name: 'Send the daily summary at' }).selectOption('7');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await waitForContent(page);
    expect(await group('Stale memberships').getByRole('radio', { name: 'Off' }).isChecked()).toBe(true);
    expect(await group('Unreachable members').getByRole('radio', { name: 'Immediately' }).isChecked()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Send the daily summary at' }).inputValue()).toBe('7');
    const alex = await stored(ALEX);
    expect(alex.notices.staleMembership).toBe('off');
    expect(alex.dailyHour).toBe(7);
    // The view stored the browser's zone, as it stores the one Teams gives inside Teams.
    expect(alex.timeZone).toBe(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
    await artifacts.screenshot(page, 'notifications-after-reload.png', { fullPage: true });
  });

  it('links to Groups I’m in for Ring, Banner and Mute', async () => {
    await gotoView(tab.page, server.base, 'notifications', { user: ALEX, artifacts });
    // The one in the view, not the navigation bar's.
    await tab.page.getByRole('main').getByRole('link', { name: "Groups I'm in" }).click();
    await tab.page.getByRole('heading', { level: 1, name: "Groups I'm in" }).waitFor();
    expect(new URL(tab.page.url()).pathname).toBe('/tab/groups');
  });

  describe.each(THEMES)('theme %s', (theme: ThemeName) => {
    it.each([
      ['employee', ALEX],
      ['approver', MEGAN],
    ])('%s: axe finds nothing serious or critical', async (who, upn) => {
      const { page } = tab;
      tab.errors.length = 0;
      await gotoView(page, server.base, 'notifications', { user: upn, theme, artifacts });
      expect(await group('Approvals').count()).toBe(who === 'approver' ? 1 : 0);
      // Quiet hours on, so their time fields are drawn and checked too.
      const quiet = page.getByRole('switch', { name: 'Quiet hours: hold notices until they end' });
      // A click, not check(): the switch shows what the server stored, so it turns on once the save is answered.
      if (!(await quiet.isChecked())) await quiet.click();
      await page.getByLabel('Quiet from').waitFor();
      await artifacts.screenshot(page, `notifications-${who}-${theme}.png`, { fullPage: true });
      const violations = await seriousViolations(page);
      expect(violations, `${who} in ${theme}:\n${describeViolations(violations)}`).toEqual([]);
      expect(tab.errors.filter((error) => error.startsWith('pageerror')), 'the page threw').toEqual([]);
    });
  });
});
