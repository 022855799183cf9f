import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { freePort } from '../support/ports.js';

/**
 * The Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`), the Teams stand-in
 * for bots, as a child process: it reads `.m365agentsplayground.yml`, posts Teams-shaped
 * activities to the bot, takes the bot's replies on its own Bot Connector
 * (`http://localhost:<port>/_connector`) and serves a web UI that renders Adaptive Cards.
 */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PLAYGROUND_CONFIG = fileURLToPath(new URL('../../.m365agentsplayground.yml', import.meta.url));
/** The package's own launcher, run directly (not through npx) so that the child's PID is the Playground's. */
const PLAYGROUND_BIN = fileURLToPath(new URL('../../node_modules/.bin/agentsplayground', import.meta.url));

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

const playgroundUser = z.object({ id: z.string().min(1), name: z.string(), aadObjectId: z.string().min(1), email: z.string() });

/** `GET /_internal/v1/config`: the configuration the Playground actually loaded. */
export const playgroundConfigResponse = z.object({
  config: z.object({
    tenantId: z.string().min(1),
    bot: z.object({ id: z.string().min(1), name: z.string().min(1) }),
    currentUser: playgroundUser,
    users: z.array(playgroundUser),
    personalChat: z.object({ id: z.string().min(1) }),
  }),
  internalConfig: z.object({ channelId: z.string() }),
});
export type PlaygroundConfig = z.infer<typeof playgroundConfigResponse>['config'];

export interface Playground {
  /** `http://127.0.0.1:<port>`: the web UI and the headless API. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly config: PlaygroundConfig;
  /** Everything the Playground printed, for a failing test's artifacts. */
  output(): string;
  /** Stops this process (SIGTERM, then SIGKILL if it does not exit); safe to call twice. */
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  readonly botEndpoint: string;
  /** Where the Playground writes its log (by default it would create `./devTools/` in the working folder). */
  readonly logFile: string;
  readonly configFile?: string;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the port the Playground reports (`Listening on <port>`): it silently moves when the one asked for is taken. */
function waitForListening(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`The Agents Playground did not start listening within ${STARTUP_TIMEOUT_MS / 1000} s. Its output:\n${output()}`)), STARTUP_TIMEOUT_MS);
    const onData = () => {
      const match = /Listening on (\d+)/.exec(output());
      if (match) finish(undefined, Number(match[1]));
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`The Agents Playground exited (${signal ?? `code ${code}`}) before listening. Its output:\n${output()}`));
    const onError = (error: Error) => finish(error);
    function finish(error: Error | undefined, port = 0) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve(port);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/**
 * Starts the Playground on a free port against the bot, waits until it listens and serves the
 * configuration from our file, and returns how to reach and stop it. Telemetry is off (`--dt`)
 * and it opens no browser (`TEAMSAPPTESTER_BROWSER=none`).
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const requested = await freePort();
  const child = spawn(PLAYGROUND_BIN, ['-e', options.botEndpoint, '-c', 'msteams', '--dt', '-p', String(requested)], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configFile ?? PLAYGROUND_CONFIG,
      M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const append = (chunk: Buffer) => void (printed += chunk.toString('utf8'));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const output = () => printed;
  try {
    const pid = child.pid;
    // spawn() reports a missing or unrunnable launcher as an 'error' event; waitForListening turns it into the failure.
    const port = await waitForListening(child, output);
    if (pid === undefined) throw new Error('The Agents Playground did not start (no process id).');
    const url = `http://127.0.0.1:${port}`;
    const response = await fetch(`${url}/_internal/v1/config`);
    if (!response.ok) throw new Error(`The Agents Playground on port ${port} answered ${response.status} for its configuration.`);
    const parsed = playgroundConfigResponse.safeParse(await response.json());
    if (!parsed.success) throw new Error(`The Agents Playground's configuration is not what we wrote: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    return {
      url,
      port,
      pid,
      config: parsed.data.config,
      output,
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
