import type { CallingSettings, SettingsWrite, Tenant, User } from '@cgm/core';
import {
  MAX_CALL_GROUP_MEMBERS,
  MAX_IN_ORDER_MEMBERS,
  applySettingsWrite,
  defaultCallingSettings,
  introducedProblems,
  normalizeSip,
  userRefKey,
  validateSettingsWrite,
} from '@cgm/core';
import { bulkInsert } from '../../store/bulkInsert.js';
import { readInPages } from '../../store/keysetPages.js';
import type { Database, Queryable } from '../../store/database.js';
import type { CallingGateway } from '../callingGateway.js';
import { GatewayError } from '../callingGateway.js';

/**
 * Failures a test can inject, to prove retries, backoff and crash recovery. Never set in
 * normal use: the composition root creates the gateway without faults.
 */
export interface GatewayFaults {
  /** Added to every call. */
  latencyMs?: number;
  /** The next N calls fail with 429-style throttling. */
  throttleNext?: number;
  retryAfterMs?: number;
  /** The next N calls fail as transient service errors. */
  failNext?: number;
}

export interface LocalCallingGateway extends CallingGateway {
  readonly kind: 'local';
  /** Replace the embedded tenant with a snapshot (first start, `cgm import`, tests), inside the caller's transaction. */
  seed(tenant: Tenant, tx: Queryable): Promise<void>;
  /**
   * Several users' settings in one statement, each counted as a readSettings call and subject to
   * injected faults: the read cost model fetches the reads in flight at once together. Keyed by
   * the identity as asked; a user Teams does not know (or an injected fault) is a GatewayError.
   */
  readSettingsMany(identities: readonly string[]): Promise<Map<string, CallingSettings | GatewayError>>;
  /** Test hook: inject failures for the next calls. */
  injectFaults(faults: GatewayFaults): void;
  /** How many calls reached the gateway, by operation: tests assert on retries with it. */
  readonly calls: Readonly<Record<'readDirectory' | 'readSettings' | 'applyWrite', number>>;
}

type DirectoryDoc = Omit<Tenant, 'users' | 'callingSettings'>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `local` adapter: the embedded tenant in our database. It enforces the write rules
 * Teams enforces and rejects what Teams would reject, with the service's kind of message,
 * so the whole approval-and-apply flow is exercised for real without a tenant.
 */
