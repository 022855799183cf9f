import type { Tenant } from '@cgm/core';
import { formatProblem, parseSnapshotText } from '@cgm/core';
import type { CliIo } from './cliIo.js';
import { CliInputError } from './cliIo.js';

/** Read and validate a tenant snapshot; any problem becomes a path-precise CliInputError. */
export async function loadSnapshot(io: CliIo, file: string, progress: (stage: string) => void): Promise<Tenant> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliInputError(`${file}: cannot read: ${reason}`, { cause: error });
  }
  progress(`read ${(text.length / 1e6).toFixed(1)} MB, validating`);
  const parsed = parseSnapshotText(text);
  if (!parsed.ok) {
    const lines = parsed.problems.map((problem) => `${file}: ${formatProblem(problem)}`);
    throw new CliInputError(`${file} is not a valid cgm.tenant-snapshot v1 file; nothing was scanned:\n${lines.join('\n')}`);
  }
  return parsed.value;
}
