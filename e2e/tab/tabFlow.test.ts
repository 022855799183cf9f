import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADELE, ALEX, MEGAN } from '../../bot/src/server/testServer.js';
import { testBackends } from '../../bot/src/store/testDatabase.js';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium } from '../support/browser.js';
import type { E2eServer } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import { gotoView, openTab, waitForContent } from './tabPage.js';

/**
 * Issue D's story in a real browser against the real server: Alex adds Adele to his call
 * group, Megan approves, the apply job applies it, Adele sees Alex's group and picks Banner,
 * an impossible edit cannot be sent, and Megan sees the demo tenant's problems and fixes one.
 * The steps build on each other, so they run in order on one server per database backend.
 */

const BRIAN = 'brian.johnson@contoso.com';
const EXPECTED_FINDINGS = fileURLToPath(new URL('../../bot/data/demo-tenant.expected.json', import.meta.url));

/** Type into the people picker and choose the person whose option names them. */
async function addPerson(page: Page, search: string, name: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Add a person' });
  await picker.fill(search);
  // The picker's own list (the development bar's user switcher has options with the same names).
  await page.getByRole('listbox').getByRole('option', { name: new RegExp(name) }).click();
}

/** The parts of the server's answers this test reads (the server's own tests check the rest). */
const meSchema = z.object({
  callGroup: z.object({ members: z.array(z.object({ displayName: z.string() })) }),
  memberships: z.array(z.object({ ownerSip: z.string(), notification: z.string() })),
  requests: z.array(z.object({ kind: z.string(), status: z.string() })),
});
const requestSchema = z.object({ request: z.object({ id: z.string(), kind: z.string(), status: z.string() }) });

function membersOf(page: Page) {
  return page.getByRole('list', { name: 'Members' }).getByRole('listitem');
}

