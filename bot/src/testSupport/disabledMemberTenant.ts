import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tenant } from '@cgm/core';
import { DEMO_SNAPSHOT } from '../server/testServer.js';

/** Quentin Moreau: disabled in the demo tenant (Lidia Holloway's CG08). */
export const QUENTIN = 'quentin.moreau@contoso.com';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? { -readonly [P in keyof U]: U[P] }[] : T[K] };
export type EditableTenant = Mutable<Tenant>;

/** The demo tenant changed by `edit`, written into a fresh temp folder, for SEED_SNAPSHOT. */
export async function writeDemoTenantWith(edit: (tenant: EditableTenant) => void): Promise<string> {
  const snapshot = JSON.parse(await readFile(DEMO_SNAPSHOT, 'utf8')) as EditableTenant;
  edit(snapshot);
  const path = join(await mkdtemp(join(tmpdir(), 'cgm-problems-')), 'tenant.json');
  await writeFile(path, JSON.stringify(snapshot));
  return path;
}

/** The settings of one person of the demo tenant, to edit. */
export function settingsOf(tenant: EditableTenant, sip: string): EditableTenant['callingSettings'][number] {
  const settings = tenant.callingSettings.find((candidate) => candidate.SipUri === sip);
  if (!settings) throw new Error(`the demo tenant has no calling settings for ${sip}`);
  return settings;
}

/**
 * The demo tenant with Quentin Moreau also in Alex Wilber's call group: Alex owns a group with a
 * disabled member (CG08), the story of the personal problems.
 */
export function writeDisabledMemberTenant(): Promise<string> {
  return writeDemoTenantWith((tenant) => {
    const alex = settingsOf(tenant, 'sip:alex.wilber@contoso.com');
    alex.CallGroupTargets = [...alex.CallGroupTargets, `sip:${QUENTIN}`];
  });
}
