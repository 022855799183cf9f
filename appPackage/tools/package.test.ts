import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { drawColorIcon, drawOutlineIcon } from './icons.mjs';
import { buildAppPackage, PackageError, placeholdersIn, REPO_ROOT, renderJsonTemplate, validateManifest } from './package.mjs';
import { newPassword, secretLines } from './secrets.mjs';
import { assembleTeamsWorker, WORKER_FILES } from './teamsWorker.mjs';

const run = promisify(execFile);
const temporary: string[] = [];

afterEach(() => {
  for (const folder of temporary.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A scratch copy of the repository's app package and env templates, to change without touching the real ones. */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'cgm-package-'));
  temporary.push(root);
  cpSync(join(REPO_ROOT, 'appPackage'), join(root, 'appPackage'), { recursive: true, filter: (source) => !source.includes(`${join('appPackage', 'build')}`) });
  cpSync(join(REPO_ROOT, 'env', '.env.local'), join(root, 'env', '.env.local'));
  return root;
}

function readPng(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe('npm run package (the real repository, the local environment)', () => {
  it('writes the manifest and a zip of exactly manifest.json, color.png and outline.png that passes the bundled Teams schema', async () => {
    const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'appPackage', 'tools', 'package.mjs')], { cwd: REPO_ROOT, env: { PATH: process.env['PATH'] ?? '' } });
    expect(stdout).toContain('appPackage.local.zip');

    const manifestPath = join(REPO_ROOT, 'appPackage', 'build', 'manifest.json');
    const zipPath = join(REPO_ROOT, 'appPackage', 'build', 'appPackage.local.zip');
    const entries = unzipSync(readFileSync(zipPath));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
    expect(manifest).toEqual(JSON.parse(readFileSync(manifestPath, 'utf8')));
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.30');
    // Locally the tab and the bot share localhost: listed once, not twice.
    expect(manifest.validDomains).toEqual([...new Set(manifest.validDomains)]);

    const color = readPng(entries['color.png']!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(entries['outline.png']!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('fails with exit code 2 and the usage on an unknown option, and 1 on a bad environment name', async () => {
    const script = join(REPO_ROOT, 'appPackage', 'tools', 'package.mjs');
    await expect(run(process.execPath, [script, '--nope'], { cwd: REPO_ROOT })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run package') });
    await expect(run(process.execPath, [script, '--env', '../etc'], { cwd: REPO_ROOT })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--env must be') });
  });
});

describe('buildAppPackage', () => {
  it('names every missing variable, sorted, and writes nothing', async () => {
    const root = scratchRoot();
    writeFileSync(join(root, 'env', '.env.dev'), 'TEAMS_APP_ID=\nAPP_NAME_SUFFIX=\nTAB_DOMAIN=app.contoso.com\n');
    const outDir = join(root, 'out');
    const failure = await buildAppPackage({ root, envName: 'dev', processEnv: {}, outDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PackageError);
    // APP_NAME_SUFFIX may be empty (production has no suffix); TEAMS_APP_ID may not.
    expect((failure as PackageError).missing).toEqual(['AAD_APP_CLIENT_ID', 'BOT_DOMAIN', 'BOT_ID', 'PRIVACY_URL', 'PUBLISHER_NAME', 'PUBLISHER_WEBSITE_URL', 'TAB_ENDPOINT', 'TEAMS_APP_ID', 'TERMS_OF_USE_URL']);
    expect((failure as Error).message).toContain('AAD_APP_CLIENT_ID, BOT_DOMAIN');
    expect(existsSync(outDir)).toBe(false);
  });

  it('fails when the environment has no env file', async () => {
    const root = scratchRoot();
    await expect(buildAppPackage({ root, envName: 'staging', processEnv: {}, outDir: join(root, 'out') })).rejects.toThrow(/env\.staging does not exist/);
  });

  it('lets env/.env.<env>.user override the env file, and the process environment override both', async () => {
    const root = scratchRoot();
    writeFileSync(join(root, 'env', '.env.local.user'), 'PUBLISHER_NAME=From the user file\nTAB_DOMAIN=tunnel.example.net\nTAB_ENDPOINT=https://tunnel.example.net\n');
    const result = await buildAppPackage({ root, envName: 'local', processEnv: { TAB_ENDPOINT: 'https://process.example.net' }, outDir: join(root, 'out') });
    const manifest = result.manifest as { developer: { name: string }; staticTabs: { contentUrl?: string }[]; validDomains: string[] };
    expect(manifest.developer.name).toBe('From the user file');
    expect(manifest.validDomains).toContain('tunnel.example.net');
    expect(manifest.staticTabs[0]!.contentUrl).toBe('https://process.example.net/tab/call-group');
    expect(result.zipPath.endsWith('appPackage.local.zip')).toBe(true);
  });

  it('keeps a value with quotes and backslashes as text: it cannot change the manifest structure', async () => {
    const root = scratchRoot();
    const name = 'Contoso "Phone" \\ Team';
    const result = await buildAppPackage({ root, envName: 'local', processEnv: { PUBLISHER_NAME: name }, outDir: join(root, 'out') });
    expect((result.manifest as { developer: { name: string } }).developer.name).toBe(name);
  });

  it('refuses a manifest the Teams schema rejects, naming the property', async () => {
    const root = scratchRoot();
    await expect(buildAppPackage({ root, envName: 'local', processEnv: { TEAMS_APP_ID: 'not-a-guid' }, outDir: join(root, 'out') })).rejects.toThrow(/\/id/);
  });

  it('refuses icons of the wrong size or that are not PNG', async () => {
    const root = scratchRoot();
    writeFileSync(join(root, 'appPackage', 'outline.png'), drawColorIcon());
    await expect(buildAppPackage({ root, envName: 'local', processEnv: {}, outDir: join(root, 'out') })).rejects.toThrow('outline.png must be 32×32 pixels (it is 192×192)');
    writeFileSync(join(root, 'appPackage', 'outline.png'), 'not a png');
    await expect(buildAppPackage({ root, envName: 'local', processEnv: {}, outDir: join(root, 'out') })).rejects.toThrow(/outline.png is not a readable PNG/);
  });
});

describe('templates', () => {
  it('finds each placeholder once, with or without inner spaces', () => {
    expect(placeholdersIn('${{A}} ${{ B_2 }} ${{A}} ${B} {{C}}')).toEqual(['A', 'B_2']);
  });

  it('renders only defined variables', () => {
    expect(renderJsonTemplate('{"a":"${{A}}"}', { A: 'x' }, 't')).toBe('{"a":"x"}');
    expect(() => renderJsonTemplate('{"a":"${{A}}","b":"${{B}}"}', { A: '' }, 't')).toThrow('t needs these variables, missing or empty in the environment: A, B');
  });
});

describe('icons', () => {
  it('the committed icons are what icons.mjs draws', () => {
    expect(readFileSync(join(REPO_ROOT, 'appPackage', 'color.png')).equals(drawColorIcon())).toBe(true);
    expect(readFileSync(join(REPO_ROOT, 'appPackage', 'outline.png')).equals(drawOutlineIcon())).toBe(true);
  });

  it('the outline icon is white on transparent only, and draws something', () => {
    const outline = readPng(drawOutlineIcon());
    let opaque = 0;
    for (let i = 0; i < outline.width * outline.height; i++) {
      const [r, g, b, a] = [outline.data[i * 4], outline.data[i * 4 + 1], outline.data[i * 4 + 2], outline.data[i * 4 + 3]];
      if (a !== 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
    expect(opaque).toBeLessThan(32 * 32 * 0.6);
    // Corners stay empty: the glyph sits inside the 32×32 frame.
    expect(outline.data[3]).toBe(0);
  });

  it('the color icon is opaque, on the manifest accent colour', () => {
    const color = readPng(drawColorIcon());
    for (let i = 0; i < color.width * color.height; i++) expect(color.data[i * 4 + 3]).toBe(255);
    const accent = JSON.parse(readFileSync(join(REPO_ROOT, 'appPackage', 'manifest.json'), 'utf8')).accentColor as string;
    const corner = [color.data[0], color.data[1], color.data[2]].map((v) => v!.toString(16).padStart(2, '0')).join('');
    expect(`#${corner}`.toLowerCase()).toBe(accent.toLowerCase());
  });
});

describe('the PostgreSQL password step (secrets.mjs)', () => {
  it('makes a password only when there is none', () => {
    expect(secretLines({ SECRET_POSTGRES_ADMIN_PASSWORD: 'kept' })).toEqual([]);
    const lines = secretLines({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::set-teamsfx-env SECRET_POSTGRES_ADMIN_PASSWORD=[A-Za-z0-9]{32}$/);
  });

  it('passwords are URL-safe, mixed and different each time', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => newPassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(encodeURIComponent(password)).toBe(password);
    }
  });
});

describe('the Teams worker function app (teamsWorker.mjs)', () => {
  it('holds exactly the dispatch, the function and the host files, and run.ps1 finds the dispatch one folder up', () => {
    const root = mkdtempSync(join(tmpdir(), 'cgm-worker-'));
    temporary.push(root);
    const outDir = join(root, 'teams-worker');
    mkdirSync(join(outDir, 'stale'), { recursive: true });
    writeFileSync(join(outDir, 'stale', 'old.ps1'), '');
    const files = assembleTeamsWorker({ outDir });
    expect(files).toEqual(Object.keys(WORKER_FILES).sort());
    const runScript = readFileSync(join(outDir, 'TeamsWorkerFunction', 'run.ps1'), 'utf8');
    expect(runScript).toContain("Join-Path $PSScriptRoot '..' 'TeamsWorker.Dispatch.ps1'");
    expect(existsSync(join(outDir, 'TeamsWorker.Dispatch.ps1'))).toBe(true);
    const host = JSON.parse(readFileSync(join(outDir, 'host.json'), 'utf8'));
    expect(host.version).toBe('2.0');
  });
});
