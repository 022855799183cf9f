import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SNAPSHOT } from '../server/testServer.js';

/** Quentin Moreau: disabled in the demo tenant (Lidia Holloway's CG08). */
export const QUENTIN = 'quentin.moreau@contoso.com';

/**
 * The demo tenant with Quentin Moreau also in Alex Wilber's call group: Alex owns a group with a
 * disabled member (CG08), the story of the personal problems. Written once per call into a
 * fresh temp folder, for SEED_SNAPSHOT.
 */
export async function writeDisabledMemberTenant(): Promise<string> {
  const snapshot = JSON.parse(await readFile(DEMO_SNAPSHOT, 'utf8')) as { callingSettings: { SipUri: string; CallGroupTargets: string[] }[] };
  const alex = snapshot.callingSettings.find((settings) => settings.SipUri === 'sip:alex.wilber@contoso.com');
  if (!alex) throw new Error('the demo tenant has no calling settings for Alex Wilber');
  alex.CallGroupTargets = [...alex.CallGroupTargets, `sip:${QUENTIN}`];
  const path = join(await mkdtemp(join(tmpdir(), 'cgm-problems-')), 'tenant.json');
  await writeFile(path, JSON.stringify(snapshot));
  return path;
}
