import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ArtifactFolder } from '../support/artifacts.js';
import { artifactFolder } from '../support/artifacts.js';
import type { BrowserPage } from '../support/browser.js';
import { launchChromium, openPage } from '../support/browser.js';
import type { E2eServer, E2eServerOptions } from '../support/server.js';
import { startE2eServer } from '../support/server.js';
import type { Playground } from './playground.js';
import { startPlayground } from './playground.js';

/**
 * One Playground run as every test in this folder drives it: the real server, Chromium and the
 * Agents Playground started before the tests, a page on the Playground's web UI, a screenshot per
 * step (also when the step fails), and everything stopped and its output kept as artifacts after.
 */

export const START_TIMEOUT_MS = 180_000;

type Timed = <T>(name: string, work: () => Promise<T>) => Promise<T>;
const untimed: Timed = (_name, work) => work();

export interface PlaygroundSessionOptions {
  /** The artifact folder (emptied when the run starts): each test keeps its own screenshots. */
  readonly area: string;
  /** Writes what the run needs before anything starts: a Playground configuration, the server's settings. */
  readonly prepare?: (artifacts: ArtifactFolder) => Promise<{ readonly configFile?: string; readonly server?: E2eServerOptions }>;
  /** Wraps the start-up phases and every step, for a test that reports how long they took. */
  readonly timed?: Timed;
  /** The cards to scroll into view before a step's screenshot. */
  readonly scrollTo?: () => Locator;
  /** Runs after everything stopped and its output was written, e.g. to check the Playground really exited. */
  readonly afterStop?: (artifacts: ArtifactFolder, playground: Playground | undefined) => Promise<void>;
}

export interface PlaygroundSession {
  readonly artifacts: ArtifactFolder;
  readonly server: E2eServer;
  readonly playground: Playground;
  readonly page: Page;
  /** Every Adaptive Card the Playground rendered (the adaptivecards renderer's root class), outermost only. */
  readonly cards: () => Locator;
  /** Takes the step's screenshot, also when the step fails (then named after the failure). */
  readonly step: (name: string, work: () => Promise<void>) => Promise<void>;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The Playground run has no ${what}: its start-up failed or has not run.`);
  return value;
}

/** Registers the run's beforeAll and afterAll in the calling `describe` and returns its parts. */
export function usePlaygroundSession(options: PlaygroundSessionOptions): PlaygroundSession {
  const timed = options.timed ?? untimed;
  let artifacts: ArtifactFolder | undefined;
  let server: E2eServer | undefined;
  let playground: Playground | undefined;
  let browser: Browser | undefined;
  let tab: BrowserPage | undefined;

  const session: PlaygroundSession = {
    get artifacts() {
      return started(artifacts, 'artifact folder');
    },
    get server() {
      return started(server, 'server');
    },
    get playground() {
      return started(playground, 'Playground');
    },
    get page() {
      return started(tab, 'page').page;
    },
    cards: () => session.page.locator('.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)'),
    step: async (name, work) => {
      try {
        await timed(name, work);
        await options.scrollTo?.().last().scrollIntoViewIfNeeded().catch(() => undefined);
        await session.artifacts.screenshot(session.page, `${name}.png`);
      } catch (error) {
        await session.artifacts.screenshot(session.page, `${name}-failed.png`).catch(() => undefined);
        throw error;
      }
    },
  };

  beforeAll(async () => {
    const folder = await artifactFolder(options.area);
    artifacts = folder;
    const prepared = (await options.prepare?.(folder)) ?? {};
    [server, browser] = await Promise.all([timed('server-start', () => startE2eServer(prepared.server)), timed('chromium-launch', () => launchChromium())]);
    const botEndpoint = server.botEndpoint;
    playground = await timed('playground-start', () => startPlayground({ botEndpoint, logFile: folder.path('playground.log'), configFile: prepared.configFile }));
    tab = await openPage(browser, { width: 1400, height: 1100 });
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
      await artifacts.writeText('server.log', server?.log.join('') ?? '');
      await artifacts.writeText('playground-output.txt', playground?.output() ?? '');
      await artifacts.writeText('browser.txt', [...(tab?.errors ?? []), ...(tab?.refused ?? []).map((url) => `refused (off this machine): ${url}`)].join('\n'));
    }
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (artifacts) await options.afterStop?.(artifacts, playground);
  }, START_TIMEOUT_MS);

  return session;
}
