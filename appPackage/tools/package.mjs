// @ts-check
/**
 * Builds the Teams app package offline: `npm run package [-- --env local|dev]`.
 *
 * 1. Reads the variables of one environment: env/.env.<env>, then env/.env.<env>.user if it
 *    exists (Teams Toolkit keeps secrets and per-developer values there), then the process
 *    environment, each overriding the one before.
 * 2. Renders every `${{VAR}}` of appPackage/manifest.json; a variable that is missing or
 *    empty fails the build with the names of all of them.
 * 3. Validates the rendered manifest against the Teams JSON schema that
 *    @microsoft/app-manifest bundles (no network), and checks both icons' sizes.
 * 4. Writes appPackage/build/manifest.json and appPackage/build/appPackage.<env>.zip
 *    (manifest.json, color.png, outline.png; nothing else).
 *
 * The same placeholders are rendered by Teams Toolkit's teamsApp/zipAppPackage in
 * teamsapp.yml; this script is the offline equivalent and what CI runs.
 */
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { AppManifestUtils } from '@microsoft/app-manifest';
import console from 'node:console';
import process from 'node:process';

/** The repository root (appPackage/tools/ is two levels below it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `${{NAME}}`, as Teams Toolkit writes placeholders. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Environment names are file-name parts: env/.env.<name>. */
const ENV_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Variables whose empty value is a value: the production environment's name has no suffix. */
export const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

/** The icons a Teams app package holds, with the size Teams requires. */
export const ICONS = /** @type {const} */ ({ 'color.png': 192, 'outline.png': 32 });

export class PackageError extends Error {
  /** @param {string} message @param {string[]} [missing] names of missing variables, sorted */
  constructor(message, missing = []) {
    super(message);
    this.name = 'PackageError';
    this.missing = missing;
  }
}

/**
 * Every placeholder name in a template, once each, in order of first use.
 * @param {string} text
 * @returns {string[]}
 */
export function placeholdersIn(text) {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => /** @type {string} */ (match[1])))];
}

/**
 * Reads one dotenv file with Node's own parser; a missing optional file is an empty set.
 * @param {string} file
 * @param {boolean} required
 * @returns {Record<string, string>}
 */
export function readEnvFile(file, required) {
  if (!existsSync(file)) {
    if (required) throw new PackageError(`${file} does not exist: every environment needs its env file.`);
    return {};
  }
  return /** @type {Record<string, string>} */ (parseEnv(readFileSync(file, 'utf8')));
}

/**
 * The variables of one environment: env file, then its .user file, then the process environment.
 * @param {string} root the repository root
 * @param {string} envName
 * @param {Readonly<Record<string, string | undefined>>} processEnv
 * @returns {Record<string, string>}
 */
