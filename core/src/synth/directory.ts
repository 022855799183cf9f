import type { NumberType } from '../model/tenant.js';
import type { Department, Draft, UserRole } from './draft.js';
import { nextGuid, nextNumber } from './draft.js';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, REGIONS, USER_NUMBER_PREFIX } from './names.js';
import { CALLING, EMERGENCY, VOICE } from './policies.js';

/**
 * The directory of a synthetic tenant: departments of skewed sizes and the users in
 * them, with licenses, personal numbers and effective policies.
 */

/** The part of a Shared Calling site the directory needs to put users on it. */
export interface SiteAssignment {
  /** The TeamsSharedCallingRoutingPolicy name, without `Tag:`. */
  readonly policyName: string;
  readonly numberType: NumberType;
}

const MIN_DEPARTMENT = 20;
const MAX_DEPARTMENT = 400;
/** Share of Teams Phone users who are on a Shared Calling site when the tenant has sites. */
const SHARED_CALLING_SHARE = 0.04;

/** Department sizes skewed towards small teams (cubed uniform), summing exactly to `users`. */
export function buildDepartments(draft: Draft, users: number): Department[] {
  const departments: Department[] = [];
  let start = 0;
  while (start < users) {
    const wanted = MIN_DEPARTMENT + Math.floor((MAX_DEPARTMENT - MIN_DEPARTMENT) * draft.rng.next() ** 3);
    const end = Math.min(users, start + wanted);
    departments.push({ name: departmentName(departments.length), start, end });
    start = end;
  }
  return departments;
}

function departmentName(index: number): string {
  const base = DEPARTMENTS[index % DEPARTMENTS.length] ?? 'Staff';
  const round = Math.floor(index / DEPARTMENTS.length);
  if (round === 0) return base;
  const region = REGIONS[(round - 1) % REGIONS.length] ?? 'Region';
  const lap = Math.floor((round - 1) / REGIONS.length);
  return lap === 0 ? `${base} ${region}` : `${base} ${region} ${lap + 1}`;
}

/** Most people have Teams Phone; a few have no phone license, and a few accounts are disabled. */
function pickRole(draft: Draft): UserRole {
  const roll = draft.rng.next();
  if (roll < 0.01) return 'disabled';
  if (roll < 0.05) return 'noPhone';
  return 'phone';
}

/** Calling policy of a Teams Phone user; people on NoCallGroups become `restricted` and are kept out of groups. */
function pickCallingPolicy(draft: Draft): string | null {
  const roll = draft.rng.next();
  if (roll < 0.75) return CALLING.global;
  if (roll < 0.85) return CALLING.busyOnBusy;
  if (roll < 0.9) return CALLING.frontDesk;
  if (roll < 0.94) return CALLING.noCallGroups;
  if (roll < 0.97) return CALLING.noDelegation;
  return CALLING.voicemailFirst;
}

/** The address form of a name: lower-case letters only. */
const addressPart = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');
const FIRST_KEYS = FIRST_NAMES.map(addressPart);
const LAST_KEYS = LAST_NAMES.map(addressPart);

/** Create every user, department by department, with UPN and SIP `first.last<n>@domain`. */
export function buildUsers(draft: Draft, sites: readonly SiteAssignment[]): void {
  // Counts per first/last pair: the second Anna Smith becomes anna.smith2.
  const seen = new Uint32Array(FIRST_NAMES.length * LAST_NAMES.length);
  for (let d = 0; d < draft.departments.length; d += 1) {
    const department = draft.departments[d];
    if (!department) continue;
    for (let index = department.start; index < department.end; index += 1) {
      const first = draft.rng.int(0, FIRST_NAMES.length - 1);
      const last = draft.rng.int(0, LAST_NAMES.length - 1);
      const pair = first * LAST_NAMES.length + last;
      const count = (seen[pair] ?? 0) + 1;
      seen[pair] = count;
      const upn = `${FIRST_KEYS[first]}.${LAST_KEYS[last]}${count === 1 ? '' : count}@${draft.domain}`;
      draft.departmentOf[index] = d;
      addUser(draft, { upn, displayName: `${FIRST_NAMES[first]} ${LAST_NAMES[last]}`, department: department.name, sites });
    }
  }
}

interface NewUser {
  readonly upn: string;
  readonly displayName: string;
  readonly department: string;
  readonly sites: readonly SiteAssignment[];
}

function addUser(draft: Draft, spec: NewUser): void {
  const role = pickRole(draft);
  const id = nextGuid(draft);
  const phone = role === 'phone';
  const callingPolicy = phone ? pickCallingPolicy(draft) : null;
  const site = phone && spec.sites.length > 0 && draft.rng.chance(SHARED_CALLING_SHARE) ? draft.rng.pick(spec.sites) : undefined;
  let lineUri: string | null = null;
  if (phone && !site) {
    const number = nextNumber(draft, USER_NUMBER_PREFIX);
    lineUri = `tel:${number}`;
    draft.phoneNumbers.push({
      TelephoneNumber: number, NumberType: 'DirectRouting', IsoCountryCode: 'US', Usage: 'Subscriber',
      AssignedPstnTargetId: id, LocationId: null,
    });
  }
  draft.roles.push(callingPolicy === CALLING.noCallGroups ? 'restricted' : role);
  draft.users.push({
    Identity: id,
    UserPrincipalName: spec.upn,
    SipAddress: `sip:${spec.upn}`,
    DisplayName: spec.displayName,
    Department: spec.department,
    AccountEnabled: role !== 'disabled',
    TeamsUpgradeEffectiveMode: 'TeamsOnly',
    EnterpriseVoiceEnabled: role !== 'noPhone',
    HasTeamsPhoneLicense: role !== 'noPhone',
    LineUri: lineUri,
    TeamsCallingPolicy: callingPolicy,
    // Shared Calling users need a voice routing policy without usages (SC21) and, on Direct Routing, emergency usages (SC23).
    OnlineVoiceRoutingPolicy: site ? VOICE.noPstnUsages : VOICE.global,
    TeamsEmergencyCallRoutingPolicy: site?.numberType === 'DirectRouting' ? EMERGENCY.directRouting : EMERGENCY.global,
    TeamsSharedCallingRoutingPolicy: site ? site.policyName : null,
  });
}
