// @ts-check
/**
 * `npm run setup:tools`: installs the pinned PowerShell, Pester and Bicep CLI into .tools/ from
 * NuGet (the only registry besides npm and Debian our machines reach), so the Pester tests and
 * the Bicep lint run on every developer machine and in CI. Idempotent: a tool already there at
 * its pinned version is left alone, so a second run takes about a second. Each tool is built in
 * a staging folder and renamed into place, so an interrupted run never leaves a half tool that
 * a later run would take for a whole one. Exits non-zero, with one line per tool saying why,
 * when a tool cannot be installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import console from 'node:console';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, TOOL_VERSIONS, installedPesterVersion, installedPwshVersion, toolPaths } from './tools.mjs';

const paths = toolPaths(REPO_ROOT);
const DOTNET_ENV = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

class SetupError extends Error {}

/**
 * Runs a command; throws a SetupError carrying its last meaningful output line when it fails.
 * @param {string} command @param {string[]} args @param {string} [cwd]
 */
function run(command, args, cwd = REPO_ROOT) {
  const result = spawnSync(command, args, { cwd, env: DOTNET_ENV, encoding: 'utf8' });
  if (result.error) {
    const missing = /** @type {NodeJS.ErrnoException} */ (result.error).code === 'ENOENT';
    throw new SetupError(missing ? `\`${command}\` is not on PATH (install the .NET SDK)` : `${command} could not start (${result.error.message})`);
  }
  if (result.status !== 0) {
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
    const reason = lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? `exit code ${result.status}`;
    throw new SetupError(`\`${command} ${args.join(' ')}\` failed: ${reason}`);
  }
  return result.stdout;
}

/** Moves a freshly built folder over `target`, replacing whatever was there. @param {string} staged @param {string} target */
function replaceDir(staged, target) {
  rmSync(target, { recursive: true, force: true });
  renameSync(staged, target);
}

/** A staging folder inside .tools/, so the final rename stays on one file system. @param {string} name */
function stagingDir(name) {
  mkdirSync(paths.tools, { recursive: true });
  const dir = mkdtempSync(join(paths.tools, `.${name}-`));
  // mkdtemp makes the folder private (0700); the tools are for everyone who uses the checkout.
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Downloads a NuGet package with a throw-away project's PackageDownload item (the way to fetch a
 * package that is not a library reference) into a temporary packages folder.
 * @param {string} id @param {string} version exact
 * @returns {{ dir: string, content: string }} the temp folder (the caller removes it) and the package's content folder
 */
