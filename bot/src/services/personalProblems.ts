import type { ApprovalPolicy, Finding, FindingRecipient, ProblemAction, SettingsChange, User } from '@cgm/core';
import { PROBLEM_ACTIONS, findingRecipients, needsApproval, normalizeSip, planMemberRemoval, problemId, problemText } from '@cgm/core';
import type { Clock } from './clock.js';
import { recipientsOfFindings } from './findingAudience.js';
import { planFindingCleanup } from './healthService.js';
import type { PlannedCleanup } from './healthService.js';
import type { Principal } from './principal.js';
import type { StoredFinding } from './records.js';
import type { RequestService, RequestSubmission, StoredRequest } from './requestService.js';
import { ServiceError } from './serviceError.js';
import type { ProblemRepositories, RequestRepositories, StorageBundle } from './storage.js';

/**
 * A person's own problems: the open findings that concern them (core's findingRecipients), and
 * what they do about them. Remove, Fix and Clear are change requests pre-filled from core's
 * plan with the person as requester, so the approval policy applies as to any change of theirs;
 * Leave is the member's leave request; Keep for now hides the problem from them for a while.
 */

/** How long Keep for now hides a problem, unless the composition root says otherwise. */
export const DEFAULT_SNOOZE_DAYS = 7;

export interface PersonalProblem {
  /** core's problemId: stable, URL-safe, one per finding and person. */
  readonly id: string;
  readonly finding: StoredFinding;
  readonly recipient: FindingRecipient;
  readonly title: string;
  readonly detail: string;
  /** The person the actions name: their directory record, or none for someone who left. */
  readonly about?: { readonly sip: string; readonly user?: User };
  /** The person's own request for this problem still on its way (pending, or approved and not applied yet). */
  readonly request?: StoredRequest;
  /** Set while Keep for now hides it (acting stays possible, from a card sent earlier). */
  readonly snoozedUntil?: Date;
}

export type ProblemOutcome = { readonly kind: 'requested'; readonly request: StoredRequest } | { readonly kind: 'snoozed'; readonly until: Date };

export interface PersonalProblemService {
  /** The open problems that concern `principal`, minus those they chose to keep for now. */
  problemsOf(principal: Principal): Promise<PersonalProblem[]>;
  /**
   * Do `action` about one of the principal's own problems. Refused as not-found for a problem
   * that is not theirs, resolved or unknown (alike, so an id reveals nothing about anyone
   * else), as a rule-violation naming `action` for an action this problem does not offer, and
   * as a conflict while their request for it is still on its way.
   */
  act(principal: Principal, problemId: string, action: string): Promise<ProblemOutcome>;
  /** Everyone a finding concerns, with the members CG10 does not list: what the notifier sends to. */
  recipientsOf(finding: Finding): Promise<FindingRecipient[]>;
}

export interface PersonalProblemOptions {
  readonly stores: StorageBundle<ProblemRepositories & RequestRepositories>;
  readonly requests: Pick<RequestService, 'requestRemoval'> & Pick<RequestSubmission, 'submitWithin' | 'announce'>;
  readonly clock: Clock;
  readonly approvalPolicy: ApprovalPolicy;
  readonly snoozeDays?: number;
}

const ON_ITS_WAY: ReadonlySet<string> = new Set(['pending', 'approved']);
const isAction = (value: string): value is ProblemAction => (PROBLEM_ACTIONS as readonly string[]).includes(value);
const addressOf = (sip: string) => sip.replace(/^sip:/, '');

