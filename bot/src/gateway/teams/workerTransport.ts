import type { WorkerRequest, WorkerResponse } from './protocol.js';

/**
 * How the Teams gateway reaches the PowerShell worker: a child process over stdio
 * (`stdioTransport.ts`) or an Azure Functions URL over HTTPS (`httpsTransport.ts`).
 * Both speak protocol.ts and are tested by the same suite.
 */
export interface WorkerTransport {
  /**
   * Send one request and resolve with its response. Failures of the worker or of the
   * way to it (a timeout, a crash, a network error, an answer that is not a protocol
   * response) resolve as `transient` responses, so callers meet one kind of outcome;
   * `send` throws only for a caller's bug (an invalid request, a duplicate id).
   */
  send(request: WorkerRequest): Promise<WorkerResponse>;
  /** Stop the worker (or abort the calls in flight); later sends resolve as `transient`. */
  close(): Promise<void>;
}

/** Where a transport reports the worker's own log lines (stderr) and its lifecycle (start, stop, restart). */
export interface WorkerLogger {
  info(message: string): void;
  warn(message: string): void;
}
