import type { ApprovalPolicy, Cover, User } from '@cgm/core';
import { coverStartDesired, normalizeSip, planSettingsWrites, validateCover } from '@cgm/core';
import type { CoverRecord } from '../store/coverStore.js';
import type { Clock, IdSource } from './clock.js';
import { endCoverNow, extendCover } from './coverChanges.js';
import { coverLookup, coverNames, coverNeedsApproval, coverRequest, coverSummary, ownerCover } from './coverPlan.js';
import type { Principal } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';
import { ServiceError } from './serviceError.js';
import type { CoverRepositories, StorageBundle } from './storage.js';

export type { CoverRecord };

export interface CoverServiceOptions {
  readonly stores: StorageBundle<CoverRepositories>;
  /** The request service's submission path: a cover's approval is a change request of its owner. */
  readonly requests: RequestSubmission;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly approvalPolicy: ApprovalPolicy;
  /** Run the cover job now (a cover starting now, an end now): coverRunner's job. */
  readonly wake: () => void;
}

/** A cover with the names its view shows. */
export interface CoverWithNames {
  readonly cover: CoverRecord;
  readonly names: Readonly<Record<string, string>>;
}

/** Covers as the API uses them: each person's own, and for approvers those waiting for them. */
export interface CoverService {
  /** Validate with core (422 with every problem), then store it: pending for an approver, or scheduled. */
  create(principal: Principal, cover: Cover): Promise<CoverRecord>;
  /** My covers, newest first; for an approver also other people's covers waiting for a decision. */
  list(principal: Principal): Promise<{ covers: CoverWithNames[]; awaiting: CoverWithNames[] }>;
  /** One cover of mine (or, for an approver, anyone's); not-found otherwise, so an id leaks nothing. */
  get(principal: Principal, id: string): Promise<CoverWithNames>;
  /** Cancel a cover not started yet, or end an active one now (its end runs at once). */
  cancelOrEnd(principal: Principal, id: string): Promise<CoverRecord>;
  /** Move the end: later needs an approver when the cover did; earlier never does. */
  extend(principal: Principal, id: string, endsAt: string): Promise<{ cover: CoverRecord; needsApproval: boolean }>;
}

const MAX_LISTED = 50;

const namesIn = (users: readonly User[]) => Object.fromEntries(users.map((user) => [normalizeSip(user.SipAddress), user.DisplayName]));

