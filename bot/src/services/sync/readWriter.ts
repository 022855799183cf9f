import type { CallingSettings } from '@cgm/core';
import { defaultCallingSettings, normalizeSip, userRefKey } from '@cgm/core';
import { changedStoredGroups } from '../../store/settingsGroups.js';
import type { SettingsGroup } from '../../store/settingsGroups.js';
import type { Clock, IdSource } from '../clock.js';
import type { HealthService } from '../healthService.js';
import type { Notifier } from '../notifier.js';
import { SYSTEM_ACTOR } from '../principal.js';
import type { DriftRecord } from '../records.js';
import type { StorageBundle, SyncRepositories } from '../storage.js';
import type { ClaimedUser } from './syncPorts.js';
import { revealedRefs } from './tiers.js';

/** One user's settings as Teams returned them, with the claim they were read under. */
export interface SettingsRead {
  readonly claimed: ClaimedUser;
  readonly claimedAt: Date;
  readonly settings: CallingSettings;
}

/** What writing a batch of reads did. */
export interface BatchOutcome {
  readonly settingsChanged: number;
  readonly drift: readonly DriftRecord[];
  readonly findingsAdded: number;
  readonly findingsResolved: number;
  /** Users (by sip) queued at once because a read named them. */
  readonly revealed: readonly string[];
}

export interface ReadWriterDeps {
  readonly stores: StorageBundle<SyncRepositories>;
  readonly health: HealthService;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/** Delegates as text whatever order their properties come in (Teams and a jsonb column may differ). */
const delegatesText = (settings: CallingSettings): string => JSON.stringify(settings.Delegates.map((d) => JSON.stringify(d, Object.keys(d).sort())));

interface Change {
  readonly sip: string;
  readonly previous: CallingSettings;
  readonly next: CallingSettings;
  readonly groups: readonly SettingsGroup[];
  /** Read in a pass that fills a tenant we had no copy of. */
  readonly baseline: boolean;
}

/**
 * Store a batch of reads in one short transaction (no gateway call inside it): the settings
 * that changed, a drift record and a drift.detected audit entry per changed settings group,
 * unless a request in flight explains the change or the read only fills a tenant we had no
 * copy of (its claim's `baseline`, read by read: a batch may straddle the end of that pass).
 * After the commit: health is re-checked for exactly the users that changed, approvers are told
 * about drift, and the other side of anything new is queued.
 */
export async function writeReads(deps: ReadWriterDeps, reads: readonly SettingsRead[]): Promise<BatchOutcome> {
  const { stores, clock } = deps;
  if (reads.length === 0) return { settingsChanged: 0, drift: [], findingsAdded: 0, findingsResolved: 0, revealed: [] };
  // Requests approved but not yet applied explain their own differences: not drift.
  const inFlight = await stores.requests.subjectsInFlight();
  const now = clock.now();
  const changes: Change[] = [];
  const drift: DriftRecord[] = [];
  await stores.transaction(async (tx) => {
    // One statement for the batch's stored settings, not one per user.
    const sips = reads.map((read) => normalizeSip(read.claimed.sip));
    const storedSettings = await tx.syncDirectory.storedSettings(sips);
    // A user a directory read removed while theirs was in flight stays removed: written, their
    // settings and group would come back for someone who left, as drift from defaults.
    const present = await tx.syncDirectory.present(sips);
    for (const read of reads) {
      const sip = normalizeSip(read.claimed.sip);
      if (!present.has(sip)) continue;
      const next: CallingSettings = { ...read.settings, SipUri: sip };
      const stored = storedSettings.get(sip);
      const previous = stored ?? defaultCallingSettings(sip);
      const groups = changedStoredGroups(previous, next);
      // Delegates are not a versioned group, but the stored copy must show them.
      if (groups.length === 0 && delegatesText(previous) === delegatesText(next)) continue;
      await tx.tenant.writeSettings(sip, next, groups, { syncedAt: now });
      const baseline = read.claimed.baseline;
      changes.push({ sip, previous, next, groups, baseline });
      if (inFlight.has(sip) || (baseline && !stored)) continue;
      for (const group of groups) {
        const record = await tx.drift.record({ id: deps.ids(), subjectSip: sip, settingsGroup: group, beforeSettings: previous, afterSettings: next, detectedAt: now });
        await tx.audit.append({ at: now, actor: SYSTEM_ACTOR, action: 'drift.detected', subject: sip, details: { driftId: record.id, settingsGroup: group } });
        drift.push(record);
      }
    }
  });
  let findingsAdded = 0;
  let findingsResolved = 0;
  for (const change of changes) {
    const delta = await deps.health.recheckSettings(change.next);
    findingsAdded += delta.added.length;
    findingsResolved += delta.resolved.length;
  }
  if (drift.length > 0) await deps.notifier.driftDetected(drift);
  const revealed = await queueOtherSides(deps, changes.filter((change) => !change.baseline), now);
  return { settingsChanged: changes.length, drift, findingsAdded, findingsResolved, revealed };
}

/** Owners, members and delegates a changed read newly names (or no longer names) are read at once. */
async function queueOtherSides(deps: ReadWriterDeps, changes: readonly Change[], now: Date): Promise<string[]> {
  const refs = [...new Set(changes.flatMap((change) => revealedRefs(change.previous, change.next)))];
  if (refs.length === 0) return [];
  const resolved = await deps.stores.syncDirectory.resolve(refs);
  // Someone nobody in the stored directory matches: a newcomer, so the directory is read again soon.
  if (refs.some((ref) => !resolved.has(userRefKey(ref)))) await deps.stores.syncQueue.requestDirectory();
  const self = new Set(changes.map((change) => change.sip));
  const sips = [...new Set(resolved.values())].filter((sip) => !self.has(sip));
  await deps.stores.syncQueue.jump(sips, 1, now);
  return sips;
}
