import { parseArgs } from 'node:util';
import { generateTenant, toSnapshotDocument } from '@cgm/core';
import type { CliIo } from './cliIo.js';
import { CliInputError, EXIT_OK, createProgress } from './cliIo.js';
import { integerOption } from './args.js';

export const SYNTH_USAGE = `cgm synth --users N [--seed S] [--defect-rate R] [--out FILE]
  Write a deterministic synthetic tenant snapshot (for demos, load tests and benchmarks).
  --users        how many users, 1 to 500,000
  --seed         the random seed (default 1): the same seed gives the same tenant
  --defect-rate  0 to 1, the share of owners, sites and users given a deliberate defect (default 0.01)
  --out          write to FILE instead of stdout`;

export async function synthCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { users: { type: 'string' }, seed: { type: 'string', default: '1' }, 'defect-rate': { type: 'string', default: '0.01' }, out: { type: 'string' } },
  });
  if (positionals.length > 0) throw new CliInputError(`unexpected argument ${JSON.stringify(positionals[0])}\nusage: ${SYNTH_USAGE}`);
  const users = integerOption('--users', values.users, 1, 500_000);
  const seed = integerOption('--seed', values.seed, 0, 2 ** 32 - 1);
  const defectRate = Number(values['defect-rate']);
  if (!/^\d*\.?\d+$/.test(values['defect-rate'] ?? '') || defectRate > 1) {
    throw new CliInputError(`--defect-rate must be a number from 0 to 1 (got ${JSON.stringify(values['defect-rate'])})`);
  }
  const progress = createProgress(io);
  const tenant = generateTenant({ users, seed, defectRate });
  progress(`generated ${users} users, serialising`);
  const text = `${JSON.stringify(toSnapshotDocument(tenant))}\n`;
  if (values.out === undefined) io.stdout(text);
  else {
    await io.writeFile(values.out, text);
    io.stderr(`cgm: wrote ${users} users (${(text.length / 1e6).toFixed(1)} MB) to ${values.out}\n`);
  }
  return EXIT_OK;
}
