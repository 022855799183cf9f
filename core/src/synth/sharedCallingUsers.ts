import { SHARED_USER_DEFECTS } from './defects.js';
import type { Draft, DraftUser } from './draft.js';
import { nextNumber, sipOf } from './draft.js';
import { USER_NUMBER_PREFIX } from './names.js';
import { EMERGENCY, VOICE } from './policies.js';
import type { Site } from './sharedCallingSites.js';

/**
 * Defects of individual Shared Calling users (docs/findings.md SC20-SC24): the ways
 * a user put on a shared number still ends up not using it.
 */
export function applySharedUserDefects(draft: Draft, sites: readonly Site[]): void {
  if (draft.defectRate <= 0 || sites.length === 0) return;
  const byPolicy = new Map(sites.map((site) => [site.policyName, site] as const));
  for (const user of draft.users) {
    const site = user.TeamsSharedCallingRoutingPolicy ? byPolicy.get(user.TeamsSharedCallingRoutingPolicy) : undefined;
    if (!site || !draft.defectRng.chance(draft.defectRate)) continue;
    let kind = draft.defectRng.pick(SHARED_USER_DEFECTS);
    // The emergency routing check needs the resource number's type; the scan skips it when the number is gone.
    if (kind === 'emergencyRoutingMismatch' && !site.resolvable) kind = 'voiceRoutingHasUsages';
    applySharedUserDefect(draft, user, site, kind);
  }
}

function applySharedUserDefect(draft: Draft, user: DraftUser, site: Site, kind: (typeof SHARED_USER_DEFECTS)[number]): void {
  switch (kind) {
    case 'personalNumber': {
      // A personal number takes precedence over the shared one.
      const number = nextNumber(draft, USER_NUMBER_PREFIX, true);
      user.LineUri = `tel:${number}`;
      draft.phoneNumbers.push({
        TelephoneNumber: number, NumberType: 'DirectRouting', IsoCountryCode: 'US', Usage: 'Subscriber',
        AssignedPstnTargetId: user.Identity, LocationId: null,
      });
      break;
    }
    case 'voiceRoutingHasUsages':
      user.OnlineVoiceRoutingPolicy = VOICE.global;
      break;
    case 'notVoiceEnabled':
      user.EnterpriseVoiceEnabled = false;
      break;
    case 'emergencyRoutingMismatch':
      user.TeamsEmergencyCallRoutingPolicy = site.numberType === 'DirectRouting' ? EMERGENCY.global : EMERGENCY.directRouting;
      break;
    case 'sharedPolicyNotFound':
      user.TeamsSharedCallingRoutingPolicy = `${site.policyName}-Closed`;
      break;
    default:
      throw new Error(`not a shared calling user defect: ${kind}`);
  }
  draft.defects.add(kind, sipOf(user));
}
