import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import type { ArtifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { openPage } from '../support/browser.js';

/**
 * The personal tab as the browser tests see it: its views and themes, how to open one as a
 * development user and wait until it shows its content, and axe-core. Chromium, the server and
 * the artifact folders come from e2e/support, shared with the Agents Playground test.
 */

const require = createRequire(import.meta.url);
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** The tab's views by their path under /tab/ (tab/src/app/routes.ts), with the heading each shows. */
export const VIEWS = [
  { route: 'call-group', heading: 'My call group' },
  { route: 'answering', heading: 'Call answering' },
  { route: 'groups', heading: "Groups I'm in" },
  { route: 'requests', heading: 'My requests' },
  { route: 'notifications', heading: 'Notifications' },
  { route: 'covers', heading: "Cover while I'm away" },
  { route: 'approvals', heading: 'Approvals' },
  { route: 'health', heading: 'Tenant health' },
  { route: 'map', heading: 'Relationship map' },
] as const;
export type ViewRoute = (typeof VIEWS)[number]['route'];

/** Teams' three themes, by the names the tab takes outside Teams (`?theme=`). */
export const THEMES = ['default', 'dark', 'contrast'] as const;
export type ThemeName = (typeof THEMES)[number];

/** Sign-in settings of a server with Teams SSO: nothing is verified until a token arrives, and none will. */
export const ENTRA_ENV: Readonly<Record<string, string>> = {
  AUTH_MODE: 'entra',
  ENTRA_CLIENT_ID: '00000000-0000-4000-8000-000000000001',
  ENTRA_APP_ID_URI: 'api://127.0.0.1/00000000-0000-4000-8000-000000000001',
  ENTRA_TENANT_IDS: '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60',
};

export function tabUrl(base: string, route: ViewRoute | '', options: { user?: string; theme?: ThemeName } = {}): string {
  const url = new URL(`/tab/${route}`, base);
  if (options.user) url.searchParams.set('devUser', options.user);
  if (options.theme) url.searchParams.set('theme', options.theme);
  return url.toString();
}

/** A fresh browser context (its own sessionStorage, so its own signed-in person) `width` pixels wide. */
export function openTab(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserPage> {
  return openPage(browser, { width: options.width ?? 1280, height: options.height ?? 900, timeoutMs: 10_000 });
}

/** The tab shows skeletons and spinners while it loads: wait until none is left in the main region. */
export async function waitForContent(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return main !== null && main.querySelector('.fui-Skeleton, .fui-Spinner, [aria-busy="true"]') === null;
  });
}

/**
 * Go to a view and wait until its heading and content are on screen. When they do not come, what
 * was on screen is kept in `artifacts` and the page's accessibility tree goes into the error.
 */
export async function gotoView(page: Page, base: string, route: ViewRoute, options: { user?: string; theme?: ThemeName; artifacts?: ArtifactFolder } = {}): Promise<void> {
  await page.goto(tabUrl(base, route, options));
  const heading = VIEWS.find((candidate) => candidate.route === route)?.heading ?? route;
  try {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await waitForContent(page);
  } catch (error) {
    const shot = options.artifacts ? await options.artifacts.screenshot(page, `failed-${route}-${options.theme ?? 'default'}-${page.viewportSize()?.width ?? 0}.png`, { fullPage: true }).catch(() => '(none)') : '(none)';
    const tree = await page.locator('body').ariaSnapshot().catch(() => '(no snapshot)');
    throw new Error(`${route} did not show its content (screenshot ${shot}):\n${tree.slice(0, 2000)}`, { cause: error });
  }
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: string; readonly html: string; readonly summary: string }[];
}

/**
 * Fluent UI's focus manager (Tabster) puts focusable, aria-hidden `<i data-tabster-dummy>`
 * sentinels around focus traps and groupers: they only pass focus on, and must stay hidden
 * from screen readers. axe reports them as aria-hidden-focus; Microsoft's Accessibility
 * Insights suppresses exactly these (accessibility-insights-web PR #7605, tabster issue #288),
 * and so do we. Anything else aria-hidden and focusable is still reported.
 */
export function isTabsterSentinel(ruleId: string, html: string): boolean {
  return ruleId === 'aria-hidden-focus' && /^<i\b[^>]*\bdata-tabster-dummy=/.test(html);
}

/** axe-core on the page as it is now: the serious and critical violations, each with where it is. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not as a <script> tag: the tab's CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE_SCRIPT, 'utf8'));
  const found = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<Result> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target.map(String).join(' '), html: node.html, summary: (node.failureSummary ?? '').slice(0, 300) })),
    }));
  });
  return found
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ ...violation, nodes: violation.nodes.filter((node) => !isTabsterSentinel(violation.id, node.html)).map((node) => ({ ...node, html: node.html.slice(0, 200) })) }))
    .filter((violation) => violation.nodes.length > 0);
}

/** One line per violation and element, for a failing assertion's message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((violation) => `${violation.impact} ${violation.id} (${violation.help}):\n${violation.nodes.map((node) => `  ${node.target}: ${node.html}\n    ${node.summary.replaceAll('\n', ' ')}`).join('\n')}`)
    .join('\n');
}
