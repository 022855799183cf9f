// @ts-check
/**
 * Where the pinned developer tools live and which are missing. `npm run setup:tools`
 * (scripts/setup-tools.mjs) installs them into .tools/ (git-ignored); tests and scripts import
 * this module to find them, and to skip a suite with a reason rather than silently.
 *
 * Layout under .tools/ (other code may rely on it):
 *   .tools/pwsh/pwsh                   PowerShell, the .NET tool `PowerShell`
 *   .tools/modules/Pester/Pester.psd1  Pester, flat (no version folder): `Import-Module ./.tools/modules/Pester`,
 *                                      or put .tools/modules on PSModulePath
 *   .tools/bicep/bicep                 the Bicep CLI
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The pinned versions: setup:tools installs exactly these and replaces any other. */
export const TOOL_VERSIONS = /** @type {const} */ ({ pwsh: '7.6.10', pester: '5.9.1', bicep: '0.49.2' });

/** The repository root (this file is in scripts/). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {string} [root] the repository root
 */
export function toolPaths(root = REPO_ROOT) {
  const tools = join(root, '.tools');
  return {
    tools,
    pwshDir: join(tools, 'pwsh'),
    pwsh: join(tools, 'pwsh', 'pwsh'),
    /** The folder to put on PSModulePath. */
    modules: join(tools, 'modules'),
    pesterDir: join(tools, 'modules', 'Pester'),
    pesterManifest: join(tools, 'modules', 'Pester', 'Pester.psd1'),
    bicepDir: join(tools, 'bicep'),
    bicep: join(tools, 'bicep', 'bicep'),
  };
}

/** @param {string} [root] @returns {string | null} the pwsh executable, or null when setup:tools has not run */
export function findPwsh(root) {
  const { pwsh } = toolPaths(root);
  return existsSync(pwsh) ? pwsh : null;
}

/** @param {string} [root] @returns {string | null} Pester's folder (Import-Module takes it), or null */
export function findPester(root) {
  const { pesterDir, pesterManifest } = toolPaths(root);
  return existsSync(pesterManifest) ? pesterDir : null;
}

/** @param {string} [root] @returns {string | null} the bicep executable, or null */
export function findBicep(root) {
  const { bicep } = toolPaths(root);
  return existsSync(bicep) ? bicep : null;
}

/**
 * The PowerShell version installed under .tools/pwsh, read from the tool store's folder names
 * (starting pwsh takes about a second; this takes none).
 * @param {string} [root] @returns {string | null}
 */
export function installedPwshVersion(root) {
  const { pwsh, pwshDir } = toolPaths(root);
  const store = join(pwshDir, '.store', 'powershell');
  if (!existsSync(pwsh) || !existsSync(store)) return null;
  const versions = readdirSync(store);
  return versions.length === 1 ? (versions[0] ?? null) : null;
}

/** @param {string} [root] @returns {string | null} ModuleVersion from Pester's manifest */
export function installedPesterVersion(root) {
  const { pesterManifest } = toolPaths(root);
  if (!existsSync(pesterManifest)) return null;
  const match = /^\s*ModuleVersion\s*=\s*'([^']+)'/m.exec(readFileSync(pesterManifest, 'utf8'));
  return match?.[1] ?? null;
}

/**
 * @typedef {{ tool: string, suite: string, path: string }} MissingTool
 * @param {string} [root]
 * @returns {MissingTool[]} the tools setup:tools has not installed, each with the tests that need it
 */
export function missingTools(root) {
  const paths = toolPaths(root);
  /** @type {MissingTool[]} */
  const missing = [];
  if (!findPwsh(root)) missing.push({ tool: 'pwsh', suite: 'Pester', path: paths.pwsh });
  else if (!findPester(root)) missing.push({ tool: 'Pester', suite: 'Pester', path: paths.pesterManifest });
  if (!findBicep(root)) missing.push({ tool: 'bicep', suite: 'Bicep lint', path: paths.bicep });
  return missing;
}

/**
 * One line naming the suites that cannot run and how to enable them, or null when nothing is missing.
 * @param {readonly MissingTool[]} missing
 */
export function missingToolsNotice(missing) {
  if (missing.length === 0) return null;
  const parts = missing.map((m) => `${m.suite} (no ${m.tool})`);
  return `Not run: ${parts.join(', ')}: run \`npm run setup:tools\` to enable them.`;
}
