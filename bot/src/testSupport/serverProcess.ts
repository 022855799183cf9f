/**
 * Test and benchmark support: the real server (`dist/main.js --dev`) in a process of its
 * own on a free loopback port, for tests of several instances and for load from outside.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

// The built server, whether this module runs from src (vitest) or from dist (benchmarks).
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcess {
  readonly base: string;
  readonly child: ChildProcess;
  /** From spawn to the server saying it is ready. */
  readonly readyMs: number;
}

/** Start the server with `env` over the defaults below; resolves once it prints its address. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, '--dev'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SYNC_INTERVAL_MINUTES: '0', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tab API:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ base: match[1]!, child, readyMs: performance.now() - started });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

/** Stop a server process and wait until it has exited. */
export function stopServerProcess(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Wait until the server's apply job has built the health index (/readyz says so); resolves with how long that took. */
export async function waitForHealthIndex(base: string, timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const ready = (await fetch(`${base}/readyz`).then((r) => r.json()).catch(() => undefined)) as { healthIndex?: string } | undefined;
    if (ready?.healthIndex === 'built') return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} did not build its health index within ${timeoutMs} ms`);
}
