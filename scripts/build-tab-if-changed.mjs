#!/usr/bin/env node
/**
 * Builds the tab with Vite only when something it is built from changed since tab/dist was
 * written. `tsc -b` already skips unchanged TypeScript projects; Vite has no such check and
 * takes about twenty seconds on our machines, so without this every `npm start` waited for a
 * rebuild of an unchanged tab. A fresh clone (no tab/dist) still builds on the first start.
 *
 * Usage: node scripts/build-tab-if-changed.mjs [--force]
 */
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the tab bundle is built from: its sources, core's sources (imported as TypeScript), and the dependency set. */
export const INPUTS = ['tab/src', 'tab/index.html', 'tab/vite.config.ts', 'tab/tsconfig.json', 'tab/package.json', 'core/src', 'package-lock.json'];

/**
 * The newest modification time under a file or folder, in milliseconds; 0 when it does not exist.
 * @param {string} path
 * @returns {number}
 */
function newestUnder(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return 0;
    throw error;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file shows only as a newer folder
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestUnder(join(path, entry)));
  return newest;
}

/**
 * Why the tab must be built, or undefined when tab/dist is newer than every input.
 * @param {{ root?: string, force?: boolean }} [options]
 * @returns {string | undefined}
 */
export function staleReason({ root = REPO_ROOT, force = false } = {}) {
  if (force) return 'asked with --force';
  // Vite writes index.html last, after emptying the folder: a build that failed halfway leaves none.
  const builtAt = newestUnder(join(root, 'tab', 'dist', 'index.html'));
  if (builtAt === 0) return 'tab/dist does not exist yet';
  const changed = INPUTS.find((input) => newestUnder(join(root, input)) > builtAt);
  return changed === undefined ? undefined : `${changed} changed since the last build`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = staleReason({ force: process.argv.includes('--force') });
  if (reason === undefined) {
    process.exit(0);
  }
  console.log(`Building the tab: ${reason}.`);
  const result = spawnSync('npm', ['run', 'build', '-w', 'tab', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
