import type { AudienceContext, Finding, FindingRecipient } from '@cgm/core';
import { findingRecipients, normalizeSip } from '@cgm/core';

/** The members of owners' call groups as the reverse index resolved them: canonical sips, by canonical owner sip. */
export interface GroupMemberReader {
  membersOf(ownerSips: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
}

/**
 * What core's findingRecipients needs that a finding does not say: CG10 names the owner only, and
 * its notices go to the members of the owner's group. Teams keeps each target as it was written
 * (a UPN, an object id, a SIP address in any case), so the members are read as the reverse index
 * resolved them, never from the raw targets: a member written as a UPN is told like any other.
 */
export async function audienceContext(findings: readonly Finding[], members: GroupMemberReader): Promise<AudienceContext> {
  const owners = [...new Set(findings.filter((finding) => finding.code === 'CG10').map((finding) => normalizeSip(finding.subject)))];
  if (owners.length === 0) return {};
  const byOwner = await members.membersOf(owners);
  return { membersOf: (owner) => byOwner.get(normalizeSip(owner)) ?? [] };
}

/**
 * Everyone each finding concerns, in the findings' order: the one rule the notifier sends by, a
 * person's own problems are checked against and Tenant health's "not reached" list counts.
 */
export async function recipientsOfFindings(findings: readonly Finding[], members: GroupMemberReader): Promise<FindingRecipient[][]> {
  const context = await audienceContext(findings, members);
  return findings.map((finding) => findingRecipients(finding, context));
}
