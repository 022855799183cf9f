// @ts-check
/**
 * The Bicep compiler over infra/: `npm run lint:infra` (this file run directly) and the tests
 * (infra/infra.test.ts, appPackage/tools/consistency.test.ts) use the same functions, so what CI
 * asserts is what a developer runs. The compiler comes from `npm run setup:tools`
 * (.tools/bicep/bicep, the version teamsapp.yml's arm/deploy pins too).
 *
 * `bicep build` compiles each file to ARM JSON and reports the compiler's and the linter's
 * diagnostics (infra/bicepconfig.json sets the rules); `bicep lint` reports the linter's alone.
 * Both must report nothing: no error, no warning, no info.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import console from 'node:console';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, findBicep } from '../scripts/tools.mjs';

/** Where lint:infra writes the compiled templates (git-ignored). */
export const BUILD_DIR = join(REPO_ROOT, 'infra', 'build');

/** main.bicep and every module, as paths relative to the repository root. */
export function bicepFiles(root = REPO_ROOT) {
  const modules = readdirSync(join(root, 'infra', 'modules')).filter((name) => name.endsWith('.bicep')).sort();
  return ['infra/main.bicep', ...modules.map((name) => `infra/modules/${name}`)];
}

/**
 * @typedef {{ file: string, line: number, column: number, level: string, code: string, message: string }} Diagnostic
 * One line of Bicep's default diagnostics format: `path(line,col) : Level CODE: message`.
 */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\) : (\w+) ([\w-]+): (.*)$/;

/**
 * The diagnostics in a run's output; a line that is not one (a crash, a usage error) comes back
 * as an Error with code `bicep`, so nothing the compiler says is lost.
 * @param {string} output @param {string} root
 * @returns {Diagnostic[]}
 */
export function parseDiagnostics(output, root = REPO_ROOT) {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = DIAGNOSTIC.exec(line);
      if (!match) return { file: '', line: 0, column: 0, level: 'Error', code: 'bicep', message: line };
      const [, file = '', row = '0', column = '0', level = '', code = '', message = ''] = match;
      return { file: relative(root, file), line: Number(row), column: Number(column), level, code, message };
    });
}

/** @param {string} bicep @param {string[]} args */
function runBicep(bicep, args) {
  const result = spawnSync(bicep, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.error) throw result.error;
  // Linting main.bicep reports its modules' findings too: count each finding once.
  const lines = new Set(`${result.stderr}\n${result.stdout}`.split('\n'));
  const diagnostics = parseDiagnostics([...lines].join('\n'));
  // A failed run always counts, even if it printed nothing parseable.
  if (result.status !== 0 && !diagnostics.some((d) => d.level === 'Error')) {
    diagnostics.push({ file: '', line: 0, column: 0, level: 'Error', code: 'bicep', message: `bicep ${args[0]} exited with ${result.status}` });
  }
  return diagnostics;
}

const PATTERN = 'infra/**/*.bicep';

/**
 * Compiles every .bicep file under infra/ into `outDir` (main.json, modules/*.json).
 * @param {string} bicep @param {string} outDir
 * @returns {{ diagnostics: Diagnostic[], templates: Map<string, Record<string, any>> }} templates by source path
 */
