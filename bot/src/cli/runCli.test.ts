import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseSnapshotText } from '@cgm/core';
import type { CliIo } from './cliIo.js';
import { runCli } from './runCli.js';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const DEMO = repoFile('bot/data/demo-tenant.json');
const EXAMPLE = repoFile('core/src/snapshot/fixtures/snapshot-example.json');
const expectedDemo = JSON.parse(readFileSync(repoFile('bot/data/demo-tenant.expected.json'), 'utf8')) as { code: string; subject: string }[];

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  written: Map<string, string>;
}

/** Run `cgm` in-process against real files, extra in-memory files, and a clock that advances `tickMs` per reading. */
async function cgm(argv: string[], options: { files?: Record<string, string>; tickMs?: number; env?: Record<string, string> } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const written = new Map<string, string>();
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: async (path) => options.files?.[path] ?? readFileSync(path, 'utf8'),
    writeFile: async (path, text) => void written.set(path, text),
    now: () => (clock += options.tickMs ?? 0),
    env: options.env ?? {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, written };
}

describe('cgm scan', () => {
  it('prints the demo tenant’s deliberate problems and nothing else as JSON', async () => {
    const result = await cgm(['scan', DEMO, '--format', 'json']);
    expect(result.code).toBe(0);
    const findings = JSON.parse(result.stdout) as { code: string; subject: string; rule: string; severity: string; message: string; related: string[] }[];
    expect(findings.map((f) => `${f.code} ${f.subject}`).sort()).toEqual(expectedDemo.map((f) => `${f.code} ${f.subject}`).sort());
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['code', 'message', 'related', 'rule', 'severity', 'subject']));
  });

  it('groups the table by severity with counts', async () => {
    const result = await cgm(['scan', DEMO]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ERRORS \(\d+\)$/m);
    expect(result.stdout).toMatch(/\d+ findings: \d+ errors?, \d+ warnings?, \d+ info/);
    expect(result.stderr).toBe('');
  });

  it('reports a healthy tenant as clean and --fail-on does not trip', async () => {
    const result = await cgm(['scan', EXAMPLE, '--fail-on', 'info']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No findings');
  });

  it('exits 1 when --fail-on matches and 0 when it does not', async () => {
    expect((await cgm(['scan', DEMO, '--fail-on', 'error'])).code).toBe(1);
    const onlyErrors = JSON.parse((await cgm(['scan', DEMO, '--format', 'json', '--min-severity', 'error'])).stdout) as { severity: string }[];
    expect(onlyErrors.length).toBeGreaterThan(0);
    expect(onlyErrors.every((f) => f.severity === 'error')).toBe(true);
  });

  it('renders Markdown tables with escaped pipes', async () => {
    const result = await cgm(['scan', DEMO, '--format', 'markdown']);
    expect(result.stdout).toMatch(/^# Call Group Manager health report/);
    expect(result.stdout).toContain('| code | rule | subject | related | finding | fix |');
  });

  it('rejects an invalid snapshot with the JSON path, exit 2 and nothing on stdout', async () => {
    const broken = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { users: { SipAddress: string }[] };
    broken.users[1]!.SipAddress = 'not a sip uri';
    const result = await cgm(['scan', 'broken.json'], { files: { 'broken.json': JSON.stringify(broken) } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('broken.json: users[1].SipAddress');
  });

  it('rejects malformed JSON, a missing file and bad options with exit 2', async () => {
    const malformed = await cgm(['scan', 'bad.json'], { files: { 'bad.json': '{"format": ' } });
    expect([malformed.code, malformed.stdout]).toEqual([2, '']);
    expect(malformed.stderr).toContain('bad.json');
    const missing = await cgm(['scan', '/nonexistent/tenant.json']);
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toContain('no such file');
    const badFormat = await cgm(['scan', DEMO, '--format', 'yaml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of table, json, markdown');
    expect((await cgm(['scan'])).code).toBe(2);
    expect((await cgm(['scan', DEMO, '--frobnicate'])).code).toBe(2);
  });

  it('prints progress on stderr only when the work takes more than a second', async () => {
    const slow = await cgm(['scan', DEMO, '--format', 'json'], { tickMs: 700 });
    expect(slow.stderr).toMatch(/^cgm: .+ \(\d+\.\d s\)$/m);
    expect(JSON.parse(slow.stdout)).toHaveLength(expectedDemo.length);
    expect((await cgm(['scan', DEMO, '--format', 'json'], { tickMs: 0 })).stderr).toBe('');
  });
});

describe('cgm fix-plan', () => {
  it('prints a commented PowerShell script for the chosen codes only', async () => {
    const code = expectedDemo[0]!.code;
    const result = await cgm(['fix-plan', DEMO, '--code', code.toLowerCase()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Connect-MicrosoftTeams');
    expect(result.stdout).toMatch(/^#/m);
  });

  it('refuses a code that is not a finding code', async () => {
    const result = await cgm(['fix-plan', DEMO, '--code', 'XX1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--code "XX1"');
  });
});

describe('cgm synth', () => {
  it('writes the same valid snapshot for the same seed', async () => {
    const first = await cgm(['synth', '--users', '120', '--seed', '7']);
    const second = await cgm(['synth', '--users', '120', '--seed', '7']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const parsed = parseSnapshotText(first.stdout);
    expect(parsed.ok && parsed.value.users.length).toBe(120);
    expect((await cgm(['synth', '--users', '120', '--seed', '8'])).stdout).not.toBe(first.stdout);
  });

  it('writes to --out and refuses out-of-range numbers', async () => {
    const result = await cgm(['synth', '--users', '10', '--out', 'tenant.json']);
    expect(result.code).toBe(0);
    expect(result.written.get('tenant.json')).toContain('"cgm.tenant-snapshot"');
    expect((await cgm(['synth', '--users', '0'])).code).toBe(2);
    expect((await cgm(['synth', '--users', '10', '--defect-rate', '1.5'])).code).toBe(2);
    expect((await cgm(['synth'])).stderr).toContain('--users must be a whole number');
  });
});

describe('cgm as a process', () => {
  it('runs from the built bin with real exit codes', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [repoFile('bot/bin/cgm.js'), 'scan', DEMO, '--format', 'json']);
    expect(JSON.parse(stdout)).toHaveLength(expectedDemo.length);
    await expect(run(process.execPath, [repoFile('bot/bin/cgm.js'), 'scan', DEMO, '--fail-on', 'error'])).rejects.toMatchObject({ code: 1 });
    await expect(run(process.execPath, [repoFile('bot/bin/cgm.js'), 'nonsense'])).rejects.toMatchObject({ code: 2 });
  });
});
