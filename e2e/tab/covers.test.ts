import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coversSchema } from '@cgm/core';
import { ADELE, ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { ThemeName } from './tabPage.js';
import { THEMES, describeViolations, gotoView, openTab, seriousViolations, waitForContent } from './tabPage.js';

/**
 * "Cover while I'm away" in Chromium: Alex makes a cover in the tab (Adele joins his call group,
 * starting now), Megan approves it through the API as her Approvals view does (the default
 * policy asks for an approver when someone is added), the cover job starts it and Alex sees it
 * active, then ends it now and Adele is out of his group again. A refused cover shows each
 * problem under its field, and axe-core finds nothing serious or critical in Teams' three themes.
 * The steps build on each other and run in order on one server.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Covers view', () => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;
  let tab: BrowserPage;
  let coverId = '';

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([startE2eServer(), launchChromium(), artifactFolder('tab-covers')]);
    tab = await openTab(browser);
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await server?.close();
  });

  const coversOf = async (upn: string) => coversSchema.parse((await server.call(upn, '/api/me/covers')).json).covers;
  const statusOf = async (id: string) => (await coversOf(ALEX)).find((cover) => cover.id === id)?.status;
  const membersOf = async () => ((await server.call(ALEX, '/api/me')).json as { callGroup: { members: { displayName: string }[] } }).callGroup.members.map((member) => member.displayName);
  /** The cover job and the apply job as their timers run them, on the real clock, until the cover is `status`. */
  async function runJobsUntil(id: string, status: string): Promise<void> {
    for (let round = 0; round < 40 && (await statusOf(id)) !== status; round += 1) {
      await server.app.coversOnce();
      await server.app.applyOnce();
      // The runner looks again a second after it hands a start or end to the outbox.
      await sleep(300);
    }
    expect(await statusOf(id)).toBe(status);
  }
  const coverItem = (page: Page, group: string) => page.getByRole('region', { name: group }).getByRole('listitem');

  it('Alex makes a cover for Adele starting now; once Megan approves it starts and shows as active', async () => {
    const { page } = tab;
    await gotoView(page, server.base, 'covers', { user: ALEX, artifacts });
    await page.getByRole('combobox', { name: 'Who covers' }).fill('Adele');
    await page.getByRole('listbox').getByRole('option', { name: /Adele Vance/ }).click();
    await page.getByText('Covering: Adele Vance').waitFor();
    expect(await page.getByRole('radio', { name: 'Join my call group' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Start now' }).isChecked()).toBe(true);
    await artifacts.screenshot(page, 'covers-1-form.png', { fullPage: true });
    await page.getByRole('button', { name: 'Make this cover' }).click();
    await page.getByRole('status').filter({ hasText: 'It waits for a Teams Phone admin to approve it.' }).waitFor();
    await coverItem(page, 'Upcoming').filter({ hasText: 'Waiting for approval' }).waitFor();

    const [created] = await coversOf(ALEX);
    expect(created).toMatchObject({ status: 'pending', needsApproval: true, covering: [`sip:${ADELE}`] });
    coverId = created?.id ?? '';
    const approved = await server.call(MEGAN, `/api/approvals/${created?.approvalRequestId}/approve`, { method: 'POST', body: {} });
    expect(approved.status, approved.text).toBe(200);
    await runJobsUntil(coverId, 'active');
    expect(await membersOf()).toContain('Adele Vance');

    await page.reload();
    await waitForContent(page);
    const active = coverItem(page, 'Active');
    await active.filter({ hasText: 'Adele Vance: Join my call group' }).waitFor();
    expect(await active.getByText('Active', { exact: true }).count()).toBe(1);
    await artifacts.screenshot(page, 'covers-2-active.png', { fullPage: true });
  });

  it('Alex ends it now: Adele leaves his call group and the cover shows as ended', async () => {
    const { page } = tab;
    await coverItem(page, 'Active').getByRole('button', { name: 'End now' }).click();
    await runJobsUntil(coverId, 'ended');
    expect(await membersOf()).not.toContain('Adele Vance');
    await page.reload();
    await waitForContent(page);
    await coverItem(page, 'Ended').filter({ hasText: 'Ended' }).waitFor();
    expect(await page.getByRole('region', { name: 'Active' }).count()).toBe(0);
    await artifacts.screenshot(page, 'covers-3-ended.png', { fullPage: true });
  });

  it('a cover that ends before it starts is refused with the problem under Ends', async () => {
    const { page } = tab;
    await page.getByRole('combobox', { name: 'Who covers' }).fill('Adele');
    await page.getByRole('listbox').getByRole('option', { name: /Adele Vance/ }).click();
    await page.getByRole('switch', { name: 'Start now' }).click();
    await page.getByLabel('Starts', { exact: true }).fill('2031-01-10T09:00');
    await page.getByLabel('Ends', { exact: true }).fill('2031-01-03T09:00');
    await page.getByRole('button', { name: 'Make this cover' }).click();
    const problem = 'The cover ends before it starts; choose an end after the start.';
    await page.getByText(problem).waitFor();
    // Under its own field: Fluent ties the message to the input, so a screen reader reads it with Ends.
    const ends = page.getByLabel('Ends', { exact: true });
    expect(await ends.getAttribute('aria-invalid')).toBe('true');
    const described = await ends.evaluate((input) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    expect(described).toContain(problem);
    expect(await page.getByLabel('Starts', { exact: true }).getAttribute('aria-invalid')).not.toBe('true');
    expect((await coversOf(ALEX)).length, 'nothing was stored').toBe(1);
    await artifacts.screenshot(page, 'covers-4-refused.png', { fullPage: true });
  });

  describe.each(THEMES)('theme %s', (theme: ThemeName) => {
    it('axe finds nothing serious or critical with an ended cover listed', async () => {
      const { page } = tab;
      tab.errors.length = 0;
      await gotoView(page, server.base, 'covers', { user: ALEX, theme, artifacts });
      await coverItem(page, 'Ended').first().waitFor();
      // The delegate's permissions drawn too, so they are checked.
      await page.getByRole('radio', { name: 'Become my delegate' }).click();
      await page.getByRole('checkbox', { name: 'Receive my calls' }).waitFor();
      await artifacts.screenshot(page, `covers-${theme}.png`, { fullPage: true });
      const violations = await seriousViolations(page);
      expect(violations, `${theme}:\n${describeViolations(violations)}`).toEqual([]);
      expect(tab.errors.filter((error) => error.startsWith('pageerror')), 'the page threw').toEqual([]);
    });
  });
});
