import type { AnsweringChange } from '../change/types.js';
import type { CallGroupOrder, CallingSettings, Delegate } from '../model/tenant.js';

/**
 * A cover: a change to one owner's calling settings with a start and an end ("cover while
 * I'm away"). It is the body of `POST /api/me/covers`, parsed by `coverSchema`. At the start
 * its parts are applied; at the end exactly those parts are taken back (`coverEndDesired`).
 */

/** What a delegate may do, as New-CsUserCallingDelegate takes it (every permission is mandatory there). */
export type DelegatePermissions = Omit<Delegate, 'Id'>;

/** Members who join the owner's call group for the cover, and optionally the ring order meanwhile. */
export interface CoverCallGroup {
  /** People as SIP URIs, UPNs or object ids; after `validateCover`, canonical `sip:` URIs. */
  readonly add: readonly string[];
  readonly order?: CallGroupOrder | undefined;
}

/** Either rule, or both, in the shapes of `POST /api/me/answering`. */
export interface CoverAnswering {
  readonly forwarding?: AnsweringChange['forwarding'] | undefined;
  readonly unanswered?: AnsweringChange['unanswered'] | undefined;
}

/** Someone made the owner's delegate for the cover. */
export interface CoverDelegate {
  /** The delegate, as SIP URI, UPN or object id; after `validateCover`, a canonical `sip:` URI. */
  readonly target: string;
  readonly permissions: DelegatePermissions;
}

export interface Cover {
  /** ISO 8601 instants with their offset. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly callGroup?: CoverCallGroup | undefined;
  readonly answering?: CoverAnswering | undefined;
  readonly delegate?: CoverDelegate | undefined;
}

/** The three parts a cover may touch; two covers of one owner overlap only on the same part. */
export const COVER_PARTS = ['callGroup', 'answering', 'delegate'] as const;
export type CoverPart = (typeof COVER_PARTS)[number];

export const COVER_STATUSES = ['pending', 'scheduled', 'active', 'ended', 'cancelled', 'rejected', 'failed'] as const;
export type CoverStatus = (typeof COVER_STATUSES)[number];
/** Covers that still will, or do, change the owner's settings: the ones a new cover can collide with. */
export const LIVE_COVER_STATUSES: readonly CoverStatus[] = ['pending', 'scheduled', 'active'];

/** One of the owner's other covers, as the service knows it. */
export interface OwnerCover {
  readonly id: string;
  readonly status: CoverStatus;
  readonly cover: Cover;
  /** For an active cover: the owner's settings just before and just after its start (what its end takes back). */
  readonly atStart?: CallingSettings | undefined;
  readonly afterStart?: CallingSettings | undefined;
}

/**
 * Something the start or end left alone, or took back, for one part, so the owner and the
 * covering person can be told ("Adele Vance was already removed").
 * `path` names the part as the cover body spells it (`callGroup.add[0]`, `answering.forwarding`,
 * `delegate`); `ref` is the person concerned, when there is one.
 */
export interface CoverNote {
  readonly code: CoverNoteCode;
  readonly path: string;
  readonly ref?: string | undefined;
  readonly message: string;
}

export type CoverNoteCode =
  /** The start found it already so (a member already in the group, a delegate with these permissions). */
  | 'already-so'
  /** The end took it back. */
  | 'taken-back'
  /** The owner had already taken it back by hand; the end does nothing for it. */
  | 'already-taken-back'
  /** The owner changed it by hand during the cover; their change stays. */
  | 'changed-by-owner'
  /** Taking it back would break a Teams rule, so it stays as it is (and why). */
  | 'kept';

/** The settings a cover's start writes, and what it found already so. */
export interface CoverStart {
  readonly desired: CallingSettings;
  readonly notes: readonly CoverNote[];
}
