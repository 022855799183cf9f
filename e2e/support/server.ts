import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../bot/src/server/app.js';
import { createApp } from '../../bot/src/server/app.js';
import { createConsoleLogger } from '../../bot/src/server/logger.js';
import { DEMO_SNAPSHOT, devCaller } from '../../bot/src/server/testServer.js';
import type { OpenTestDatabase } from '../../bot/src/store/testDatabase.js';
import { readConfig } from '../../bot/src/config.js';

/**
 * The real server for end-to-end tests, in this process: `createApp` as `npm start` builds it
 * (development sign-in, the `local` gateway, the Contoso demo tenant seeded on first start), on
 * a free loopback port, over a fresh PGlite data folder that is deleted on close, or over a
 * test database of `testBackends()` when one is given.
 */
export interface E2eServer {
  readonly app: App;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Where the bot takes activities: what the Agents Playground posts to. */
  readonly botEndpoint: string;
  /** The server's log lines (JSON, one per event), for a failing test's artifacts. */
  readonly log: readonly string[];
  /** fetch() as a signed-in development user (`X-Dev-User`), or anonymously with `undefined`; `json` is unchecked: parse it with a schema. */
  call(upn: string | undefined, path: string, init?: { readonly method?: string; readonly body?: unknown }): Promise<{ status: number; json: unknown; text: string }>;
  close(): Promise<void>;
}

export interface E2eServerOptions {
  /** Configuration on top of the development defaults below. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run the periodic jobs (apply, expiry, digest) as `npm start` does; by default the test drives `app.applyOnce()` itself. */
  readonly jobs?: boolean;
  /** A database of `testBackends()` instead of a fresh PGlite data folder. */
  readonly database?: OpenTestDatabase;
}

export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  const dataDir = options.database ? undefined : await mkdtemp(join(tmpdir(), 'cgm-e2e-'));
  const log: string[] = [];
  const logger = createConsoleLogger((line) => void log.push(line));
  const config = readConfig({
    NODE_ENV: 'development',
    AUTH_MODE: 'dev',
    HOST: '127.0.0.1',
    PORT: '0',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    SEED_SNAPSHOT: DEMO_SNAPSHOT,
    SYNC_INTERVAL_MINUTES: '0',
    ...options.env,
  });
  const db = options.database ? await options.database() : undefined;
  let app: App;
  try {
    app = await createApp(config, logger, { jobs: options.jobs ?? false, ...(db ? { db } : {}) });
  } catch (error) {
    await db?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = await app.listen();
  const base = `http://127.0.0.1:${address.port}`;
  let closed = false;
  return {
    app,
    base,
    botEndpoint: `${base}/api/messages`,
    log,
    call: devCaller(base),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await app.close();
      } finally {
        await db?.close();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
