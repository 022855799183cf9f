// @ts-check
/**
 * `npm run test:ps`: runs the Pester tests of scripts/ (scripts/tests/*.Tests.ps1) with the pwsh
 * and Pester that `npm run setup:tools` installs, against the STAND-IN MicrosoftTeams module.
 * scripts/tests/pester.test.ts runs the same through vitest, so `npm test` includes them when
 * the tools are there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import console from 'node:console';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { REPO_ROOT, findPester, findPwsh } from '../tools.mjs';

const RUNNER = fileURLToPath(new URL('./Invoke-CgmPester.ps1', import.meta.url));

/**
 * Why the Pester tests cannot run here, or null when they can.
 * @returns {string | null}
 */
export function pesterUnavailable() {
  if (!findPwsh()) return 'pwsh is not installed in .tools/ (run npm run setup:tools)';
  if (!findPester()) return 'Pester is not installed in .tools/ (run npm run setup:tools)';
  return null;
}

/**
 * @typedef {{ passed: number, failed: number, skipped: number, total: number, durationMs: number, failures: { name: string, error: string }[] }} PesterSummary
 */

/**
 * Runs Pester in a pwsh child process and resolves to its summary.
 * @param {{ paths?: string[], verbosity?: 'None' | 'Normal' | 'Detailed', echo?: boolean }} [options]
 * @returns {Promise<PesterSummary & { exitCode: number | null, output: string }>}
 */
export async function runPester(options = {}) {
  const pwsh = findPwsh();
  const pester = findPester();
  if (!pwsh || !pester) throw new Error(`Pester cannot run: ${pesterUnavailable()}`);
  const dir = mkdtempSync(join(tmpdir(), 'cgm-pester-'));
  const summaryPath = join(dir, 'summary.json');
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', RUNNER, '-PesterPath', pester, '-SummaryPath', summaryPath, '-Verbosity', options.verbosity ?? 'Normal'];
  // pwsh -File binds one string per parameter: the runner splits the list at commas.
  if (options.paths?.length) args.push('-Path', options.paths.join(','));
  try {
    const child = spawn(pwsh, args, { cwd: REPO_ROOT, env: { ...process.env, CGM_PWSH: pwsh }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        output += chunk;
        if (options.echo) process.stdout.write(chunk);
      });
    }
    const exitCode = await new Promise((resolve) => child.once('close', resolve));
    /** @type {PesterSummary} */
    let summary;
    try {
      summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
    } catch (error) {
      throw new Error(`Pester wrote no summary (exit code ${exitCode}): ${output.slice(-2000)}`, { cause: error });
    }
    return { ...summary, failures: [...(summary.failures ?? [])], exitCode: /** @type {number | null} */ (exitCode), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = pesterUnavailable();
  if (reason) {
    console.error(`test:ps: ${reason}.`);
    process.exit(1);
  }
  const summary = await runPester({ paths: process.argv.slice(2), echo: true });
  console.log(`test:ps: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped in ${(summary.durationMs / 1000).toFixed(1)} s.`);
  process.exit(summary.exitCode === 0 && summary.failed === 0 ? 0 : 1);
}
