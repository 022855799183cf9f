import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { DEMO_SNAPSHOT } from '../server/testServer.js';
import { openDatabase } from '../store/database.js';
import type { CliIo } from './cliIo.js';
import { runCli } from './runCli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cgm-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function cgm(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: async (path) => readFileSync(path, 'utf8'),
    writeFile: async () => undefined,
    now: () => 0,
    env: { DATA_DIR: dataDir, SEED_SNAPSHOT: '' },
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

describe('cgm import and cgm sync on the embedded database', () => {
  it('imports a snapshot, syncs it without drift, then records a change made directly in Teams as drift', async () => {
    const imported = await cgm(['import', DEMO_SNAPSHOT]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 60 users');

    const quiet = await cgm(['sync']);
    expect(quiet.stdout).toMatch(/^Synced 60 users: 0 with changed settings, 0 drift records/);

    // Alex edits his group in the Teams client: the app never saw a request for it.
    const db = await openDatabase({ dataDir });
    await createLocalCallingGateway(db).applyWrite({
      cmdlet: 'Set-CsUserCallingSettings',
      identity: 'alex.wilber@contoso.com',
      parameterSet: 'CallGroupNotification',
      parameters: { GroupNotificationOverride: 'Mute' },
      reason: 'a direct edit in Teams',
    });
    await db.close();

    const drifted = await cgm(['sync']);
    expect(drifted.stdout).toMatch(/^Synced 60 users: 1 with changed settings, 1 drift records/);
    const check = await openDatabase({ dataDir });
    const drift = await check.query<{ subject_sip: string; settings_group: string; status: string }>('SELECT subject_sip, settings_group, status FROM drift_records');
    await check.close();
    expect(drift).toEqual([{ subject_sip: 'sip:alex.wilber@contoso.com', settings_group: 'notification', status: 'open' }]);
  }, 120_000);

  it('sync --user checks one person at once and records their direct edit; --status shows the pass and the tiers; a stranger is refused', async () => {
    const db = await openDatabase({ dataDir });
    await createLocalCallingGateway(db).applyWrite({
      cmdlet: 'Set-CsUserCallingSettings',
      identity: 'adele.vance@contoso.com',
      parameterSet: 'CallGroupNotification',
      parameters: { GroupNotificationOverride: 'Mute' },
      reason: 'a direct edit in Teams',
    });
    await db.close();

    const checked = await cgm(['sync', '--user', 'Adele.Vance@contoso.com']);
    expect(checked.stdout).toBe('Checked sip:adele.vance@contoso.com: settings changed, 1 drift records (notification).\n');
    const again = await cgm(['sync', '--user', 'adele.vance@contoso.com']);
    expect(again.stdout).toBe('Checked sip:adele.vance@contoso.com: no change, 0 drift records.\n');

    const status = await cgm(['sync', '--status']);
    expect(status.stdout).toMatch(/^Pass \d+: \d+ of 60 users read/);
    expect(status.stdout).toMatch(/Budget 10 reads\/s: a full pass takes about [\d.]+ min/);
    expect(status.stdout).toMatch(/Hot tier: \d+ users .*re-read every [\d.]+ min/);

    const stranger = await cgm(['sync', '--user', 'nobody@contoso.com']);
    expect([stranger.code, stranger.stderr]).toEqual([2, 'cgm sync: --user: Nobody in the synced tenant is "nobody@contoso.com".\n']);
    const both = await cgm(['sync', '--user', 'x', '--status']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
  }, 120_000);

  it('refuses an invalid snapshot before touching the database', async () => {
    const result = await cgm(['import', '/nonexistent.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such file');
  });
});