export function buildAll(bicep, outDir) {
  const diagnostics = runBicep(bicep, ['build', '--pattern', PATTERN, '--outdir', outDir]);
  /** @type {Map<string, Record<string, any>>} */
  const templates = new Map();
  for (const file of bicepFiles()) {
    const compiled = join(outDir, file.replace(/^infra\//, '').replace(/\.bicep$/, '.json'));
    try {
      templates.set(file, JSON.parse(readFileSync(compiled, 'utf8')));
    } catch (error) {
      // A file the compiler rejected has no template; its errors are already in diagnostics.
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
    }
  }
  return { diagnostics, templates };
}

/** @param {string} bicep @returns {Diagnostic[]} the linter's findings over every .bicep file under infra/ */
export function lintAll(bicep) {
  return runBicep(bicep, ['lint', '--pattern', PATTERN]);
}

/**
 * Compiles one file to stdout: its ARM template (null when it does not compile) and its diagnostics.
 * @param {string} bicep @param {string} file relative to the repository root
 * @returns {{ template: Record<string, any> | null, diagnostics: Diagnostic[] }}
 */
export function compileFile(bicep, file) {
  const result = spawnSync(bicep, ['build', file, '--stdout'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  const diagnostics = parseDiagnostics(result.stderr);
  return { template: result.status === 0 ? JSON.parse(result.stdout) : null, diagnostics };
}

/**
 * Lints one file with infra/'s rules wherever it lives (the tests lint probes in a temp folder).
 * @param {string} bicep @param {string} file
 */
export function lintFile(bicep, file) {
  return runBicep(bicep, ['lint', file, '--config', join(REPO_ROOT, 'infra', 'bicepconfig.json')]);
}

/**
 * Compiles into a temporary folder and removes it: for tests, which may run side by side.
 * @param {string} bicep
 */
export function buildToTemp(bicep) {
  const outDir = mkdtempSync(join(tmpdir(), 'cgm-infra-'));
  try {
    return buildAll(bicep, outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** @param {readonly Diagnostic[]} diagnostics */
export function countByLevel(diagnostics) {
  const errors = diagnostics.filter((d) => d.level === 'Error').length;
  const warnings = diagnostics.filter((d) => d.level === 'Warning').length;
  return { errors, warnings, other: diagnostics.length - errors - warnings };
}

/** @param {Diagnostic} d */
export const formatDiagnostic = (d) => (d.file ? `${d.file}(${d.line},${d.column}) : ${d.level} ${d.code}: ${d.message}` : `${d.level}: ${d.message}`);

/**
 * `npm run lint:infra -- --api-versions`: the audit that use-recent-api-versions makes (an API
 * version more than two years old that has a newer GA one). Not part of lint:infra itself: its
 * answer depends on today's date, so the same commit would start failing as time passes.
 * @param {string} bicep
 */
function auditApiVersions(bicep) {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'infra', 'bicepconfig.json'), 'utf8'));
  config.analyzers.core.rules['use-recent-api-versions'] = { level: 'warning', maxAllowedAgeInDays: 730 };
  const dir = mkdtempSync(join(tmpdir(), 'cgm-bicep-audit-'));
  try {
    const file = join(dir, 'bicepconfig.json');
    writeFileSync(file, JSON.stringify(config));
    const found = runBicep(bicep, ['lint', '--pattern', PATTERN, '--config', file]);
    for (const d of found) console.log(formatDiagnostic(d));
    console.log(`API versions: ${found.length === 0 ? 'every resource uses a current one' : `${found.length} findings`}`);
    process.exitCode = found.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const bicep = findBicep();
  if (!bicep) {
    console.error('lint:infra: no Bicep CLI at .tools/bicep/bicep: run `npm run setup:tools` first.');
    process.exitCode = 1;
    return;
  }
  if (process.argv.includes('--api-versions')) {
    auditApiVersions(bicep);
    return;
  }
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const built = buildAll(bicep, BUILD_DIR);
  const linted = lintAll(bicep);
  for (const d of [...built.diagnostics, ...linted]) console.log(formatDiagnostic(d));
  const files = bicepFiles();
  const missing = files.filter((file) => !built.templates.has(file));
  const b = countByLevel(built.diagnostics);
  const l = countByLevel(linted);
  console.log(`bicep build: ${built.templates.size} of ${files.length} files compiled to ${relative(process.cwd(), BUILD_DIR)}/, ${b.errors} errors, ${b.warnings} warnings, ${b.other} other`);
  console.log(`bicep lint: ${files.length} files, ${l.errors} errors, ${l.warnings} warnings, ${l.other} other`);
  process.exitCode = missing.length === 0 && built.diagnostics.length === 0 && linted.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
