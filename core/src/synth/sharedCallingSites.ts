import type { NumberType, NumberUsage, PhoneNumber, ResourceAccount } from '../model/tenant.js';
import { AUTO_ATTENDANT_APP_ID, CALL_QUEUE_APP_ID } from '../model/tenant.js';
import type { DefectKind } from './defects.js';
import { CALLING_PLAN_SITE_DEFECTS, SITE_DEFECTS } from './defects.js';
import type { Draft, Mutable } from './draft.js';
import { nextGuid, nextNumber } from './draft.js';
import type { SitePlace } from './names.js';
import { SITE_PLACES, UNSUPPORTED_PLACES } from './names.js';

/**
 * Shared Calling sites: per site a resource account with a service number and an
 * emergency location, an auto attendant, and a TeamsSharedCallingRoutingPolicy whose
 * emergency numbers match the resource number's type and country (Microsoft's Shared
 * Calling rules, teams-calling-facts.md section 5). Healthy sites are Direct Routing
 * or Calling Plan with Pay-As-You-Go and funded credits: Operator Connect always
 * earns an info finding (SC13), so only a defect uses it.
 */

/** What later steps need to know about a site. */
export interface Site {
  /** Policy name without `Tag:`. */
  readonly policyName: string;
  readonly numberType: NumberType;
  /** False when the resource account or its number is gone, so user checks that need the number type are skipped. */
  readonly resolvable: boolean;
}

/** One site per ~2,000 users, at least one from 50 users. */
export function siteCount(users: number): number {
  return users < 50 ? 0 : Math.max(1, Math.round(users / 2000));
}

const policyRef = (policyName: string) => `TeamsSharedCallingRoutingPolicy|Tag:${policyName}`;

/** Build every site; each, with probability defectRate, carries one site defect. */
export function buildSites(draft: Draft, count: number): Site[] {
  const sites: Site[] = [];
  for (let index = 0; index < count; index += 1) sites.push(buildSite(draft, index));
  return sites;
}

function pickSiteDefect(draft: Draft, numberType: NumberType): DefectKind | undefined {
  if (!draft.defectRng.chance(draft.defectRate)) return undefined;
  const kinds = numberType === 'CallingPlan' ? SITE_DEFECTS : SITE_DEFECTS.filter((kind) => !CALLING_PLAN_SITE_DEFECTS.has(kind));
  return draft.defectRng.pick(kinds);
}

function buildSite(draft: Draft, index: number): Site {
  const home = SITE_PLACES[index % SITE_PLACES.length] ?? SITE_PLACES[0];
  if (!home) throw new Error('no site places');
  const lap = Math.floor(index / SITE_PLACES.length);
  const baseType: NumberType = draft.rng.chance(0.5) ? 'DirectRouting' : 'CallingPlan';
  const emergencyCount = draft.rng.int(1, 3);
  const defect = pickSiteDefect(draft, baseType);
  const place = defect === 'unsupportedCountry' ? draft.defectRng.pick(UNSUPPORTED_PLACES) : home;
  const numberType: NumberType = defect === 'operatorConnectNumber' ? 'OperatorConnect' : baseType;
  // Home cities repeat only per lap; a defect's substitute city takes the site number, so names never collide.
  const name = place !== home ? `${place.city} ${index + 1}` : lap === 0 ? place.city : `${place.city} ${lap + 1}`;
  const spec: SiteSpec = { name, policyName: name.replace(/\s+/g, ''), place, numberType };
  const usage: NumberUsage = defect === 'tollFreeWithoutEmergencyNumbers' ? 'TollFreeService' : 'Service';
  const parts = addResourceAccount(draft, spec, usage);
  // A Calling Plan toll-free number cannot be the emergency callback number, so such a policy needs emergency numbers (SC09).
  const emergency = defect === 'tollFreeWithoutEmergencyNumbers' ? [] : addEmergencyNumbers(draft, spec, emergencyCount);
  const accountUpn = parts.account.UserPrincipalName;
  draft.sharedCallingPolicies.push({
    Identity: `Tag:${spec.policyName}`,
    // The cmdlet accepts the account's ObjectId or UPN; alternate so both spellings are exercised.
    ResourceAccount: index % 2 === 0 ? accountUpn : parts.account.ObjectId,
    EmergencyNumbers: emergency,
    Description: `${name} shared number`,
  });
  if (defect) applySiteDefect(draft, { ...spec, ...parts, emergency }, defect);
  const resolvable = defect !== 'resourceAccountMissing' && defect !== 'resourceNumberMissing';
  return { policyName: spec.policyName, numberType, resolvable };
}

interface SiteSpec {
  readonly name: string;
  readonly policyName: string;
  readonly place: SitePlace;
  readonly numberType: NumberType;
}

interface SiteParts {
  readonly account: Mutable<ResourceAccount>;
  readonly accountNumber: Mutable<PhoneNumber>;
}

/** The site's objects, mutable while a defect is applied; `emergency` is the policy's own list. */
type BuiltSite = SiteSpec & SiteParts & { readonly emergency: string[] };

