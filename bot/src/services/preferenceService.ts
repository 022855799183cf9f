import type { NoticeKind, NoticeMode, NoticePreferences, PreferencesUpdate, Problem } from '@cgm/core';
import { APPROVER_NOTICE_KINDS, DEFAULT_DAILY_HOUR, DEFAULT_NOTICE_MODES, NOTICE_KINDS, NOTICE_MODES, normalizeSip } from '@cgm/core';
import type { Clock } from './clock.js';
import type { Principal } from './principal.js';
import { ServiceError } from './serviceError.js';
import type { PreferenceRepositories, StorageBundle } from './storage.js';

/**
 * What each person chooses to hear, one set per person. Only their own choices are stored;
 * the defaults in core's contract fill the rest when read, so the notifier, the tab and the
 * bot's card always see every kind.
 */

/** What is stored for one person: only what they chose (null: the default). */
export interface StoredPreferences {
  readonly notices: Readonly<Partial<Record<NoticeKind, NoticeMode>>>;
  readonly dailyHour: number | null;
  readonly timeZone: string | null;
  readonly quietHours: { readonly start: string; readonly end: string } | null;
}

/** A partial change, already checked: what it names replaces the stored value, the rest stays. */
export interface PreferenceChange {
  readonly notices: Readonly<Partial<Record<NoticeKind, NoticeMode>>>;
  readonly dailyHour?: number;
  readonly timeZone?: string;
  /** Absent: unchanged; null: no quiet hours. */
  readonly quietHours?: { readonly start: string; readonly end: string } | null;
}

/** The storage preferences use; store/preferenceStore.ts implements it. */
export interface PreferencePort {
  /** One person's choices; undefined when they never chose anything. */
  read(sip: string): Promise<StoredPreferences | undefined>;
  /** The choices of those of `sips` who made any, by sip, in one statement. */
  readMany(sips: readonly string[]): Promise<Map<string, StoredPreferences>>;
  /** Merges `change` into the person's choices in one statement (two updates at once both land) and returns the result. */
  merge(sip: string, change: PreferenceChange, at: Date): Promise<StoredPreferences>;
}

export interface PreferenceService {
  /** The signed-in person's preferences, every kind filled in. */
  get(principal: Principal): Promise<NoticePreferences>;
  /** Changes what `update` names and nothing else; refused whole (nothing stored) when any part is refused. */
  update(principal: Principal, update: PreferencesUpdate): Promise<NoticePreferences>;
  /** Everyone's preferences for the notifier, by canonical sip, the defaults for people who never chose; one query. */
  preferencesOf(sips: readonly string[]): Promise<Map<string, NoticePreferences>>;
}

const APPROVER_ONLY: ReadonlySet<NoticeKind> = new Set(APPROVER_NOTICE_KINDS);
const KNOWN_KINDS: ReadonlySet<string> = new Set(NOTICE_KINDS);
const KNOWN_MODES: ReadonlySet<string> = new Set(NOTICE_MODES);

/** What the person chose over the defaults. A stored kind or mode no longer in the contract is ignored, not passed on. */
export function withDefaults(stored: StoredPreferences | undefined): NoticePreferences {
  const notices: Record<NoticeKind, NoticeMode> = { ...DEFAULT_NOTICE_MODES };
  for (const [kind, mode] of Object.entries(stored?.notices ?? {})) {
    if (KNOWN_KINDS.has(kind) && mode !== undefined && KNOWN_MODES.has(mode)) notices[kind as NoticeKind] = mode;
  }
  return { notices, dailyHour: stored?.dailyHour ?? DEFAULT_DAILY_HOUR, timeZone: stored?.timeZone ?? null, quietHours: stored?.quietHours ?? null };
}

/** Approver kinds named by someone who does not approve: refused, each by its field, so the tab can say which. */
function approverOnlyProblems(principal: Principal, update: PreferencesUpdate): Problem[] {
  if (principal.isApprover) return [];
  return Object.keys(update.notices ?? {})
    .filter((kind) => APPROVER_ONLY.has(kind as NoticeKind))
    .map((kind) => ({ code: 'approvers-only', path: `notices.${kind}`, message: `notices.${kind} is for approvers only; you do not approve changes.` }));
}

export function createPreferenceService(deps: { stores: StorageBundle<PreferenceRepositories>; clock: Clock }): PreferenceService {
  const { stores, clock } = deps;
  return {
    async get(principal) {
      return withDefaults(await stores.preferences.read(principal.sip));
    },
    async update(principal, update) {
      const problems = approverOnlyProblems(principal, update);
      if (problems.length > 0) throw new ServiceError('rule-violation', 'Some notices are for approvers only; nothing was changed.', problems);
      const change: PreferenceChange = {
        notices: update.notices ?? {},
        ...(update.dailyHour !== undefined && { dailyHour: update.dailyHour }),
        ...(update.timeZone !== undefined && { timeZone: update.timeZone }),
        ...(update.quietHours !== undefined && { quietHours: update.quietHours }),
      };
      return withDefaults(await stores.preferences.merge(principal.sip, change, clock.now()));
    },
    async preferencesOf(sips) {
      const wanted = [...new Set(sips.map(normalizeSip))];
      const stored = wanted.length > 0 ? await stores.preferences.readMany(wanted) : new Map<string, StoredPreferences>();
      return new Map(wanted.map((sip) => [sip, withDefaults(stored.get(sip))]));
    },
  };
}
