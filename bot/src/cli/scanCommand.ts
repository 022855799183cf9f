import { parseArgs } from 'node:util';
import type { Finding, Severity } from '@cgm/core';
import { SEVERITIES, SEVERITY_RANK, attachFixes, createTenantLookup, scanTenant } from '@cgm/core';
import type { CliIo } from './cliIo.js';
import { EXIT_FAIL_ON, EXIT_OK, createProgress } from './cliIo.js';
import type { FindingsFormat } from './findingsFormat.js';
import { FINDINGS_FORMATS, formatFindings } from './findingsFormat.js';
import { loadSnapshot } from './loadSnapshot.js';
import { oneOf, singleFile } from './args.js';

export const SCAN_USAGE = `cgm scan FILE [--format table|json|markdown] [--min-severity info|warning|error] [--fail-on error|warning|info]
  Check a tenant snapshot against every rule of the findings catalog.
  --format        table (default, for a terminal), json (an array of findings), markdown
  --min-severity  leave out findings below this severity (default info: show all)
  --fail-on       exit 1 when a finding of this severity or worse is reported
  Exit codes: 0 scanned, 1 --fail-on matched, 2 unreadable or invalid input.`;

/** `cgm scan`: findings on stdout, problems on stderr, the exit code as documented in SCAN_USAGE. */
export async function scanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { format: { type: 'string', default: 'table' }, 'min-severity': { type: 'string', default: 'info' }, 'fail-on': { type: 'string' } },
  });
  const file = singleFile(positionals, SCAN_USAGE);
  const format = oneOf<FindingsFormat>('--format', values.format, FINDINGS_FORMATS);
  const minSeverity = oneOf<Severity>('--min-severity', values['min-severity'], SEVERITIES);
  const failOn = values['fail-on'] === undefined ? undefined : oneOf<Severity>('--fail-on', values['fail-on'], SEVERITIES);

  const progress = createProgress(io);
  const tenant = await loadSnapshot(io, file, progress);
  progress(`scanning ${tenant.users.length} users`);
  const lookup = createTenantLookup(tenant);
  const shown = scanTenant(lookup).filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[minSeverity]);
  progress(`planning fixes for ${shown.length} findings`);
  const findings: Finding[] = attachFixes(lookup, shown);
  io.stdout(formatFindings(format, findings, { source: file, tenantId: tenant.tenantId, capturedAt: tenant.capturedAt, users: tenant.users.length }));
  if (failOn !== undefined && findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn])) return EXIT_FAIL_ON;
  return EXIT_OK;
}

