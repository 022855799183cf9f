// @ts-check
/**
 * Assembles the Teams worker's Azure Functions app in appPackage/build/teams-worker/ for
 * teamsapp.yml's azureFunctions/zipDeploy:
 *
 *   host.json, profile.ps1                  from infra/teams-worker/
 *   TeamsWorker.Dispatch.ps1, .Reads.ps1,   from scripts/ (the same dispatch the stdio worker uses)
 *   TeamsWorker.Errors.ps1
 *   TeamsWorkerFunction/run.ps1, function.json
 *
 * The MicrosoftTeams module is added by the next deploy step (Save-Module into Modules/).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './package.mjs';
import console from 'node:console';
import process from 'node:process';

/** Files of the function app, by their place in it, and where each comes from in the repository. */
export const WORKER_FILES = /** @type {const} */ ({
  'host.json': 'infra/teams-worker/host.json',
  'profile.ps1': 'infra/teams-worker/profile.ps1',
  'TeamsWorker.Dispatch.ps1': 'scripts/TeamsWorker.Dispatch.ps1',
  'TeamsWorker.Reads.ps1': 'scripts/TeamsWorker.Reads.ps1',
  'TeamsWorker.Errors.ps1': 'scripts/TeamsWorker.Errors.ps1',
  'TeamsWorkerFunction/run.ps1': 'scripts/TeamsWorkerFunction/run.ps1',
  'TeamsWorkerFunction/function.json': 'scripts/TeamsWorkerFunction/function.json',
});

/**
 * Copies the function app's files into a fresh folder.
 * @param {{ root?: string, outDir?: string }} [options]
 * @returns {string[]} the files written, relative to the folder
 */
export function assembleTeamsWorker(options = {}) {
  const root = options.root ?? REPO_ROOT;
  const outDir = options.outDir ?? join(root, 'appPackage', 'build', 'teams-worker');
  const missing = Object.values(WORKER_FILES).filter((source) => !existsSync(join(root, source)));
  if (missing.length > 0) throw new Error(`The Teams worker cannot be assembled; missing: ${missing.join(', ')}`);
  rmSync(outDir, { recursive: true, force: true });
  for (const [target, source] of Object.entries(WORKER_FILES)) {
    const destination = join(outDir, target);
    mkdirSync(resolve(destination, '..'), { recursive: true });
    cpSync(join(root, source), destination);
  }
  return readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(outDir.length + 1).replaceAll('\\', '/'))
    .sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const files = assembleTeamsWorker();
  console.log(`Teams worker function app assembled in appPackage/build/teams-worker: ${files.join(', ')}`);
}
