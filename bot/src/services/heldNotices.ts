import type { NoticeKind } from '@cgm/core';

/**
 * Notices a person's preferences hold back, waiting in the database: until their quiet hours
 * end (`hold`), or for their next daily summary (`daily`). The bot's notifier queues them and
 * its release job claims what is due; store/heldNoticeStore.ts implements the port over SQL.
 */

/** Which view of the personal tab a held notice's line links to (the manifest's static tab entity ids). */
export type TabView = 'call-group' | 'approvals';

/** What a notice needs to be rendered again from the current state when it is released. */
export type HeldPayload = Readonly<Record<string, unknown>>;

/** One notice to hold, as queued. */
export interface HeldNoticeInput {
  readonly recipientSip: string;
  /** The notice's key (`personal:<problemId>`, `request:<id>:proposed`, …): the same key delivers it once. */
  readonly noticeKey: string;
  readonly kind: NoticeKind;
  readonly mode: 'hold' | 'daily';
  readonly subjectId: string;
  readonly cardKind: string;
  /** The daily summary's line for it, in plain words. */
  readonly line: string;
  readonly tab: TabView;
  readonly payload: HeldPayload;
  /** When it may go: the end of quiet hours, or the daily summary's time. */
  readonly releaseAt: Date;
}

/** A queued notice, as claimed for release. */
export interface HeldNotice extends HeldNoticeInput {
  readonly id: number;
  readonly queuedAt: Date;
}

/** The storage of held notices. */
export interface HeldNoticePort {
  /** Queue a notice; false when the person already has it queued (or released): nothing changes then. */
  enqueue(notice: HeldNoticeInput, now: Date): Promise<boolean>;
  /**
   * Claim the due notices of up to `people` people (every due notice of each, so a daily summary
   * is built from all of them) and lease them for `leaseMs`. Concurrent claimers in any instance
   * never receive the same notice while its lease runs.
   */
  claimDue(now: Date, leaseMs: number, people: number): Promise<HeldNotice[]>;
  /** The notices were sent, or are no longer relevant: never released again. */
  released(ids: readonly number[], now: Date): Promise<void>;
  /** Try again at `at` (a daily summary already sent today, a failed delivery): the lease ends. */
  postpone(ids: readonly number[], at: Date): Promise<void>;
}
