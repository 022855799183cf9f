/**
 * What a CLI command may touch, passed in so that tests run commands in-process
 * with captured output and a fake clock, and `main.ts` wires the real process.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => Promise<string>;
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** Milliseconds, monotonic; used for the progress line on long work. */
  readonly now: () => number;
  /** The environment: `import` and `sync` read the server's configuration from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of `cgm`: 0 ran, 1 `--fail-on` matched, 2 unusable input or arguments. */
export const EXIT_OK = 0;
export const EXIT_FAIL_ON = 1;
export const EXIT_BAD_INPUT = 2;

/** A usage or input error: printed on stderr with exit code 2, nothing on stdout. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/**
 * Reports progress on stderr only once work has taken more than a second, so quick
 * scans stay quiet and a 100,000-user file shows it is alive.
 */
export function createProgress(io: CliIo, quietForMs = 1000): (stage: string) => void {
  const started = io.now();
  return (stage) => {
    const elapsed = io.now() - started;
    if (elapsed >= quietForMs) io.stderr(`cgm: ${stage} (${(elapsed / 1000).toFixed(1)} s)\n`);
  };
}
