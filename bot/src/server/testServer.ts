import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { readConfig } from '../config.js';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { Clock } from '../services/clock.js';
import type { Database } from '../store/database.js';
import type { OpenTestDatabase } from '../store/testDatabase.js';
import type { App, AppOverrides } from './app.js';
import { createApp } from './app.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';

/** Test support: the real server on a loopback port, over a fresh test database seeded with the demo tenant. */
export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../data/demo-tenant.json', import.meta.url));

export const ALEX = 'alex.wilber@contoso.com';
export const ADELE = 'adele.vance@contoso.com';
export const MEGAN = 'megan.bowen@contoso.com';

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-11-22T09:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

export interface DevCallInit {
  readonly method?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

/** fetch() against `base` as a signed-in development user (`X-Dev-User`), or anonymously with `undefined`. */
export function devCaller(base: string) {
  return async (upn: string | undefined, path: string, init: DevCallInit = {}): Promise<{ status: number; json: any; text: string }> => {
    const headers: Record<string, string> = { ...(upn ? { 'x-dev-user': upn } : {}), ...init.headers };
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  };
}

export interface TestServer {
  readonly app: App;
  readonly db: Database;
  readonly gateway: LocalCallingGateway;
  readonly base: string;
  /** fetch() as a signed-in development user. */
  call: ReturnType<typeof devCaller>;
  close(): Promise<void>;
}

export async function startTestServer(open: OpenTestDatabase, options: { clock?: Clock; env?: Record<string, string>; logger?: Logger; overrides?: Pick<AppOverrides, 'approverGroupMembers' | 'appInstaller'> } = {}): Promise<TestServer> {
  const db = await open();
  const config: Config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO_SNAPSHOT, SYNC_INTERVAL_MINUTES: '0', ...options.env });
  const gateway = createLocalCallingGateway(db);
  const app = await createApp(config, options.logger ?? silentLogger, { ...options.overrides, db, gateway, clock: options.clock, jobs: false });
  const address = await app.listen();
  const base = `http://127.0.0.1:${address.port}`;
  return {
    app,
    db,
    gateway,
    base,
    call: devCaller(base),
    async close() {
      await app.close();
      await db.close();
    },
  };
}
