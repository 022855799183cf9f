import type { CliIo } from './cliIo.js';
import { CliInputError, EXIT_BAD_INPUT, EXIT_OK } from './cliIo.js';
import { FIX_PLAN_USAGE, fixPlanCommand } from './fixPlanCommand.js';
import { SCAN_USAGE, scanCommand } from './scanCommand.js';
import { SYNTH_USAGE, synthCommand } from './synthCommand.js';
import { IMPORT_USAGE, SYNC_USAGE, importCommand, syncCommand } from './tenantCommands.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  scan: { run: scanCommand, usage: SCAN_USAGE },
  'fix-plan': { run: fixPlanCommand, usage: FIX_PLAN_USAGE },
  synth: { run: synthCommand, usage: SYNTH_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
  sync: { run: syncCommand, usage: SYNC_USAGE },
};

export const HELP = `cgm: Call Group Manager's command-line tool for Teams Phone call groups, delegation and Shared Calling.

${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join('\n\n')}

A snapshot is a cgm.tenant-snapshot v1 file: the calling configuration of a tenant as the Teams cmdlets print it
(see docs/tenant-snapshot.md). Try: npx cgm scan bot/data/demo-tenant.json
`;

/** Run one `cgm` invocation and return its exit code; never throws for a user's mistake. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`cgm: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}. Run cgm --help.\n`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // parseArgs reports unknown options and missing values with a code of its own.
    const isArgsError = typeof (error as { code?: unknown }).code === 'string' && String((error as { code: string }).code).startsWith('ERR_PARSE_ARGS');
    if (error instanceof CliInputError || isArgsError) {
      io.stderr(`cgm ${name}: ${(error as Error).message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
