import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { createConsoleLogger } from '../server/logger.js';
import { openServices } from '../server/services.js';
import type { CliIo } from './cliIo.js';
import { CliInputError, EXIT_OK, createProgress } from './cliIo.js';
import { singleFile } from './args.js';
import { loadSnapshot } from './loadSnapshot.js';
import { ServiceError } from '../services/serviceError.js';
import type { SyncStatus } from '../services/syncService.js';

export const IMPORT_USAGE = `cgm import FILE
  Replace the server's local tenant with a snapshot (and, with GATEWAY=local, the embedded Teams too),
  then rescan its health. Uses the server's configuration: DATABASE_URL, or PGlite in DATA_DIR (./.data).`;

export const SYNC_USAGE = `cgm sync [--user PERSON | --status]
  Re-read the tenant through the calling gateway once, store it, record drift (changes made directly in
  Teams) and update health findings. Skipped when another instance is syncing.
  --user PERSON  check one person now (UPN, SIP address or object id): they jump the read queue, and a
                 change made directly in Teams shows up as drift at once.
  --status       where the continuous pass stands, the tiers and how often each is read at
                 SYNC_READS_PER_SECOND.`;

/** The server's services for a one-off command, configured from the environment as the server is. */
async function withServices<TValue>(io: CliIo, fn: (services: Awaited<ReturnType<typeof openServices>>) => Promise<TValue>): Promise<TValue> {
  let config;
  try {
    config = readConfig({ AUTH_MODE: 'dev', ...io.env });
  } catch (error) {
    throw new CliInputError((error as Error).message, { cause: error });
  }
  const opened = await openServices(config, createConsoleLogger(io.stderr));
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}

export async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const file = singleFile(args, IMPORT_USAGE);
  const tenant = await loadSnapshot(io, file, createProgress(io));
  await withServices(io, async ({ importTenant }) => {
    await importTenant(tenant, false);
  });
  io.stdout(`Imported ${tenant.users.length} users of tenant ${tenant.tenantId} from ${file}; health rescanned.\n`);
  return EXIT_OK;
}

/** `cgm sync --status`: the pass, the tiers and their periods, in words an admin reads. */
function statusText(status: SyncStatus): string {
  const { pass, plan } = status;
  const minutes = (seconds: number) => `${(seconds / 60).toFixed(seconds < 600 ? 1 : 0)} min`;
  return [
    `Pass ${pass.pass}: ${pass.read} of ${pass.users} users read since ${pass.startedAt.toISOString()}${pass.lastPassSeconds === null ? '' : ` (the last pass took ${minutes(pass.lastPassSeconds)})`}.`,
    `Budget ${plan.readsPerSecond} reads/s: a full pass takes about ${minutes(plan.passSeconds)} (the floor, every user once at the full budget, is ${minutes(plan.floorSeconds)}).`,
    `Hot tier: ${plan.hotUsers} users (relationships, recent requests, changed directory entries), ${Math.round(plan.hotShare * 100)}% of the budget, each re-read every ${minutes(plan.hotPeriodSeconds)}.`,
    `Directory last read ${pass.directoryReadAt?.toISOString() ?? 'never'}.`,
  ].join('\n') + '\n';
}

export async function syncCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { user: { type: 'string' }, status: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length > 0 || (values.user !== undefined && values.status)) throw new CliInputError(`cgm sync takes --user PERSON or --status, not both, and nothing else\nusage: ${SYNC_USAGE}`);
  if (values.user !== undefined) {
    const person = values.user.trim();
    if (person === '') throw new CliInputError(`--user needs a person (UPN, SIP address or object id)\nusage: ${SYNC_USAGE}`);
    const checked = await withServices(io, ({ services }) => services.sync.checkUser(person)).catch((error: unknown) => {
      // Someone the synced tenant does not know is a typo to report, not a crash.
      if (error instanceof ServiceError && error.code === 'not-found') throw new CliInputError(`--user: ${error.message}`, { cause: error });
      throw error;
    });
    if (checked.queued) io.stdout(`${checked.sip} is being read by another instance right now; they were moved to the front of the queue.\n`);
    else io.stdout(`Checked ${checked.sip}: ${checked.settingsChanged ? 'settings changed' : 'no change'}, ${checked.drift.length} drift records${checked.drift.length > 0 ? ` (${checked.drift.map((d) => d.settingsGroup).join(', ')})` : ''}.\n`);
    return EXIT_OK;
  }
  if (values.status) {
    io.stdout(statusText(await withServices(io, ({ services }) => services.sync.status())));
    return EXIT_OK;
  }
  const result = await withServices(io, ({ services }) => services.sync.runOnce());
  if (!result.ran) io.stdout('Another instance is syncing right now; nothing was done.\n');
  else {
    io.stdout(
      `Synced ${result.users} users: ${result.settingsChanged} with changed settings, ${result.drift.length} drift records, ` +
        `${result.findingsAdded} new and ${result.findingsResolved} resolved findings.\n`,
    );
  }
  return EXIT_OK;
}
