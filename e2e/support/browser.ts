import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core, for the browser tests (the Agents Playground,
 * the personal tab). Browser downloads by test tools fail on our machines, so the system
 * package is used (`apt-get install chromium`; `.ci/run` installs it when missing).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags measured in docs/toolchain.md: headless, no sandbox (containers), nothing phoning home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches Chromium. Every launch runs on a fresh profile: playwright-core passes Chromium a
 * new temporary `--user-data-dir` of its own and deletes it on `close()` (it refuses that flag
 * in `args`), so no cookie, storage or cache survives from one test run to the next.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a page may load this URL: the servers on this machine, and inline data. Everything else would leave the machine. */
export function staysOnThisMachine(url: URL): boolean {
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && LOOPBACK_HOSTS.has(url.hostname);
}

export interface BrowserPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests that were refused because they would have left the machine (fonts and scripts from CDNs). */
  readonly refused: string[];
  /** What the page threw or logged as an error, for a failing test's message and the artifacts. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * A new browser context with one page. Requests to anything but this machine are aborted, as
 * offline CI would (the Agents Playground loads fonts and animations from Microsoft's CDN, and
 * teams-js a list of valid domains): the test then sees the same page everywhere.
 */
export async function openPage(browser: Browser, options: { readonly width?: number; readonly height?: number; readonly timeoutMs?: number } = {}): Promise<BrowserPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1400, height: options.height ?? 1000 }, reducedMotion: 'reduce' });
  const refused: string[] = [];
  await context.route(
    (url) => !staysOnThisMachine(url),
    (route) => {
      refused.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  // Shorter than a test's own timeout, so a missing element fails with Playwright's account of what it waited for.
  context.setDefaultTimeout(options.timeoutMs ?? 20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, refused, errors, close: () => context.close() };
}