export function createLocalCallingGateway(db: Database): LocalCallingGateway {
  let faults: GatewayFaults = {};
  const calls = { readDirectory: 0, readSettings: 0, applyWrite: 0 };

  async function enter(op: keyof typeof calls): Promise<void> {
    calls[op] += 1;
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (faults.throttleNext) {
      faults.throttleNext -= 1;
      throw new GatewayError('throttled', 'Too many requests (429). Retry after the given delay.', faults.retryAfterMs ?? 1000);
    }
    if (faults.failNext) {
      faults.failNext -= 1;
      throw new GatewayError('transient', 'The service is temporarily unavailable (503).');
    }
  }

  async function findUser(q: Queryable, identity: string): Promise<User> {
    const key = userRefKey(identity);
    const rows = await q.query<{ data: User }>(
      'SELECT data FROM local_teams_users WHERE object_id = $1 OR upn = $1 OR sip = $2 LIMIT 1',
      [key, normalizeSip(key)],
    );
    const user = rows[0]?.data;
    if (!user) throw new GatewayError('not-found', `Management object not found for identity "${identity}".`);
    return user;
  }

  async function settingsOf(q: Queryable, sip: string, lock: boolean): Promise<CallingSettings> {
    const rows = await q.query<{ data: CallingSettings }>(`SELECT data FROM local_teams_settings WHERE sip = $1${lock ? ' FOR UPDATE' : ''}`, [sip]);
    return rows[0]?.data ?? defaultCallingSettings(sip);
  }

  async function saveSettings(q: Queryable, sip: string, settings: CallingSettings): Promise<void> {
    await q.query(
      'INSERT INTO local_teams_settings (sip, data) VALUES ($1, $2::jsonb) ON CONFLICT (sip) DO UPDATE SET data = EXCLUDED.data',
      [sip, JSON.stringify({ ...settings, SipUri: sip })],
    );
  }

  /**
   * What Teams does when an owner's group changes: a member added gets a membership entry
   * on their own settings, with Ring (they may change it, never create it), and a member
   * removed loses it. Members are locked in one order so that concurrent writes queue.
   */
  async function updateMemberships(q: Queryable, ownerSip: string, before: readonly string[], after: readonly string[]): Promise<void> {
    const was = new Set(before.map(normalizeSip));
    const now = new Set(after.map(normalizeSip));
    const touched = [...new Set([...was, ...now])].filter((member) => was.has(member) !== now.has(member)).sort();
    for (const member of touched) {
      const settings = await settingsOf(q, member, true);
      const others = settings.GroupMembershipDetails.filter((detail) => normalizeSip(detail.CallGroupOwnerId) !== ownerSip);
      const details = now.has(member) ? [...others, { CallGroupOwnerId: ownerSip, NotificationSetting: 'Ring' as const }] : others;
      await saveSettings(q, member, { ...settings, GroupMembershipDetails: details });
    }
  }

  return {
    kind: 'local',
    calls,
    injectFaults(next) {
      faults = { ...next };
    },
    async ready() {
      await db.query('SELECT 1 FROM local_teams_directory LIMIT 1');
    },
    async seed(tenant, tx) {
      const { users, callingSettings, ...directory } = tenant;
      await tx.exec('DELETE FROM local_teams_settings; DELETE FROM local_teams_users; DELETE FROM local_teams_directory;');
      const userRows = users.map((u) => ({ object_id: userRefKey(u.Identity), upn: userRefKey(u.UserPrincipalName), sip: normalizeSip(u.SipAddress), data: u }));
      await bulkInsert(tx, userRows, { table: 'local_teams_users', columns: [['object_id', 'text'], ['upn', 'text'], ['sip', 'text'], ['data', 'jsonb']] });
      const settingsRows = callingSettings.map((settings) => ({ sip: normalizeSip(settings.SipUri), data: settings }));
      await bulkInsert(tx, settingsRows, { table: 'local_teams_settings', columns: [['sip', 'text'], ['data', 'jsonb']] });
      await tx.query('INSERT INTO local_teams_directory (data) VALUES ($1::jsonb)', [JSON.stringify(directory satisfies DirectoryDoc)]);
    },
    async readDirectory() {
      await enter('readDirectory');
      const [directory] = await db.query<{ data: DirectoryDoc }>('SELECT data FROM local_teams_directory');
      if (!directory) throw new GatewayError('not-found', 'The local tenant is empty: import a snapshot first (cgm import FILE).');
      // In pages along the object id index, as Get-CsOnlineUser pages: a benchmark's Teams shares the app's database.
      const rows = await readInPages(
        (after) => db.query<{ objectId: string; data: User }>('SELECT object_id AS "objectId", data FROM local_teams_users WHERE object_id > $1 ORDER BY object_id LIMIT 2000', [after]),
        (row) => row.objectId,
      );
      return { ...directory.data, users: rows.map((row) => row.data) };
    },
    async readSettings(identity) {
      await enter('readSettings');
      // One statement for the user and their settings: sync reads every user, so a round trip saved here is one per user.
      const key = userRefKey(identity);
      const rows = await db.query<{ sip: string; data: CallingSettings | null }>(
        'SELECT u.sip, s.data FROM local_teams_users u LEFT JOIN local_teams_settings s ON s.sip = u.sip WHERE u.object_id = $1 OR u.upn = $1 OR u.sip = $2 LIMIT 1',
        [key, normalizeSip(key)],
      );
      const row = rows[0];
      if (!row) throw new GatewayError('not-found', `Management object not found for identity "${identity}".`);
      return row.data ?? defaultCallingSettings(row.sip);
    },
    async readSettingsMany(identities) {
      const outcomes = new Map<string, CallingSettings | GatewayError>();
      const asked: string[] = [];
      for (const identity of identities) {
        try {
          await enter('readSettings');
          asked.push(identity);
        } catch (error) {
          if (!(error instanceof GatewayError)) throw error;
          outcomes.set(identity, error);
        }
      }
      const keys = asked.map(userRefKey);
      const rows = await db.query<{ ref: string; sip: string; data: CallingSettings | null }>(
        `SELECT r.ref, u.sip, s.data FROM unnest($1::text[], $2::text[]) AS r(ref, sip_ref)
         CROSS JOIN LATERAL (SELECT sip FROM local_teams_users WHERE object_id = r.ref OR upn = r.ref OR sip = r.sip_ref LIMIT 1) u
         LEFT JOIN local_teams_settings s ON s.sip = u.sip`,
        [keys, keys.map(normalizeSip)],
      );
      const byKey = new Map(rows.map((row) => [row.ref, row.data ?? defaultCallingSettings(row.sip)] as const));
      for (const identity of asked) {
        outcomes.set(identity, byKey.get(userRefKey(identity)) ?? new GatewayError('not-found', `Management object not found for identity "${identity}".`));
      }
      return outcomes;
    },
    async applyWrite(write: SettingsWrite) {
      await enter('applyWrite');
      const problems = validateSettingsWrite(write);
      if (problems.length > 0) throw new GatewayError('rejected', `${write.cmdlet}: ${problems.map((p) => p.message).join(' ')}`);
      await db.transaction(async (tx) => {
        const user = await findUser(tx, write.identity);
        const sip = normalizeSip(user.SipAddress);
        const before = await settingsOf(tx, sip, true);
        const after = applySettingsWrite(before, write);
        const refusal = [...introducedProblems(before, after), ...parameterLimits(after, write)];
        if (refusal.length > 0) throw new GatewayError('rejected', `${write.cmdlet}: ${refusal.join(' ')}`);
        await saveSettings(tx, sip, after);
        if (write.parameterSet === 'CallGroup') await updateMemberships(tx, sip, before.CallGroupTargets, after.CallGroupTargets);
      }).catch((error: unknown) => {
        // Two owners adding each other at the same moment lock the same two rows in opposite
        // orders; PostgreSQL aborts one. Teams would have taken both: the worker retries.
        if ((error as { code?: string }).code === '40P01') throw new GatewayError('transient', 'The write collided with another one; try again.');
        throw error;
      });
    },
    async close() {
      // The database is owned by the composition root, which closes it.
    },
  };
}

/** Limits Teams checks on the values of the CallGroup parameter set itself. */
function parameterLimits(after: CallingSettings, write: SettingsWrite): string[] {
  if (write.parameterSet !== 'CallGroup') return [];
  const problems: string[] = [];
  if (after.CallGroupTargets.length > MAX_CALL_GROUP_MEMBERS) problems.push(`A call group can have at most ${MAX_CALL_GROUP_MEMBERS} members.`);
  if (after.CallGroupOrder === 'InOrder' && after.CallGroupTargets.length > MAX_IN_ORDER_MEMBERS) {
    problems.push(`InOrder ringing is supported for at most ${MAX_IN_ORDER_MEMBERS} call group members.`);
  }
  return problems;
}
