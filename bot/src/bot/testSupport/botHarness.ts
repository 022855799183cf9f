import { TestAdapter } from 'botbuilder';
import { afterAll, beforeAll } from 'vitest';
import type { TestServer } from '../../server/testServer.js';
import { startTestServer } from '../../server/testServer.js';
import type { OpenTestDatabase } from '../../store/testDatabase.js';
import type { TeamsConnector } from './teamsConnector.js';
import { startTeamsConnector } from './teamsConnector.js';

/**
 * The set-up the bot's handler tests share: a test server over one of `testBackends()` and the
 * local stand-in Teams connector that cards sent in the background (approvals, notices) go to,
 * started before the block's tests and closed after them, and the handler driven turn by turn.
 */

/** An answer the handler gave to one activity: the invoke's response, and the cards it replied with. */
export interface TurnAnswer {
  invoke?: { status: number; body: any };
  replies: any[];
}

/** Drives the real activity handler with botbuilder's TestAdapter and returns what it answered. */
export async function runActivity(server: TestServer, activity: Record<string, unknown>): Promise<TurnAnswer> {
  const adapter = new TestAdapter();
  await adapter.processActivity(activity, (context) => server.app.bot.handler.run(context));
  const sent = adapter.activeQueue.splice(0);
  const invoke = sent.find((a) => a.type === 'invokeResponse')?.value as { status: number; body: any } | undefined;
  return { ...(invoke ? { invoke } : {}), replies: sent.filter((a) => a.type === 'message').map((a) => a.attachments?.[0]?.content) };
}

export interface BotHarness {
  readonly server: TestServer;
  readonly connector: TeamsConnector;
}

/** Registers the block's beforeAll and afterAll: the connector and a server with `options` (approvers, clock). */
export function useBotHarness(open: OpenTestDatabase, options: Parameters<typeof startTestServer>[1] = {}): BotHarness {
  let server: TestServer | undefined;
  let connector: TeamsConnector | undefined;
  beforeAll(async () => {
    connector = await startTeamsConnector();
    server = await startTestServer(open, options);
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('The bot harness has no server: its beforeAll failed or has not run.');
      return server;
    },
    get connector() {
      if (!connector) throw new Error('The bot harness has no connector: its beforeAll failed or has not run.');
      return connector;
    },
  };
}