describe.each(testBackends())('the personal tab end to end (%s)', (backend, open) => {
  let server: E2eServer;
  let browser: Browser;
  let artifacts: ArtifactFolder;
  const tabs: BrowserPage[] = [];
  const tab = async () => {
    const opened = await openTab(browser);
    // Every Content-Security-Policy violation as a console error, which the page's error list keeps.
    await opened.context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`)),
    );
    tabs.push(opened);
    return opened;
  };

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([startE2eServer({ database: open }), launchChromium(), artifactFolder(`tab-flow-${backend}`)]);
  });
  afterAll(async () => {
    await Promise.all(tabs.map((opened) => opened.close()));
    await browser?.close();
    await server?.close();
  });

  let alex: BrowserPage;

  it('Alex adds Adele to his call group and sends it: the tab says Adele will be told and that it needs approval', async () => {
    alex = await tab();
    const { page } = alex;
    await gotoView(page, server.base, 'call-group', { user: ALEX, artifacts });
    await expect.poll(() => membersOf(page).allTextContents()).toEqual([expect.stringContaining('Brian Johnson'), expect.stringContaining('Christie Cline')]);
    const send = page.getByRole('button', { name: 'Send change' });
    expect(await send.isDisabled()).toBe(true);

    await addPerson(page, 'Adele', 'Adele Vance');
    await expect.poll(() => membersOf(page).count()).toBe(3);
    const summary = page.getByRole('list', { name: 'What will happen' });
    await summary.getByText('Adele Vance will be notified in Teams.').waitFor();
    await summary.getByText('This needs approval by a Teams Phone admin before it is applied.').waitFor();
    expect(await send.isEnabled()).toBe(true);

    const posted = page.waitForResponse((response) => response.url().endsWith('/api/me/call-group') && response.request().method() === 'POST');
    await send.click();
    expect((await posted).status()).toBe(202);
    await page.getByRole('status').filter({ hasText: 'Change sent' }).filter({ hasText: 'Waiting for approval' }).waitFor();

    // Nothing is applied before approval: Teams still has two members.
    const me = meSchema.parse((await server.call(ALEX, '/api/me')).json);
    expect(me.callGroup.members.map((member) => member.displayName)).toEqual(['Brian Johnson', 'Christie Cline']);
    expect(me.requests[0]).toMatchObject({ kind: 'callGroup', status: 'pending' });
  });

  it('Megan approves it in the Approvals view, and Alex sees it applied once the apply job has run', async () => {
    const megan = await tab();
    await gotoView(megan.page, server.base, 'approvals', { user: MEGAN, artifacts });
    const card = megan.page.getByRole('listitem').filter({ has: megan.page.getByRole('heading', { name: `Call group: ${ALEX}` }) });
    // Before and after, the new member marked as new.
    await card.getByRole('listitem').filter({ hasText: 'adele.vance@contoso.com (new)' }).waitFor();
    const decided = megan.page.waitForResponse((response) => /\/api\/approvals\/[^/]+\/approve$/.test(response.url()));
    await card.getByRole('button', { name: `Approve: Call group from ${ALEX}` }).click();
    expect((await decided).status()).toBe(200);
    await megan.page.getByRole('status').filter({ hasText: 'Approved. It is being applied.' }).waitFor();
    await megan.page.getByText('Nothing is waiting for approval.').waitFor();

    expect(await server.app.applyOnce()).toBeGreaterThanOrEqual(1);

    // Alex's open tab follows the request until it settles, then reads his settings again.
    const { page } = alex;
    await page.getByRole('status').filter({ hasText: 'Applied in Teams' }).waitFor();
    await expect.poll(() => membersOf(page).allTextContents()).toEqual([expect.stringContaining('Brian Johnson'), expect.stringContaining('Christie Cline'), expect.stringContaining('Adele Vance')]);
    await page.reload();
    await waitForContent(page);
    await expect.poll(() => membersOf(page).count()).toBe(3);
    await gotoView(page, server.base, 'requests', { user: ALEX, artifacts });
    await page.getByRole('list', { name: 'My requests' }).getByRole('listitem').first().getByText('Applied in Teams').first().waitFor();
  });

  it('Adele sees Alex under Groups I’m in, switches his calls to Banner, and still sees Banner after a reload', async () => {
    const adele = await tab();
    const { page } = adele;
    await gotoView(page, server.base, 'groups', { user: ADELE, artifacts });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Alex Wilber’s call group' }) });
    await card.getByText('You are number 3 of 3; rings everyone at once.', { exact: false }).waitFor();
    const choices = card.getByRole('radiogroup', { name: 'How Alex Wilber’s calls alert you' });
    expect(await choices.getByRole('radio', { name: 'Ring' }).isChecked()).toBe(true);

    const saved = page.waitForResponse((response) => response.url().includes('/api/me/memberships/') && response.request().method() === 'PUT');
    await choices.getByRole('radio', { name: 'Banner' }).click();
    const answer = await saved;
    // Teams creates a member's notification entry when they are added to a group; the server can
    // only change it. A refusal here means the apply step did not give Adele her entry.
    expect(answer.status(), `the server refused Adele's Banner: ${await answer.text()}`).toBe(202);
    expect(JSON.parse(answer.request().postData() ?? '{}')).toEqual({ notification: 'Banner' });
    await card.getByRole('status').filter({ hasText: 'Change sent' }).waitFor();
    await server.app.applyOnce();
    await card.getByRole('status').filter({ hasText: 'Applied in Teams' }).waitFor();

    await page.reload();
    await waitForContent(page);
    const again = page.getByRole('radiogroup', { name: 'How Alex Wilber’s calls alert you' });
    expect(await again.getByRole('radio', { name: 'Banner' }).isChecked()).toBe(true);
    expect(await again.getByRole('radio', { name: 'Ring' }).isChecked()).toBe(false);
    const me = meSchema.parse((await server.call(ADELE, '/api/me')).json);
    expect(me.memberships).toEqual([{ ownerSip: 'sip:alex.wilber@contoso.com', notification: 'Banner' }]);
  });

  it('Brian, long in Alex’s group, switches it to Banner through the same card and sees Banner after a reload', async () => {
    // The same steps as Adele's for a member whose notification entry Teams already holds, so the
    // tab's part of the story is checked even while a newly added member's entry is missing.
    const brian = await tab();
    const { page } = brian;
    await gotoView(page, server.base, 'groups', { user: BRIAN, artifacts });
    const choices = page.getByRole('radiogroup', { name: 'How Alex Wilber’s calls alert you' });
    expect(await choices.getByRole('radio', { name: 'Ring' }).isChecked()).toBe(true);
    const saved = page.waitForResponse((response) => response.url().includes('/api/me/memberships/') && response.request().method() === 'PUT');
    await choices.getByRole('radio', { name: 'Banner' }).click();
    const answer = await saved;
    expect(answer.status(), await answer.text()).toBe(202);
    expect(JSON.parse(answer.request().postData() ?? '{}')).toEqual({ notification: 'Banner' });
    await server.app.applyOnce();
    await page.getByRole('status').filter({ hasText: 'Applied in Teams' }).waitFor();
    await page.reload();
    await waitForContent(page);
    expect(await choices.getByRole('radio', { name: 'Banner' }).isChecked()).toBe(true);
    expect(await choices.getByRole('radio', { name: 'Ring' }).isChecked()).toBe(false);
  });

  it('a sixth member with Ring in order shows the reason in words and the Send button is disabled; nothing is sent', async () => {
    const { page } = alex;
    await gotoView(page, server.base, 'call-group', { user: ALEX, artifacts });
    await expect.poll(() => membersOf(page).count()).toBe(3);
    await addPerson(page, 'Diego', 'Diego Siciliani');
    await addPerson(page, 'Laura', 'Laura Stein');
    await addPerson(page, 'Hannah', 'Hannah Svensson');
    await expect.poll(() => membersOf(page).count()).toBe(6);
    // Six ringing at once is fine: the boundary is ring in order.
    expect(await page.getByRole('button', { name: 'Send change' }).isEnabled()).toBe(true);

    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(request.url());
    });
    await page.getByRole('radio', { name: 'Ring in order' }).check();
    const alert = page.getByRole('alert').filter({ hasText: 'This change cannot be sent' });
    await alert.getByText('Ringing in order works only with 5 or fewer members; this list has 6.').waitFor();
    await page.getByText('Ring in order: 6 of at most 5').waitFor();
    const send = page.getByRole('button', { name: 'Send change' });
    expect(await send.isDisabled()).toBe(true);
    await page.getByRole('form', { name: 'My call group' }).evaluate((form: HTMLFormElement) => form.requestSubmit());
    expect(posts).toEqual([]);

    // Back to five in order: valid again.
    await page.getByRole('button', { name: 'Remove Hannah Svensson' }).click();
    await alert.waitFor({ state: 'detached' });
    expect(await send.isEnabled()).toBe(true);
  });

  it('Tenant health lists exactly the demo tenant’s deliberate problems, and Fix creates a clean-up request', async () => {
    const expected = (JSON.parse(await readFile(EXPECTED_FINDINGS, 'utf8')) as { code: string; subject: string }[]).map((finding) => `${finding.code} ${finding.subject.replace(/^sip:/i, '')}`);
    expect(expected).toHaveLength(8);
    const megan = await tab();
    const { page } = megan;
    await gotoView(page, server.base, 'health', { user: MEGAN, artifacts });
    await page.getByRole('status').filter({ hasText: `${expected.length} of ${expected.length} findings` }).waitFor();
    const rows = page.getByRole('main').getByRole('table').getByRole('row');
    const cells = await rows.evaluateAll((elements) => elements.slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
    expect(cells.map((row) => `${row[1]} ${row[2]}`).sort()).toEqual([...expected].sort());

    await page.getByRole('button', { name: 'Details of CG12 for isaiah.langer@contoso.com' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Finding CG12').waitFor();
    const fixed = page.waitForResponse((response) => /\/api\/health\/findings\/[^/]+\/fix$/.test(response.url()));
    await drawer.getByRole('button', { name: 'Fix' }).click();
    const answer = await fixed;
    expect(answer.status()).toBe(202);
    const body = (await answer.json()) as { request: { id: string; status: string } };
    await drawer.getByRole('status').filter({ hasText: 'Fix requested:' }).waitFor();
    const answered = await server.call(MEGAN, `/api/me/requests/${body.request.id}`);
    expect(answered.status).toBe(200);
    const { request } = requestSchema.parse(answered.json);
    expect(request).toMatchObject({ id: body.request.id, kind: 'cleanup' });
    expect(['approved', 'applied']).toContain(request.status);
  });

  it('K6: another page cannot frame the tab: only Teams and Microsoft 365 hosts may', async () => {
    const { page, errors } = await tab();
    await page.setContent(`<iframe title="framed" src="${server.base}/tab/call-group?devUser=${ALEX}"></iframe>`);
    await expect.poll(() => errors.some((error) => error.includes('frame-ancestors'))).toBe(true);
    expect(await page.frameLocator('iframe').locator('main').count()).toBe(0);
  });

  it('K6: every step above ran under the tab’s Content-Security-Policy without one violation', async () => {
    const policy = (await fetch(`${server.base}/tab/`)).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain('frame-ancestors https://*.cloud.microsoft');
    // The framing test's refusal is the policy working; everything else must be silent.
    const framed = tabs.at(-1);
    const violations = tabs.filter((opened) => opened !== framed).flatMap((opened) => opened.errors.filter((error) => /Content Security Policy|CSP violation/.test(error)));
    expect(violations, violations.join("\n")).toEqual([]);
    expect(tabs.length).toBeGreaterThan(3);
  });
});
