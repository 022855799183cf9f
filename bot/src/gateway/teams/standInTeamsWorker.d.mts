/** Types of the test-only stand-in worker (standInTeamsWorker.mjs), for the tests that host it over HTTP. */
import type { WorkerResponse } from './protocol.js';

/** What the host must do with one request: answer it, or misbehave as a broken worker would. */
export type StandInOutcome = { readonly kind: 'respond'; readonly response: WorkerResponse } | { readonly kind: 'crash' | 'hang' | 'garbage' };

export interface StandInWorker {
  handle(request: unknown): Promise<StandInOutcome>;
}

export function createStandInWorker(options?: { log?: (line: string) => void }): StandInWorker;
