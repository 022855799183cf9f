import type { FindingCode, Severity } from '@cgm/core';
import type { DriftRecord } from './records.js';
import type { StoredFinding } from './records.js';
import type { Clock } from './clock.js';

export type { DriftRecord, StoredFinding };

/** How many findings are open at each severity, and the worst of them. */
export interface FindingSummaryRows {
  readonly counts: Readonly<Record<Severity, number>>;
  /** Worst first; `fixRequested` when a pending or approved request cleans it up. */
  readonly worst: readonly { readonly stored: StoredFinding; readonly fixRequested: boolean }[];
}

/** The storage the overview reads and writes; store/healthOverviewQueries.ts implements it. */
export interface HealthOverviewPort {
  /** Counts by severity and the `limit` worst open findings, without reading the others. */
  summary(limit: number): Promise<FindingSummaryRows>;
  /** Open findings of one code, worst first. */
  openFindings(code: FindingCode): Promise<StoredFinding[]>;
  snooze(key: string, until: Date): Promise<boolean>;
  dueForNotification(now: Date): Promise<StoredFinding[]>;
  markNotified(keys: readonly string[], now: Date): Promise<void>;
  drift(id: string): Promise<DriftRecord | undefined>;
  /** Findings by key, open or resolved (unknown keys are left out). */
  findings(keys: readonly string[]): Promise<StoredFinding[]>;
  /** Open findings first seen at or after `since`. */
  openSince(since: Date): Promise<StoredFinding[]>;
}

/** Where an open finding stands for the people who act on it. */
export type OpenFindingState = 'open' | 'fix-requested' | 'snoozed';

/** The health summary: counts by severity and the worst findings with where they stand. */
export interface HealthSummary {
  readonly counts: Readonly<Record<Severity, number>>;
  readonly worst: readonly { readonly stored: StoredFinding; readonly state: OpenFindingState }[];
}

/** Tenant health as approvers see it in chat: the summary, a code's open findings, snoozing, the daily digest, drift records. */
export interface HealthOverviewService {
  /** Counts of open findings by severity and the `limit` worst. */
  summary(limit: number): Promise<HealthSummary>;
  openFindings(code: FindingCode): Promise<StoredFinding[]>;
  /** Keep a finding out of digests for `days`; false for an unknown finding. */
  snooze(key: string, days: number): Promise<boolean>;
  /** Open findings nobody was told about and not snoozed at `now`, worst first. */
  dueForDigest(now: Date): Promise<StoredFinding[]>;
  markNotified(keys: readonly string[], now: Date): Promise<void>;
  /** A change made directly in Teams, as recorded. */
  drift(id: string): Promise<DriftRecord | undefined>;
  /** Findings by key as they stand now, open or resolved: a held notice is sent only while its finding is open. */
  findings(keys: readonly string[]): Promise<StoredFinding[]>;
  /** Open findings first seen at or after `since` (the personal notices' catch-up sweep). */
  openSince(since: Date): Promise<StoredFinding[]>;
}

export interface HealthOverviewOptions {
  readonly port: HealthOverviewPort;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;

export function createHealthOverviewService({ port, clock }: HealthOverviewOptions): HealthOverviewService {
  return {
    async summary(limit) {
      const rows = await port.summary(limit);
      const now = clock.now();
      // A requested fix says more than a snooze: the finding is about to go away.
      const stateOf = ({ stored, fixRequested }: FindingSummaryRows['worst'][number]): OpenFindingState =>
        fixRequested ? 'fix-requested' : stored.snoozedUntil && stored.snoozedUntil > now ? 'snoozed' : 'open';
      return { counts: rows.counts, worst: rows.worst.map((row) => ({ stored: row.stored, state: stateOf(row) })) };
    },
    openFindings: (code) => port.openFindings(code),
    snooze: (key, days) => port.snooze(key, new Date(clock.now().getTime() + days * DAY_MS)),
    dueForDigest: (now) => port.dueForNotification(now),
    markNotified: (keys, now) => (keys.length === 0 ? Promise.resolve() : port.markNotified(keys, now)),
    drift: (id) => port.drift(id),
    findings: (keys) => (keys.length === 0 ? Promise.resolve([]) : port.findings(keys)),
    openSince: (since) => port.openSince(since),
  };
}