function addResourceAccount(draft: Draft, spec: SiteSpec, usage: NumberUsage): SiteParts {
  const number = nextNumber(draft, spec.place.prefix);
  const callingPlan = spec.numberType === 'CallingPlan';
  const account: Mutable<ResourceAccount> = {
    ObjectId: nextGuid(draft),
    UserPrincipalName: `sc-${spec.policyName.toLowerCase()}@${draft.domain}`,
    DisplayName: `${spec.name} main line`,
    PhoneNumber: `tel:${number}`,
    ApplicationId: AUTO_ATTENDANT_APP_ID,
    AssociatedAutoAttendants: [`${spec.name} attendant`],
    // A Calling Plan service number needs a Pay-As-You-Go plan and funded Communications Credits (SC10).
    HasPayAsYouGoCallingPlan: callingPlan,
    CommunicationCreditsFunded: callingPlan,
  };
  // The number needs an emergency location before a policy can use it (SC03).
  const accountNumber: Mutable<PhoneNumber> = {
    TelephoneNumber: number, NumberType: spec.numberType, IsoCountryCode: spec.place.country, Usage: usage,
    AssignedPstnTargetId: account.ObjectId, LocationId: nextGuid(draft),
  };
  draft.resourceAccounts.push(account);
  draft.phoneNumbers.push(accountNumber);
  return { account, accountNumber };
}

/** Subscriber numbers of the resource number's type and country, assigned to the policy (rules 2-4). */
function addEmergencyNumbers(draft: Draft, spec: SiteSpec, count: number): string[] {
  const numbers: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const number = nextNumber(draft, spec.place.prefix);
    numbers.push(number);
    draft.phoneNumbers.push({
      TelephoneNumber: number, NumberType: spec.numberType, IsoCountryCode: spec.place.country, Usage: 'Subscriber',
      AssignedPstnTargetId: policyRef(spec.policyName), LocationId: null,
    });
  }
  return numbers;
}

/** An extra emergency number on the site's policy, as a defect. */
function addDefectEmergencyNumber(draft: Draft, site: BuiltSite, number: { type: NumberType; place: SitePlace; usage: NumberUsage }): void {
  const telephone = nextNumber(draft, number.place.prefix, true);
  draft.phoneNumbers.push({
    TelephoneNumber: telephone, NumberType: number.type, IsoCountryCode: number.place.country, Usage: number.usage,
    AssignedPstnTargetId: policyRef(site.policyName), LocationId: null,
  });
  site.emergency.push(telephone);
}

function applySiteDefect(draft: Draft, site: BuiltSite, defect: DefectKind): void {
  let subject = site.policyName;
  switch (defect) {
    case 'resourceAccountMissing':
      draft.resourceAccounts.splice(draft.resourceAccounts.indexOf(site.account), 1);
      break;
    case 'resourceNumberMissing':
      // Ported away: the account still names the number, but the tenant no longer has it.
      draft.phoneNumbers.splice(draft.phoneNumbers.indexOf(site.accountNumber), 1);
      break;
    case 'resourceNumberNoLocation':
      site.accountNumber.LocationId = null;
      break;
    case 'emergencyNumberTypeMismatch':
      addDefectEmergencyNumber(draft, site, { type: site.numberType === 'DirectRouting' ? 'OperatorConnect' : 'DirectRouting', place: site.place, usage: 'Subscriber' });
      break;
    case 'emergencyNumberCountryMismatch':
      addDefectEmergencyNumber(draft, site, { type: site.numberType, place: otherCountry(site.place), usage: 'Subscriber' });
      break;
    case 'emergencyNumberNotSubscriber':
      addDefectEmergencyNumber(draft, site, { type: site.numberType, place: site.place, usage: 'Service' });
      break;
    case 'emergencyNumberInSeveralPolicies':
      subject = duplicatePolicy(draft, site);
      break;
    case 'emergencyNumberAssigned':
      subject = assignToQueue(draft, site);
      break;
    case 'emergencyNumberUnknown':
      subject = nextNumber(draft, site.place.prefix, true);
      site.emergency.push(subject);
      break;
    case 'callingPlanCreditsMissing':
      site.account.CommunicationCreditsFunded = false;
      break;
    case 'noAutoAttendant':
      site.account.AssociatedAutoAttendants = [];
      break;
    case 'operatorConnectNumber':
    case 'unsupportedCountry':
    case 'tollFreeWithoutEmergencyNumbers':
      break; // built that way from the start
    default:
      throw new Error(`not a site defect: ${defect}`);
  }
  draft.defects.add(defect, subject);
}

function otherCountry(place: SitePlace): SitePlace {
  const other = SITE_PLACES.find((candidate) => candidate.country !== place.country);
  if (!other) throw new Error('no other country');
  return other;
}

/** A backup policy on the same resource account that reuses the first emergency number (SC06). */
function duplicatePolicy(draft: Draft, site: BuiltSite): string {
  const number = site.emergency[0];
  if (!number) throw new Error(`site ${site.policyName} has no emergency number`);
  draft.sharedCallingPolicies.push({
    Identity: `Tag:${site.policyName}-Backup`, ResourceAccount: site.account.UserPrincipalName, EmergencyNumbers: [number],
    Description: `${site.name} backup`,
  });
  return number;
}

/** The first emergency number also given to a call queue's resource account (SC07). */
function assignToQueue(draft: Draft, site: BuiltSite): string {
  const number = site.emergency[0];
  const record = draft.phoneNumbers.find((n) => n.TelephoneNumber === number);
  if (!number || !record) throw new Error(`site ${site.policyName} has no emergency number`);
  const objectId = nextGuid(draft, true);
  draft.resourceAccounts.push({
    ObjectId: objectId, UserPrincipalName: `cq-${site.policyName.toLowerCase()}@${draft.domain}`,
    DisplayName: `${site.name} queue`, PhoneNumber: `tel:${number}`, ApplicationId: CALL_QUEUE_APP_ID,
    AssociatedAutoAttendants: [], HasPayAsYouGoCallingPlan: false, CommunicationCreditsFunded: false,
  });
  record.AssignedPstnTargetId = objectId;
  return number;
}
