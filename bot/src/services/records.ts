import type { CallingSettings, Finding, FindingCode, Severity } from '@cgm/core';

// The records services read and write through their storage ports. They belong to the service
// layer, so a service names them without importing store/; the store's modules re-export them.

/** A finding with its history: when it was first and last seen, resolved, notified, snoozed. */
export interface StoredFinding {
  /** core's `findingKey`: code, subject and related. */
  readonly key: string;
  readonly finding: Finding;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly resolvedAt: Date | null;
  readonly notifiedAt: Date | null;
  readonly snoozedUntil: Date | null;
}

/** What a reconcile changed: findings that opened (new or back again) and findings that went away. */
export interface ReconcileResult {
  readonly added: readonly Finding[];
  readonly resolved: readonly Finding[];
}

export interface FindingFilter {
  readonly code?: FindingCode;
  readonly severity?: Severity;
  readonly subject?: string;
  readonly openOnly: boolean;
}

/** One thing that happened, for the append-only trail admins and auditors read. */
export interface AuditEntry {
  readonly at: Date;
  /** A user's canonical `sip:` URI, or `system`. */
  readonly actor: string;
  /** `request.proposed`, `request.approved`, `apply.step`, `drift.detected`, … */
  readonly action: string;
  readonly requestId?: string | null;
  readonly subject?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends Required<AuditEntry> {
  /** Increasing in insertion order; the cursor of `recent`. */
  readonly id: number;
}

/** open: waiting for an admin; accepted: the direct edit stays; reverted: the app wrote the old settings back. */
export type DriftStatus = 'open' | 'accepted' | 'reverted';

/** A change seen in Teams that no applied request explains (someone edited in the Teams client). */
export interface DriftRecord {
  readonly id: string;
  readonly subjectSip: string;
  readonly settingsGroup: string;
  readonly beforeSettings: CallingSettings;
  readonly afterSettings: CallingSettings;
  readonly detectedAt: Date;
  readonly status: DriftStatus;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
}