export function loadEnvironment(root, envName, processEnv) {
  if (!ENV_NAME.test(envName)) throw new PackageError(`--env must be a lower-case environment name such as local or dev (got ${JSON.stringify(envName)}).`);
  const base = join(root, 'env', `.env.${envName}`);
  /** @type {Record<string, string>} */
  const merged = { ...readEnvFile(base, true), ...readEnvFile(`${base}.user`, false) };
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Replaces every `${{VAR}}` in a JSON template. Values are escaped as JSON string content, so a
 * value can never change the document's structure. Fails with the name of every variable that
 * is missing, or empty where empty is not a value (MAY_BE_EMPTY).
 * @param {string} template
 * @param {Readonly<Record<string, string>>} variables
 * @param {string} what names the template in the error
 * @returns {string}
 */
export function renderJsonTemplate(template, variables, what) {
  const missing = placeholdersIn(template)
    .filter((name) => variables[name] === undefined || (variables[name] === '' && !MAY_BE_EMPTY.has(name)))
    .sort();
  if (missing.length > 0) {
    throw new PackageError(`${what} needs ${missing.length === 1 ? 'this variable' : 'these variables'}, missing or empty in the environment: ${missing.join(', ')}`, missing);
  }
  return template.replace(PLACEHOLDER, (_all, /** @type {string} */ name) => JSON.stringify(variables[name]).slice(1, -1));
}

/**
 * Width and height of a PNG, or an error naming the file.
 * @param {string} name
 * @param {Buffer} bytes
 * @returns {{ width: number, height: number }}
 */
export function pngSize(name, bytes) {
  try {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height };
  } catch (error) {
    throw new PackageError(`${name} is not a readable PNG: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Validates a rendered manifest against the bundled Teams schema named by its `$schema`.
 * @param {Record<string, unknown>} manifest
 * @returns {Promise<string[]>} the schema errors; empty when valid
 */
export async function validateManifest(manifest) {
  const schemaUrl = manifest['$schema'];
  if (typeof schemaUrl !== 'string' || !/^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/.test(schemaUrl)) {
    return [`$schema must name a Teams schema version that @microsoft/app-manifest bundles (got ${JSON.stringify(schemaUrl)})`];
  }
  // The schema is read from the package's bundled copy for every v1.x URL; no network is used.
  return AppManifestUtils.validateAgainstSchema(/** @type {any} */ (manifest));
}

/**
 * @typedef {object} PackageResult
 * @property {string} envName
 * @property {string} manifestPath
 * @property {string} zipPath
 * @property {Record<string, unknown>} manifest
 * @property {string[]} entries the zip's file names
 */

/**
 * Renders, validates and zips the app package for one environment.
 * @param {{ root?: string, envName?: string, processEnv?: Readonly<Record<string, string | undefined>>, outDir?: string }} [options]
 * @returns {Promise<PackageResult>}
 */
export async function buildAppPackage(options = {}) {
  const root = options.root ?? REPO_ROOT;
  const envName = options.envName ?? 'local';
  const appPackage = join(root, 'appPackage');
  const outDir = options.outDir ?? join(appPackage, 'build');
  const variables = loadEnvironment(root, envName, options.processEnv ?? process.env);

  const rendered = renderJsonTemplate(readFileSync(join(appPackage, 'manifest.json'), 'utf8'), variables, 'appPackage/manifest.json');
  /** @type {Record<string, unknown>} */
  let manifest;
  try {
    manifest = JSON.parse(rendered);
  } catch (error) {
    throw new PackageError(`appPackage/manifest.json is not valid JSON after rendering: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The tab and the bot usually share one host (one App Service); a domain listed twice is noise.
  if (Array.isArray(manifest['validDomains'])) manifest['validDomains'] = [...new Set(manifest['validDomains'])];
  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new PackageError(`The rendered manifest does not match the Teams schema ${String(manifest['$schema'])}:\n  ${errors.join('\n  ')}`);
  }

  /** @type {Record<string, Uint8Array>} */
  const files = { 'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') };
  for (const [name, size] of Object.entries(ICONS)) {
    const file = join(appPackage, name);
    if (!existsSync(file)) throw new PackageError(`appPackage/${name} is missing: run npm run icons.`);
    const bytes = readFileSync(file);
    const actual = pngSize(name, bytes);
    if (actual.width !== size || actual.height !== size) {
      throw new PackageError(`appPackage/${name} must be ${size}×${size} pixels (it is ${actual.width}×${actual.height}).`);
    }
    files[name] = bytes;
  }

  mkdirSync(outDir, { recursive: true });
  const manifestPath = join(outDir, 'manifest.json');
  const zipPath = join(outDir, `appPackage.${envName}.zip`);
  writeFileSync(manifestPath, files['manifest.json'] ?? '');
  // A fixed timestamp makes the same inputs give the same bytes.
  const mtime = new Date('2026-01-01T00:00:00Z');
  writeFileSync(zipPath, zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime }]]))));
  return { envName, manifestPath, zipPath, manifest, entries: Object.keys(files) };
}

/**
 * The command line: `node appPackage/tools/package.mjs [--env local|dev]`.
 * @param {string[]} argv
 * @returns {Promise<number>} the exit code
 */
export async function main(argv) {
  let envName;
  try {
    const { values } = parseArgs({ args: argv, options: { env: { type: 'string', default: 'local' } }, strict: true, allowPositionals: false });
    envName = values.env;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run package [-- --env local|dev]`);
    return 2;
  }
  try {
    const result = await buildAppPackage({ envName });
    console.log(`Teams app package for "${result.envName}": ${result.zipPath} (${result.entries.join(', ')}); manifest ${result.manifestPath} matches ${String(result.manifest['$schema'])}.`);
    return 0;
  } catch (error) {
    if (error instanceof PackageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
