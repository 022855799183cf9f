/**
 * `npm run demo:cover`: a cover in real time, on the real server over HTTP, in a terminal.
 * A throwaway server (PGlite in a temporary folder, the demo tenant, the embedded Teams, its
 * jobs on their own timers) on a free loopback port. Alex Wilber asks Adele Vance to cover his
 * call group from now for 70 seconds; Megan Bowen approves; the cover starts; Alex adds Lee Gu
 * himself meanwhile; at the end Adele leaves and Lee stays. Takes about 80 seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../config.js';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/logger.js';
import { devCaller } from '../server/testServer.js';

const ALEX = 'alex.wilber@contoso.com';
const MEGAN = 'megan.bowen@contoso.com';
const ADELE = 'sip:adele.vance@contoso.com';
const LEE = 'sip:lee.gu@contoso.com';
const SNAPSHOT = fileURLToPath(new URL('../../data/demo-tenant.json', import.meta.url));

// Seconds since the server was up (creating and seeding the throwaway database comes first).
let started = Date.now();
const say = (line: string) => console.log(`[${String(Math.round((Date.now() - started) / 1000)).padStart(3)} s] ${line}`);

async function until<TValue>(check: () => Promise<TValue | undefined>, what: string): Promise<TValue> {
  for (const deadline = Date.now() + 150_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
    const value = await check();
    if (value !== undefined) return value;
  }
  throw new Error(`gave up waiting for ${what}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'cgm-cover-demo-'));
const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SEED_SNAPSHOT: SNAPSHOT, SYNC_INTERVAL_MINUTES: '0', APPLY_POLL_MS: '250' });
const app = await createApp(config, silentLogger);
try {
  const call = devCaller(`http://127.0.0.1:${(await app.listen()).port}`);
  started = Date.now();
  const members = async () => ((await call(ALEX, '/api/me')).json.callGroup.members as { displayName: string }[]).map((member) => member.displayName).join(', ');
  const coverIs = (id: string, status: string) => async () => {
    const { cover } = (await call(ALEX, `/api/me/covers/${id}`)).json;
    return cover.status === status ? cover : undefined;
  };
  say(`Alex Wilber's call group: ${await members()}`);
  const body = { startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 70_000).toISOString(), callGroup: { add: [ADELE] } };
  const created = await call(ALEX, '/api/me/covers', { body });
  say(`POST /api/me/covers ${JSON.stringify(body)} -> ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.cover.id as string;
  const { approvalRequestId } = (await call(ALEX, `/api/me/covers/${id}`)).json.cover;
  const approved = await call(MEGAN, `/api/approvals/${approvalRequestId}/approve`, { body: {} });
  say(`Megan Bowen approves request ${approvalRequestId} -> ${approved.status}`);
  await until(coverIs(id, 'active'), 'the start');
  say(`The cover is active. Call group: ${await members()}`);
  const added = await call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...((await call(ALEX, '/api/me')).json.settings.CallGroupTargets as string[]), LEE] } });
  await call(MEGAN, `/api/approvals/${added.json.request.id}/approve`, { body: {} });
  await until(async () => ((await members()).includes('Lee Gu') ? true : undefined), 'Lee Gu to join');
  say(`Alex adds Lee Gu himself during the cover. Call group: ${await members()}`);
  say('Waiting for the end...');
  const ended = await until(coverIs(id, 'ended'), 'the end');
  say(`The cover ended: ${(ended.notes as { message: string }[]).map((note) => note.message).join(' ')} Call group: ${await members()}`);
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