function restoreNuGet(id, version) {
  // The project targets the installed SDK's own framework, so restore needs no targeting pack from NuGet.
  const major = run('dotnet', ['--version']).trim().split('.')[0];
  const dir = mkdtempSync(join(tmpdir(), 'cgm-tools-'));
  writeFileSync(
    join(dir, 'tools.csproj'),
    [
      '<Project Sdk="Microsoft.NET.Sdk">',
      `  <PropertyGroup><TargetFramework>net${major}.0</TargetFramework></PropertyGroup>`,
      `  <ItemGroup><PackageDownload Include="${id}" Version="[${version}]" /></ItemGroup>`,
      '</Project>',
      '',
    ].join('\n'),
  );
  try {
    run('dotnet', ['restore', '--packages', join(dir, 'packages')], dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // NuGet lays packages out as <packages>/<lower-case id>/<version>/.
  return { dir, content: join(dir, 'packages', id.toLowerCase(), version) };
}

/** @returns {boolean} whether it installed anything */
function installPwsh() {
  if (installedPwshVersion(REPO_ROOT) === TOOL_VERSIONS.pwsh) return false;
  const staged = stagingDir('pwsh');
  try {
    // The version must be named: unpinned, the tool resolves 7.7.0, which fails to install here.
    run('dotnet', ['tool', 'install', 'PowerShell', '--version', TOOL_VERSIONS.pwsh, '--tool-path', staged]);
    // The tool's launcher finds its store by a relative path, so the folder can move.
    replaceDir(staged, paths.pwshDir);
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  return true;
}

function bicepVersion() {
  if (!existsSync(paths.bicep)) return null;
  const result = spawnSync(paths.bicep, ['--version'], { encoding: 'utf8' });
  return /version (\S+)/.exec(result.stdout ?? '')?.[1] ?? null;
}

/**
 * Restores one NuGet package and lets `place` copy what it needs into a staging folder, which
 * then replaces `target`.
 * @param {string} id @param {string} version @param {string} target
 * @param {(content: string, staged: string) => void} place
 */
function installFromNuGet(id, version, target, place) {
  const restored = restoreNuGet(id, version);
  try {
    const staged = stagingDir(id.toLowerCase());
    try {
      place(restored.content, staged);
      mkdirSync(dirname(target), { recursive: true });
      replaceDir(staged, target);
    } finally {
      rmSync(staged, { recursive: true, force: true });
    }
  } finally {
    rmSync(restored.dir, { recursive: true, force: true });
  }
}

/** @returns {boolean} whether it installed anything */
function installPester() {
  if (installedPesterVersion(REPO_ROOT) === TOOL_VERSIONS.pester) return false;
  installFromNuGet('Pester', TOOL_VERSIONS.pester, paths.pesterDir, (content, staged) => {
    // The NuGet package is the module folder under tools/ (beside Chocolatey's install script).
    cpSync(join(content, 'tools'), staged, { recursive: true });
    rmSync(join(staged, 'VERIFICATION.txt'), { force: true });
  });
  if (installedPesterVersion(REPO_ROOT) !== TOOL_VERSIONS.pester) throw new SetupError(`${shown(paths.pesterManifest)} does not declare ModuleVersion ${TOOL_VERSIONS.pester}`);
  return true;
}

/** @returns {boolean} whether it installed anything */
function installBicep() {
  if (bicepVersion() === TOOL_VERSIONS.bicep) return false;
  installFromNuGet('Azure.Bicep.CommandLine.linux-x64', TOOL_VERSIONS.bicep, paths.bicepDir, (content, staged) => {
    cpSync(join(content, 'tools', 'bicep'), join(staged, 'bicep'));
    // NuGet does not keep the executable bit.
    chmodSync(join(staged, 'bicep'), 0o755);
  });
  if (bicepVersion() !== TOOL_VERSIONS.bicep) throw new SetupError(`${shown(paths.bicep)} does not report version ${TOOL_VERSIONS.bicep}`);
  return true;
}

/** @param {string} path */
const shown = (path) => relative(process.cwd(), path) || '.';

function main() {
  const started = performance.now();
  /** @type {string[]} */
  const failures = [];
  const status = { pwsh: 'present', pester: 'present', bicep: 'present' };

  /** @type {[keyof typeof status, string, () => boolean][]} */
  const steps = [
    ['pwsh', `pwsh ${TOOL_VERSIONS.pwsh}`, installPwsh],
    ['pester', `Pester ${TOOL_VERSIONS.pester} from NuGet`, installPester],
    ['bicep', `Bicep CLI ${TOOL_VERSIONS.bicep} from NuGet`, installBicep],
  ];
  for (const [tool, what, install] of steps) {
    try {
      if (install()) status[tool] = 'installed';
    } catch (error) {
      failures.push(`setup:tools: could not install ${what}: ${message(error)}`);
    }
  }

  const rows = [
    { name: 'pwsh', version: TOOL_VERSIONS.pwsh, path: paths.pwsh, state: status.pwsh },
    { name: 'Pester', version: TOOL_VERSIONS.pester, path: paths.pesterManifest, state: status.pester },
    { name: 'bicep', version: TOOL_VERSIONS.bicep, path: paths.bicep, state: status.bicep },
  ];
  for (const { name, version, path, state } of rows) {
    if (existsSync(path)) console.log(`${name.padEnd(7)} ${version.padEnd(7)} ${shown(path)} (${state})`);
  }
  for (const failure of failures) console.error(failure);
  console.log(`setup:tools: ${failures.length === 0 ? 'done' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

/** @param {unknown} error */
function message(error) {
  if (error instanceof SetupError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

main();