export function createPersonalProblems(options: PersonalProblemOptions): PersonalProblemService {
  const { stores, clock } = options;
  const snoozeMs = (options.snoozeDays ?? DEFAULT_SNOOZE_DAYS) * 86_400_000;

  /** Every open problem of the principal, snoozed ones included, worded for them. */
  async function allProblems(principal: Principal): Promise<PersonalProblem[]> {
    const me = principal.sip;
    const [findings, snoozes, mine] = await Promise.all([
      stores.problems.openConcerning(me),
      stores.problems.snoozes(me, clock.now()),
      stores.requests.listByRequester(me, 50),
    ]);
    const found = findings.flatMap((stored) => {
      // The query found CG10 through the principal's own membership, so they are its member.
      const recipient = findingRecipients(stored.finding, { membersOf: () => [me] }).find((r) => r.sip === me);
      return recipient ? [{ stored, recipient }] : [];
    });
    const people = await namesOf(found.flatMap(({ recipient }) => (recipient.about ? [recipient.about] : [])));
    const nameOf = (sip: string) => people.get(sip)?.DisplayName ?? addressOf(sip);
    return found.map(({ stored, recipient }) => {
      const id = problemId(stored.finding, me);
      const request = mine.find((r) => r.findingKey === stored.key && ON_ITS_WAY.has(r.status));
      const snoozedUntil = snoozes.get(id);
      const about = recipient.about === undefined ? undefined : { sip: recipient.about, user: people.get(recipient.about) };
      return { id, finding: stored, recipient, ...problemText(stored.finding, recipient, nameOf), ...(about ? { about } : {}), ...(request ? { request } : {}), ...(snoozedUntil ? { snoozedUntil } : {}) };
    });
  }

  async function namesOf(sips: readonly string[]): Promise<Map<string, User>> {
    const unique = [...new Set(sips)];
    const users = await Promise.all(unique.map((sip) => stores.tenant.userByRef(sip)));
    return new Map(unique.flatMap((sip, index) => (users[index] ? [[sip, users[index]] as const] : [])));
  }

  /**
   * A change request from core's plan, the principal requesting, approved as any change of theirs
   * would be. Stored under a lock per person and finding, after checking again that none of theirs
   * is on its way: two clicks at once (a card and the tab, a double click) make one request, and
   * the other is a conflict instead of a second request superseding or racing the first.
   */
  async function requestCleanup(principal: Principal, problem: PersonalProblem, plan: PlannedCleanup, settingsGroup: string, asChange: SettingsChange): Promise<StoredRequest> {
    const { finding, key } = problem.finding;
    const created = await stores.transaction(async (tx) => {
      await tx.problems.lockActing(principal.sip, key);
      const onItsWay = await tx.problems.requestOnItsWay(principal.sip, key);
      if (onItsWay) throw alreadyAsked(onItsWay.status);
      return options.requests.submitWithin(tx, {
        requester: principal.sip,
        subject: plan.subject,
        kind: 'cleanup',
        settingsGroup,
        change: { kind: 'cleanup', findingKey: key, summary: plan.summary },
        before: plan.before,
        desired: plan.desired,
        writes: plan.writes,
        notes: { summary: plan.summary, finding },
        needsApproval: needsApproval(options.approvalPolicy, asChange, plan.before, plan.desired),
        findingKey: key,
      });
    });
    await options.requests.announce(created);
    return created;
  }

  /** Remove, Fix and Clear change the principal's own settings: the finding's subject is them. */
  async function planOwn(principal: Principal, problem: PersonalProblem, action: ProblemAction): Promise<PlannedCleanup> {
    const finding = problem.finding.finding;
    if (normalizeSip(finding.subject) !== principal.sip) throw new ServiceError('forbidden', 'Only the person whose settings these are can change them.');
    const about = problem.recipient.about;
    if (action === 'remove' && about !== undefined) return planFindingCleanup(stores, finding, (lookup, owner) => planMemberRemoval(lookup, owner, about));
    return planFindingCleanup(stores, finding);
  }

  async function requestFor(principal: Principal, problem: PersonalProblem, action: Exclude<ProblemAction, 'keep'>): Promise<StoredRequest> {
    const code = problem.finding.finding.code;
    const about = problem.recipient.about ?? '';
    if (action === 'leave') {
      const owner = await stores.tenant.userByRef(about);
      if (!owner) throw new ServiceError('not-found', 'That call group’s owner is no longer in the directory.');
      return options.requests.requestRemoval(principal, owner);
    }
    const plan = await planOwn(principal, problem, action);
    const callGroup: SettingsChange = { kind: 'callGroup', order: plan.desired.CallGroupOrder, targets: [...plan.desired.CallGroupTargets] };
    if (action === 'clear') {
      // Clearing a stale entry is the member's own notification setting for that owner (as PUT /api/me/memberships/:ownerId).
      const asChange: SettingsChange = { kind: 'membershipNotification', ownerId: about, notification: 'Mute' };
      return requestCleanup(principal, problem, plan, `membership:${normalizeSip(about)}`, asChange);
    }
    return requestCleanup(principal, problem, plan, `cleanup:${code}`, callGroup);
  }

  return {
    async problemsOf(principal) {
      return (await allProblems(principal)).filter((problem) => problem.snoozedUntil === undefined);
    },
    async act(principal, id, action) {
      if (!isAction(action)) throw notOffered(action, PROBLEM_ACTIONS);
      const problem = (await allProblems(principal)).find((candidate) => candidate.id === id);
      if (!problem) throw new ServiceError('not-found', 'No open problem of yours with that id.');
      if (!problem.recipient.actions.includes(action)) throw notOffered(action, problem.recipient.actions);
      if (action === 'keep') {
        const until = new Date(clock.now().getTime() + snoozeMs);
        await stores.problems.snooze(principal.sip, id, problem.finding.key, until);
        return { kind: 'snoozed', until };
      }
      if (problem.request) throw alreadyAsked(problem.request.status);
      return { kind: 'requested', request: await requestFor(principal, problem, action) };
    },
    async recipientsOf(finding) {
      const members = { membersOf: async (owners: readonly string[]) => new Map(await Promise.all(owners.map(async (owner) => [owner, await stores.problems.membersOf(owner)] as const))) };
      const [recipients] = await recipientsOfFindings([finding], members);
      return recipients ?? [];
    },
  };
}

function alreadyAsked(status: string): ServiceError {
  return new ServiceError('conflict', `You already asked for this: your request is ${status}.`);
}

function notOffered(action: string, offered: readonly ProblemAction[]): ServiceError {
  return new ServiceError('rule-violation', `“${action}” is not something you can do about this problem.`, [
    { code: 'action-not-allowed', path: 'action', message: `The action must be one of: ${offered.join(', ')}.` },
  ]);
}