export function createCoverService(options: CoverServiceOptions): CoverService {
  const { stores, clock, ids, requests } = options;

  const withNames = async (covers: readonly CoverRecord[]): Promise<CoverWithNames[]> => {
    const names = await Promise.all([...new Set(covers.map((cover) => cover.ownerSip))].map(async (owner) => coverNames(stores.slices, owner, covers.filter((cover) => cover.ownerSip === owner).map((cover) => cover.cover))));
    const all = Object.assign({}, ...names) as Record<string, string>;
    return covers.map((cover) => ({ cover, names: all }));
  };

  /** Mine, or anyone's for an approver; the same not-found either way. */
  async function visible(principal: Principal, id: string): Promise<CoverRecord> {
    const cover = await stores.covers.get(id);
    if (!cover || (cover.ownerSip !== principal.sip && !principal.isApprover)) throw new ServiceError('not-found', 'No such cover.');
    return cover;
  }

  return {
    async create(principal, body) {
      const owner = principal.user;
      const others = (await stores.covers.liveByOwner(principal.sip)).map(ownerCover);
      const settings = (await stores.tenant.settingsOf(principal.sip))?.settings;
      const { lookup, groupsOf } = await coverLookup(stores.slices, owner, [body, ...others.map((other) => other.cover)], settings);
      const now = clock.now();
      const validated = validateCover(body, { lookup, owner, otherCovers: others, groupsOf }, now);
      if (!validated.ok) throw new ServiceError('rule-violation', 'This cover cannot be made.', validated.problems);
      const { cover, atStart, desired } = validated.value;
      const needsApproval = coverNeedsApproval(options.approvalPolicy, atStart, desired);
      const names = namesIn([...lookup.users()]);
      const id = ids();
      const { created, request } = await stores.transaction(async (tx) => {
        let request: StoredRequest | undefined;
        if (needsApproval) {
          // The approver sees the cover against today's settings; the start is planned again when it comes.
          const current = lookup.settingsOf(owner);
          const preview = coverStartDesired(current, cover).desired;
          const writes = planSettingsWrites(current, preview, owner.UserPrincipalName);
          const summary = coverSummary(cover, names);
          request = await requests.submitWithin(
            tx,
            coverRequest({ id, cover }, 'approval', { requester: principal.sip, subject: owner, before: current, desired: preview, writes: writes.ok ? writes.value : [], needsApproval: true, summary, notes: cover }),
          );
        }
        const created = await tx.covers.create({
          id,
          ownerSip: principal.sip,
          status: needsApproval ? 'pending' : 'scheduled',
          cover,
          startsAt: new Date(cover.startsAt),
          endsAt: new Date(cover.endsAt),
          needsApproval,
          approvalRequestId: request?.id ?? null,
          createdAt: now,
        });
        if (!needsApproval) await tx.coverJobs.schedule(id, 'start', created.startsAt);
        await tx.audit.append({ at: now, actor: principal.sip, action: 'cover.proposed', requestId: request?.id, subject: principal.sip, details: { coverId: id, startsAt: cover.startsAt, endsAt: cover.endsAt, needsApproval } });
        return { created, request };
      });
      if (request) await requests.announce(request);
      else options.wake();
      return created;
    },

    async list(principal) {
      const mine = await stores.covers.listByOwner(principal.sip, MAX_LISTED);
      const awaiting = principal.isApprover ? (await stores.covers.awaitingApproval(MAX_LISTED)).filter((cover) => cover.ownerSip !== principal.sip) : [];
      return { covers: await withNames(mine), awaiting: await withNames(awaiting) };
    },

    async get(principal, id) {
      const cover = await visible(principal, id);
      return { cover, names: await coverNames(stores.slices, cover.ownerSip, [cover.cover]) };
    },

    async cancelOrEnd(principal, id) {
      const existing = await stores.covers.get(id);
      if (!existing || existing.ownerSip !== principal.sip) throw new ServiceError('not-found', 'No such cover of yours.');
      const cover = await stores.transaction((tx) => endCoverNow(tx, id, principal.sip, clock.now()));
      options.wake();
      return cover;
    },

    async extend(principal, id, endsAt) {
      const existing = await stores.covers.get(id);
      if (!existing || existing.ownerSip !== principal.sip) throw new ServiceError('not-found', 'No such cover of yours.');
      const others = (await stores.covers.liveByOwner(principal.sip)).filter((other) => other.id !== id).map(ownerCover);
      const moved: Cover = { ...existing.cover, endsAt };
      const settings = (await stores.tenant.settingsOf(principal.sip))?.settings;
      const { lookup, groupsOf } = await coverLookup(stores.slices, principal.user, [moved, ...others.map((other) => other.cover)], settings);
      const now = clock.now();
      const started = existing.status === 'active' || existing.startsAt.getTime() <= now.getTime();
      const validated = validateCover(moved, { lookup, owner: principal.user, otherCovers: others, groupsOf, started }, now);
      if (!validated.ok) throw new ServiceError('rule-violation', 'The cover cannot end then.', validated.problems);
      const later = new Date(endsAt).getTime() > existing.endsAt.getTime();
      const needsApproval = later && existing.needsApproval;
      const outcome = await stores.transaction((tx) =>
        extendCover(tx, { id, endsAt, needsApproval, principal, requests, summary: coverSummary(moved, namesIn([...lookup.users()])) }, now),
      );
      if (outcome.request) await requests.announce(outcome.request);
      options.wake();
      return { cover: outcome.cover, needsApproval };
    },
  };
}
