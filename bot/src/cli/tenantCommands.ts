import { readConfig } from '../config.js';
import { createConsoleLogger } from '../server/logger.js';
import { openServices } from '../server/services.js';
import type { CliIo } from './cliIo.js';
import { CliInputError, EXIT_OK, createProgress } from './cliIo.js';
import { singleFile } from './args.js';
import { loadSnapshot } from './loadSnapshot.js';

export const IMPORT_USAGE = `cgm import FILE
  Replace the server's local tenant with a snapshot (and, with GATEWAY=local, the embedded Teams too),
  then rescan its health. Uses the server's configuration: DATABASE_URL, or PGlite in DATA_DIR (./.data).`;

export const SYNC_USAGE = `cgm sync
  Re-read the tenant through the calling gateway once, store it, record drift (changes made directly in
  Teams) and update health findings. Skipped when another instance is syncing.`;

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

export async function syncCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new CliInputError(`cgm sync takes no arguments\nusage: ${SYNC_USAGE}`);
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
