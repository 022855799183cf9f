import type { Logger } from './logger.js';

/** A periodic job that never overlaps itself and can be woken early (e.g. the apply worker after an approval). */
export interface Job {
  /** Run now (or right after the current run) instead of waiting for the next tick. */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * A job built before it starts, so that the use cases which wake it (an approval wakes the apply
 * job) are given it when they are built; a kick before `start` waits for the first run.
 */
export function createJob(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): Job & { start(): void } {
  let started: Job | undefined;
  return {
    start() {
      started ??= startJob(name, intervalMs, task, logger);
      started.kick();
    },
    kick: () => started?.kick(),
    stop: async () => started?.stop(),
  };
}

/**
 * Runs `task` every `intervalMs` while the server runs. Errors are logged, never thrown:
 * one failing run must not stop the next.
 */
export function startJob(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): Job {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = task()
      .then(() => undefined)
      .catch((error: unknown) => logger.error(`${name} failed`, error))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else timer = setTimeout(run, intervalMs);
      });
  };
  timer = setTimeout(run, intervalMs);
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
