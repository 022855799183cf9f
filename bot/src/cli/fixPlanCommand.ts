import { parseArgs } from 'node:util';
import { createTenantLookup, renderFixScript, scanTenant } from '@cgm/core';
import type { CliIo } from './cliIo.js';
import { CliInputError, EXIT_OK, createProgress } from './cliIo.js';
import { singleFile } from './args.js';
import { loadSnapshot } from './loadSnapshot.js';

export const FIX_PLAN_USAGE = `cgm fix-plan FILE [--code CODE]...
  Print the PowerShell that fixes the findings of a tenant snapshot, a comment per step saying why.
  --code  only findings with this code (repeatable, e.g. --code CG01 --code CG07); default: every fixable finding
  Run the script in a session connected with Connect-MicrosoftTeams.`;

/** `cgm fix-plan`: the clean-up script on stdout. Unknown codes are an input error, so a typo never prints an empty plan. */
export async function fixPlanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { code: { type: 'string', multiple: true } } });
  const file = singleFile(positionals, FIX_PLAN_USAGE);
  const codes = (values.code ?? []).map((code) => code.trim().toUpperCase());
  const badCode = codes.find((code) => !/^(CG|DL|SC)\d{2}$/.test(code));
  if (badCode !== undefined) throw new CliInputError(`--code ${JSON.stringify(badCode)} is not a finding code such as CG01, DL02 or SC20`);

  const progress = createProgress(io);
  const tenant = await loadSnapshot(io, file, progress);
  const lookup = createTenantLookup(tenant);
  const findings = scanTenant(lookup).filter((f) => codes.length === 0 || codes.includes(f.code));
  progress(`planning ${findings.length} findings`);
  io.stdout(renderFixScript(lookup, findings));
  return EXIT_OK;
}
