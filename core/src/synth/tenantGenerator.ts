import type { Tenant } from '../model/tenant.js';
import { buildCallGroups } from './callGroups.js';
import { injectPopularMembers } from './callGroupDefects.js';
import type { InjectedDefect } from './defects.js';
import { DefectLog } from './defects.js';
import { buildDelegation } from './delegation.js';
import { buildDepartments, buildUsers } from './directory.js';
import type { Draft, DraftSettings } from './draft.js';
import { createSerials } from './draft.js';
import { callingPolicies, emergencyCallRoutingPolicies, voiceRoutingPolicies } from './policies.js';
import { createRandom, deriveSeed } from './random.js';
import { applySharedUserDefects } from './sharedCallingUsers.js';
import { buildSites, siteCount } from './sharedCallingSites.js';

/** What to generate. Everything but `users` has a default, so a tenant is reproducible from its options. */
export interface GenerateTenantOptions {
  /** Exact number of users (a non-negative integer). */
  readonly users: number;
  /** PRNG seed; default 1. Same options, same tenant. */
  readonly seed?: number;
  /** Probability (0..1) that an owner, manager, site or Shared Calling user carries a defect; default 0.01. */
  readonly defectRate?: number;
  /** Default: a GUID derived from the seed. */
  readonly tenantId?: string;
  /** Default `2026-11-01T08:00:00Z`: core reads no clock. */
  readonly capturedAt?: string;
  /** Mail and SIP domain; default `fabrikam.com`. */
  readonly domain?: string;
}

/** A synthetic tenant and the defects planted in it, each with the finding the health scan should report. */
export interface SyntheticTenant {
  readonly tenant: Tenant;
  readonly defects: readonly InjectedDefect[];
}

export const DEFAULT_DEFECT_RATE = 0.01;
export const DEFAULT_CAPTURED_AT = '2026-11-01T08:00:00Z';
const DEFECT_SALT = 0x5eed_d3f3;
const TENANT_SALT = 0x7e4a_0001;

/**
 * Generate a realistic tenant in time linear in `users`, with defects planted at
 * `defectRate`. With defectRate 0 the tenant is healthy: the scan finds nothing.
 * Throws a RangeError for options that are a caller's bug (negative or fractional
 * users, a rate outside 0..1).
 */
export function synthesizeTenant(options: GenerateTenantOptions): SyntheticTenant {
  const draft = createDraft(options);
  draft.departments.push(...buildDepartments(draft, options.users));
  const sites = buildSites(draft, siteCount(options.users));
  buildUsers(draft, sites);
  const owners = buildCallGroups(draft);
  if (draft.defectRate > 0) injectPopularMembers(draft, owners);
  buildDelegation(draft);
  applySharedUserDefects(draft, sites);
  const seed = options.seed ?? 1;
  const tenant: Tenant = {
    tenantId: options.tenantId ?? createRandom(deriveSeed(seed, TENANT_SALT)).guid(seed),
    capturedAt: options.capturedAt ?? DEFAULT_CAPTURED_AT,
    users: draft.users,
    callingSettings: draft.settings.filter((settings): settings is DraftSettings => settings !== undefined),
    callingPolicies: draft.callingPolicies,
    voiceRoutingPolicies: draft.voiceRoutingPolicies,
    emergencyCallRoutingPolicies: draft.emergencyCallRoutingPolicies,
    sharedCallingPolicies: draft.sharedCallingPolicies,
    resourceAccounts: draft.resourceAccounts,
    phoneNumbers: draft.phoneNumbers,
  };
  return { tenant, defects: draft.defects.entries };
}

/** Generate a tenant (see `synthesizeTenant`), without the list of planted defects. */
export function generateTenant(options: GenerateTenantOptions): Tenant {
  return synthesizeTenant(options).tenant;
}

function createDraft(options: GenerateTenantOptions): Draft {
  const { users } = options;
  const seed = options.seed ?? 1;
  const defectRate = options.defectRate ?? DEFAULT_DEFECT_RATE;
  if (!Number.isInteger(users) || users < 0) throw new RangeError(`users must be a non-negative integer, got ${users}`);
  if (!(defectRate >= 0 && defectRate <= 1)) throw new RangeError(`defectRate must be within 0..1, got ${defectRate}`);
  return {
    rng: createRandom(seed),
    defectRng: createRandom(deriveSeed(seed, DEFECT_SALT)),
    defectRate,
    domain: (options.domain ?? 'fabrikam.com').toLowerCase(),
    defects: new DefectLog(),
    users: [],
    roles: [],
    departmentOf: new Uint32Array(users),
    departments: [],
    membershipCount: new Uint16Array(users),
    settings: new Array<DraftSettings | undefined>(users).fill(undefined),
    callingPolicies: callingPolicies(),
    voiceRoutingPolicies: voiceRoutingPolicies(),
    emergencyCallRoutingPolicies: emergencyCallRoutingPolicies(),
    sharedCallingPolicies: [],
    resourceAccounts: [],
    phoneNumbers: [],
    serials: createSerials(),
  };
}
