import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkerOp, WorkerRequest, WorkerResponse } from './protocol.js';
import { decodeResponse, DEFAULT_TIMEOUTS_MS, encodeRequest, transientFailure } from './protocol.js';
import type { WorkerLogger, WorkerTransport } from './workerTransport.js';

export interface StdioTransportOptions {
  /** The program, e.g. `pwsh`. */
  readonly command: string;
  /** e.g. `['-NoLogo', '-NoProfile', '-NonInteractive', '-File', 'scripts/TeamsWorker.ps1']`. */
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** The worker's environment (TEAMS_TENANT_ID, TEAMS_APP_ID, TEAMS_CERT_THUMBPRINT); defaults to ours. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger: WorkerLogger;
  /** Per-operation timeouts; a request that outlives its timeout fails and the worker is restarted. */
  readonly timeoutsMs?: Partial<Record<WorkerOp, number>>;
  /**
   * Requests handed to the worker at once (default 1). The PowerShell worker answers one
   * at a time, so more would only wait inside it, with their timeouts running.
   */
  readonly maxInFlight?: number;
  /** Wait before the first restart after a failure; doubles with each failure in a row. Default 500 ms. */
  readonly restartInitialMs?: number;
  /** Cap of that wait. Default 30 s. */
  readonly restartMaxMs?: number;
  /** How long `close()` lets the worker exit after stdin ends before killing it. Default 5 s. */
  readonly closeGraceMs?: number;
  /** Injected by tests to observe the backoff without waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  readonly request: WorkerRequest;
  readonly line: string;
  readonly resolve: (response: WorkerResponse) => void;
  timer?: NodeJS.Timeout;
}

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly inFlight: Map<string, Pending>;
  readonly exited: Promise<void>;
  retired: boolean;
}

/**
 * The worker as a child process. Requests go to its stdin and responses come back on
 * its stdout, matched by id; its stderr goes to the logger. A worker that times out, exits
 * or prints something that is not a response cannot be trusted with the next request: it
 * is killed, the requests it held fail as `transient` (writes are whole settings groups,
 * so the caller may repeat them), and the next request starts a new one after an
 * exponential backoff, so a worker that dies at start does not spin.
 */
export function createStdioTransport(options: StdioTransportOptions): WorkerTransport {
  const { logger } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
  const maxInFlight = options.maxInFlight ?? 1;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const queue: Pending[] = [];
  const known = new Set<string>();
  let worker: Worker | undefined;
  let failuresInARow = 0;
  let pumping = false;
  let closed = false;

  function settle(pending: Pending, response: WorkerResponse): void {
    clearTimeout(pending.timer);
    known.delete(pending.request.id);
    pending.resolve(response);
  }

  /** Take a worker out of service: kill it and fail what it held. */
  function retire(current: Worker, reason: string): void {
    if (current.retired) return;
    current.retired = true;
    if (current.child.exitCode === null && current.child.signalCode === null) current.child.kill('SIGKILL');
    for (const pending of current.inFlight.values()) settle(pending, transientFailure(pending.request.id, reason));
    current.inFlight.clear();
    if (closed) return;
    failuresInARow += 1;
    logger.warn(`Teams worker stopped: ${reason}`);
    void pump();
  }

  function onLine(current: Worker, line: string): void {
    if (current.retired || line.trim() === '') return;
    const response = decodeResponse(line);
    if (!response) {
      retire(current, `the worker printed something that is not a protocol response: ${JSON.stringify(line.slice(0, 200))}`);
      return;
    }
    const pending = current.inFlight.get(response.id);
    if (!pending) {
      logger.warn(`Teams worker answered a request that is not in flight (id ${JSON.stringify(response.id)}); ignored.`);
      return;
    }
    current.inFlight.delete(response.id);
    failuresInARow = 0;
    settle(pending, response);
    void pump();
  }

  function start(): Worker {
    const child = spawn(options.command, [...(options.args ?? [])], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const current: Worker = { child, inFlight: new Map(), exited, retired: false };
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => onLine(current, line));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => logger.info(`teams worker: ${line}`));
    child.once('exit', (code, signal) => retire(current, `the worker exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`));
    child.once('error', (error) => retire(current, `the worker could not be run: ${error.message}`));
    // A write to a worker that just died fails with EPIPE: take it out of service (its exit event follows).
    child.stdin.on('error', (error) => retire(current, `writing to the worker failed: ${error.message}`));
    logger.info(`Teams worker started (pid ${child.pid ?? 'none'}).`);
    return current;
  }

  /** The live worker, or a new one after the backoff; undefined when the transport closed meanwhile. */
  async function ensureWorker(): Promise<Worker | undefined> {
    if (worker && !worker.retired) return worker;
    if (failuresInARow > 0) {
      const wait = Math.min((options.restartInitialMs ?? 500) * 2 ** (failuresInARow - 1), options.restartMaxMs ?? 30_000);
      logger.warn(`Restarting the Teams worker in ${wait} ms (${failuresInARow} failure(s) in a row).`);
      await sleep(wait);
      if (closed) return undefined;
    }
    worker = start();
    return worker;
  }

  function dispatch(current: Worker, pending: Pending): void {
    current.inFlight.set(pending.request.id, pending);
    const timeoutMs = timeouts[pending.request.op];
    pending.timer = setTimeout(() => retire(current, `no answer to ${pending.request.op} within ${timeoutMs} ms, so the worker was presumed stuck`), timeoutMs);
    current.child.stdin.write(`${pending.line}\n`);
  }

  /** Hand queued requests to a live worker, starting one when needed; re-entered after every answer or failure. */
  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0 && !closed) {
        const current = await ensureWorker();
        if (!current || current.retired) continue;
        if (current.inFlight.size >= maxInFlight) break;
        const next = queue.shift();
        if (next) dispatch(current, next);
      }
    } finally {
      pumping = false;
    }
  }

  return {
    send(request) {
      if (known.has(request.id)) throw new Error(`Duplicate worker request id ${request.id}`);
      const line = encodeRequest(request);
      if (closed) return Promise.resolve(transientFailure(request.id, 'The Teams worker transport is closed.'));
      known.add(request.id);
      return new Promise<WorkerResponse>((resolve) => {
        queue.push({ request, line, resolve });
        void pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) settle(pending, transientFailure(pending.request.id, 'The Teams worker transport is closed.'));
      const current = worker;
      if (!current) return;
      for (const pending of current.inFlight.values()) settle(pending, transientFailure(pending.request.id, 'The Teams worker transport is closed.'));
      current.inFlight.clear();
      if (!current.retired) {
        current.retired = true;
        // End of input is the worker's signal to disconnect and exit; a stuck one is killed.
        current.child.stdin.end();
        const grace = setTimeout(() => current.child.kill('SIGKILL'), options.closeGraceMs ?? 5_000);
        await current.exited;
        clearTimeout(grace);
      }
      await current.exited;
    },
  };
}
