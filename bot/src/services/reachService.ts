import type { Finding, InstallRunSummary, ProactiveInstallMode, ProblemKind, UnreachedPeople, UnreachedPerson } from '@cgm/core';
import { MAX_UNREACHED_LISTED, PROBLEM_KINDS } from '@cgm/core';
import type { Clock } from './clock.js';
import type { GroupMemberReader } from './findingAudience.js';
import { recipientsOfFindings } from './findingAudience.js';

/**
 * Who the bot cannot reach. Teams lets a bot message a person only once its app is installed
 * in their personal scope, which is also when the bot is handed the conversation; a person
 * concerned by an open finding without such a conversation is told nothing. This is computed
 * when asked, from the open findings, who they concern and the stored conversations, so it
 * needs no record of its own and is right after a restart. Who a finding concerns is core's
 * findingRecipients, the rule the notifier sends by. With proactive install on, the
 * server asks Microsoft Graph to install the app for them; the install event then hands the
 * bot the conversation and the notices waiting for them go out.
 */

/** A person with no personal chat with the bot, as the directory knows them. */
export interface UnreachedRow {
  readonly sip: string;
  /** Null when the person is not in the synced directory. */
  readonly displayName: string | null;
  /** Their Entra object id, what Graph installs for; null when not in the directory. */
  readonly objectId: string | null;
}

/** The storage this service reads; store/reachQueries.ts implements it. */
export interface ReachPort extends GroupMemberReader {
  /** Every open finding. */
  openFindings(): Promise<Finding[]>;
  /** Those of `sips` the bot has no personal chat with. */
  withoutPersonalChat(sips: readonly string[]): Promise<UnreachedRow[]>;
}

/** What asking Microsoft Graph to install the app for one person came to. */
export type InstallOutcome = 'installed' | 'already-installed' | 'forbidden' | 'failed';

/** Installs the app in a person's personal scope (gateway/graph/teamsAppInstaller.ts). */
export interface AppInstaller {
  install(objectId: string): Promise<InstallOutcome>;
}

export interface ReachLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ReachServiceOptions {
  readonly port: ReachPort;
  readonly clock: Clock;
  readonly logger: ReachLogger;
  /** Absent when PROACTIVE_INSTALL=off: nobody is installed for. */
  readonly installer?: AppInstaller;
  /** A person is asked for again only after this long (default a day): an install Teams has not reported yet is not repeated every run. */
  readonly retryAfterMs?: number;
  /** Installs asked for in one run at most (default 50), so a burst of findings stays within Graph's Teams limits. */
  readonly installsPerRun?: number;
}

/** What one proactive-install run did. */
export interface InstallRun {
  readonly asked: number;
  readonly installed: number;
  readonly alreadyInstalled: number;
  /** True when Graph refused the permission: the run stopped at the first refusal. */
  readonly forbidden: boolean;
}

export interface ReachService {
  /** People concerned by open findings whom no notice can reach, most findings first. */
  unreached(): Promise<UnreachedPeople>;
  /** With proactive install on: ask Graph to install the app for the unreached people not asked recently. */
  installMissing(): Promise<InstallRun>;
}

/** The permission Graph refuses without; named in the log so an admin knows what to grant. */
export const INSTALL_PERMISSION = 'TeamsAppInstallation.ReadWriteForUser.All';
const DAY_MS = 86_400_000;

interface Concern {
  findings: number;
  readonly kinds: Set<ProblemKind>;
}

export function createReachService(options: ReachServiceOptions): ReachService {
  const { port, clock, logger, installer } = options;
  const retryAfterMs = options.retryAfterMs ?? DAY_MS;
  const installsPerRun = options.installsPerRun ?? 50;
  // When each person was last asked for; kept in memory: after a restart one more ask is harmless (Graph answers 409).
  const asked = new Map<string, number>();
  const mode: ProactiveInstallMode = installer ? 'graph' : 'off';
  // What this instance's last run did, so the health view can say that Graph refused the permission.
  let lastRun: InstallRunSummary | undefined;

  /** Everyone concerned by an open finding and unreachable, with what concerns them. */
  async function unreachedRows(): Promise<{ row: UnreachedRow; concern: Concern }[]> {
    const findings = await port.openFindings();
    const concerns = new Map<string, Concern>();
    for (const recipients of await recipientsOfFindings(findings, port)) {
      // A finding counts once per person, however many roles they have in it.
      const seen = new Set<string>();
      for (const recipient of recipients) {
        const sip = recipient.sip;
        const concern = concerns.get(sip) ?? { findings: 0, kinds: new Set<ProblemKind>() };
        if (!seen.has(sip)) concern.findings += 1;
        seen.add(sip);
        concern.kinds.add(recipient.kind);
        concerns.set(sip, concern);
      }
    }
    if (concerns.size === 0) return [];
    const rows = await port.withoutPersonalChat([...concerns.keys()]);
    return rows.flatMap((row) => {
      const concern = concerns.get(row.sip);
      return concern ? [{ row, concern }] : [];
    });
  }

  return {
    async unreached() {
      const people: UnreachedPerson[] = (await unreachedRows()).map(({ row, concern }) => ({
        sip: row.sip,
        displayName: row.displayName ?? row.sip,
        findings: concern.findings,
        kinds: PROBLEM_KINDS.filter((kind) => concern.kinds.has(kind)),
      }));
      people.sort((a, b) => b.findings - a.findings || a.displayName.localeCompare(b.displayName) || a.sip.localeCompare(b.sip));
      return { people: people.slice(0, MAX_UNREACHED_LISTED), total: people.length, proactiveInstall: mode, ...(lastRun ? { lastInstallRun: lastRun } : {}) };
    },

    async installMissing() {
      const run = { asked: 0, installed: 0, alreadyInstalled: 0, forbidden: false };
      if (!installer) return run;
      const now = clock.now().getTime();
      // Those most findings concern first: a run cut at installsPerRun reaches them before the others.
      const due = (await unreachedRows())
        .sort((a, b) => b.concern.findings - a.concern.findings || a.row.sip.localeCompare(b.row.sip))
        .map(({ row }) => row)
        .filter((row): row is UnreachedRow & { objectId: string } => row.objectId !== null && now - (asked.get(row.sip) ?? -Infinity) >= retryAfterMs)
        .slice(0, installsPerRun);
      for (const row of due) {
        asked.set(row.sip, now);
        run.asked += 1;
        const outcome = await installer.install(row.objectId);
        if (outcome === 'installed') run.installed += 1;
        if (outcome === 'already-installed') run.alreadyInstalled += 1;
        if (outcome === 'forbidden') {
          // Every other person would be refused the same way: stop, and say what to grant.
          asked.delete(row.sip);
          run.forbidden = true;
          logger.warn(`PROACTIVE_INSTALL=graph but Microsoft Graph refused to install the app (403): grant the server's identity the application permission ${INSTALL_PERMISSION} with admin consent (README, "Reaching people")`, { sip: row.sip });
          break;
        }
      }
      if (run.asked > 0) {
        logger.info('proactive install run', { ...run });
        lastRun = { at: new Date(now).toISOString(), ...run };
      }
      return run;
    },
  };
}
