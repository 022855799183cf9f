import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TOOL_VERSIONS, findBicep, installedPesterVersion, missingTools, missingToolsNotice, toolPaths } from '../scripts/tools.mjs';
import { bicepFiles, buildToTemp, formatDiagnostic, lintAll, lintFile, parseDiagnostics } from './bicep.mjs';
import type { Diagnostic } from './bicep.mjs';

const bicep = findBicep();
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

describe('reading the Bicep CLI output', () => {
  it('parses a diagnostic line into file, position, level, code and message', () => {
    const line = `${join(REPO_ROOT, 'infra/modules/bot.bicep')}(20,5) : Warning no-unused-params: Parameter "x" is declared but never used. [https://aka.ms/x]`;
    expect(parseDiagnostics(line)).toEqual([
      { file: 'infra/modules/bot.bicep', line: 20, column: 5, level: 'Warning', code: 'no-unused-params', message: 'Parameter "x" is declared but never used. [https://aka.ms/x]' },
    ]);
  });

  it('keeps a line that is not a diagnostic (a crash, a usage error) as an error, so it cannot pass unseen', () => {
    expect(parseDiagnostics('\nUnhandled exception: boom\n\n')).toEqual([{ file: '', line: 0, column: 0, level: 'Error', code: 'bicep', message: 'Unhandled exception: boom' }]);
  });
});

describe('the tools notice (scripts/tools.mjs)', () => {
  it('names every suite a bare checkout cannot run, and the command that enables them, in one line', () => {
    const bare = mkdtempSync(join(tmpdir(), 'cgm-bare-'));
    try {
      const notice = missingToolsNotice(missingTools(bare));
      expect(notice).toBe('Not run: Pester (no pwsh), Bicep lint (no bicep): run `npm run setup:tools` to enable them.');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('says nothing when every tool is there, and names Pester alone when only its module is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'cgm-tools-'));
    try {
      const paths = toolPaths(root);
      for (const dir of [paths.pwshDir, paths.bicepDir, paths.pesterDir]) mkdirSync(dir, { recursive: true });
      writeFileSync(paths.pwsh, '');
      writeFileSync(paths.bicep, '');
      expect(missingToolsNotice(missingTools(root))).toBe('Not run: Pester (no Pester): run `npm run setup:tools` to enable them.');
      writeFileSync(paths.pesterManifest, "@{\n    ModuleVersion     = '5.9.1'\n}\n");
      expect(missingToolsNotice(missingTools(root))).toBeNull();
      expect(installedPesterVersion(root)).toBe('5.9.1');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('teamsapp.yml arm/deploy', () => {
  it('compiles with the Bicep CLI version the lint runs (setup:tools), which knows the API versions the templates use', () => {
    const document = parseYaml(read('teamsapp.yml')) as { provision: { uses: string; with: { bicepCliVersion?: string } }[] };
    const deploy = document.provision.find((step) => step.uses === 'arm/deploy');
    expect(deploy?.with.bicepCliVersion).toBe(`v${TOOL_VERSIONS.bicep}`);
  });
});

describe('Bicep suppressions', () => {
  it('each #disable-next-line names a rule and has its reason in a comment on the line above', () => {
    for (const file of bicepFiles()) {
      const lines = read(file).split('\n');
      lines.forEach((line, index) => {
        if (!line.includes('#disable')) return;
        expect(line.trim(), `${file}:${index + 1}`).toMatch(/^#disable-next-line [\w-]+( [\w-]+)*$/);
        expect(lines[index - 1]?.trim(), `${file}:${index + 1} needs its reason above`).toMatch(/^\/\/ \S/);
      });
    }
  });
});

describe.skipIf(!bicep)('Bicep (infra/) compiled and linted with .tools/bicep', () => {
  let built: ReturnType<typeof buildToTemp>;
  let linted: Diagnostic[];
  beforeAll(() => {
    built = buildToTemp(bicep!);
    linted = lintAll(bicep!);
  });

  it('bicep build compiles main.bicep and every module with no error, warning or info', () => {
    expect(built.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect([...built.templates.keys()]).toEqual(bicepFiles());
    expect(bicepFiles()).toContain('infra/modules/teamsWorker.bicep');
  });

  it('bicep lint reports nothing', () => {
    expect(linted.map(formatDiagnostic)).toEqual([]);
  });

  it('secrets stay secure in the compiled template: the password parameters and nothing in the outputs', () => {
    const main = built.templates.get('infra/main.bicep')!;
    expect(main['parameters'].postgresAdminPassword.type).toBe('securestring');
    const keyVault = built.templates.get('infra/modules/keyVault.bicep')!;
    expect(keyVault['parameters'].databaseUrl.type).toBe('securestring');
    expect(built.templates.get('infra/modules/postgres.bicep')!['parameters'].administratorPassword.type).toBe('securestring');
    for (const [file, template] of built.templates) {
      for (const [name, output] of Object.entries(template['outputs'] ?? {}) as [string, { value: string }][]) {
        expect(JSON.stringify(output.value), `${file} output ${name}`).not.toMatch(/password|listKeys|secret\b/i);
      }
    }
  });

  describe('the rules fail on what they should (probes outside infra/, linted with its bicepconfig.json)', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cgm-bicep-probe-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const probe = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return lintFile(bicep!, file).map((d) => `${d.level} ${d.code}`);
    };

    it('an unknown resource property, a plain-text password parameter and a hard-coded location', () => {
      const found = probe(
        'bad.bicep',
        [
          'param adminPassword string',
          "resource storage 'Microsoft.Storage/storageAccounts@2026-04-01' = {",
          "  name: 'cgmprobe'",
          "  location: 'westeurope'",
          "  kind: 'StorageV2'",
          "  sku: { name: 'Standard_LRS' }",
          '  properties: { minimumTlsVersion: adminPassword, notAProperty: true }',
          '}',
          '',
        ].join('\n'),
      );
      expect(found).toEqual(expect.arrayContaining(['Warning BCP037', 'Warning secure-secrets-in-params', 'Warning no-hardcoded-location']));
    });

    it('a type error is an error', () => {
      expect(probe('type.bicep', "output count int = 'three'\n")).toContain('Error BCP033');
    });
  });
});
