import { describe, expect, it } from 'vitest';
import { normalizeSip } from '../model/identity.js';
import { createTenantLookup } from '../model/lookup.js';
import type { Tenant, User } from '../model/tenant.js';
import { defaultCallingSettings } from '../model/tenant.js';
import { MAX_CALL_GROUP_MEMBERS, MAX_GROUPS_PER_MEMBER, MAX_IN_ORDER_MEMBERS } from '../rules/limits.js';
import { DEFECT_KINDS } from './defects.js';
import { generateTenant, synthesizeTenant } from './tenantGenerator.js';

const healthy = generateTenant({ users: 3000, seed: 11, defectRate: 0 });

function groups(tenant: Tenant) {
  return tenant.callingSettings.filter((settings) => settings.CallGroupTargets.length > 0);
}

function eligible(user: User | undefined): boolean {
  return !!user && user.AccountEnabled && user.HasTeamsPhoneLicense && user.TeamsUpgradeEffectiveMode === 'TeamsOnly';
}

describe('generateTenant determinism', () => {
  it('returns an equal tenant for equal options', () => {
    expect(generateTenant({ users: 500, seed: 5 })).toEqual(generateTenant({ users: 500, seed: 5 }));
  });

  it('returns a different tenant for a different seed', () => {
    const a = generateTenant({ users: 500, seed: 5 });
    const b = generateTenant({ users: 500, seed: 6 });
    expect(a.tenantId).not.toBe(b.tenantId);
    expect(a.users.map((user) => user.UserPrincipalName)).not.toEqual(b.users.map((user) => user.UserPrincipalName));
  });

  it('uses the given tenant id and capture time', () => {
    const tenant = generateTenant({ users: 1, tenantId: 'tenant-x', capturedAt: '2027-01-02T03:04:05Z' });
    expect(tenant.tenantId).toBe('tenant-x');
    expect(tenant.capturedAt).toBe('2027-01-02T03:04:05Z');
  });
});

describe('generateTenant sizes', () => {
  it.each([0, 1, 49, 2000])('creates exactly %i users with unique ids and addresses', (users) => {
    const tenant = generateTenant({ users, seed: 2 });
    expect(tenant.users).toHaveLength(users);
    expect(new Set(tenant.users.map((user) => user.Identity)).size).toBe(users);
    expect(new Set(tenant.users.map((user) => normalizeSip(user.SipAddress))).size).toBe(users);
  });

  it('gives UPN and SIP the form first.last<n>@domain', () => {
    const tenant = generateTenant({ users: 300, seed: 4, domain: 'Contoso.example' });
    for (const user of tenant.users) {
      expect(user.UserPrincipalName).toMatch(/^[a-z]+\.[a-z]+\d*@contoso\.example$/);
      expect(user.SipAddress).toBe(`sip:${user.UserPrincipalName}`);
    }
  });

  it('puts everyone in a department of at most 400 people', () => {
    const sizes = new Map<string, number>();
    for (const user of healthy.users) sizes.set(user.Department ?? '', (sizes.get(user.Department ?? '') ?? 0) + 1);
    expect(sizes.has('')).toBe(false);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(400);
    expect(sizes.size).toBeGreaterThan(5);
  });

  it('makes about one user in eight a call group owner, with 2 to 10 members', () => {
    const owned = groups(healthy);
    expect(owned.length / healthy.users.length).toBeGreaterThan(0.08);
    expect(owned.length / healthy.users.length).toBeLessThan(0.16);
    for (const settings of owned) {
      expect(settings.CallGroupTargets.length).toBeGreaterThanOrEqual(2);
      expect(settings.CallGroupTargets.length).toBeLessThanOrEqual(10);
    }
  });

  it('draws most members from the owner\'s department', () => {
    const lookup = createTenantLookup(healthy);
    let same = 0;
    let total = 0;
    for (const settings of groups(healthy)) {
      const owner = lookup.userByRef(settings.SipUri);
      for (const target of settings.CallGroupTargets) {
        total += 1;
        if (lookup.userByRef(target)?.Department === owner?.Department) same += 1;
      }
    }
    expect(same / total).toBeGreaterThan(0.7);
  });

  it('creates one Shared Calling site per ~2,000 users, none below 50 users', () => {
    expect(generateTenant({ users: 49, defectRate: 0 }).sharedCallingPolicies).toHaveLength(0);
    expect(generateTenant({ users: 50, defectRate: 0 }).sharedCallingPolicies).toHaveLength(1);
    expect(generateTenant({ users: 10_000, defectRate: 0 }).sharedCallingPolicies).toHaveLength(5);
  });

  it('rejects a fractional user count and a rate outside 0..1', () => {
    expect(() => generateTenant({ users: 2.5 })).toThrow(RangeError);
    expect(() => generateTenant({ users: 10, defectRate: 1.5 })).toThrow(RangeError);
    expect(() => generateTenant({ users: 10, defectRate: -0.1 })).toThrow(RangeError);
  });
});

describe('a defect-free tenant stays within the Teams limits', () => {
  it('keeps every group at 25 members or fewer, and InOrder at five or fewer', () => {
    for (const settings of groups(healthy)) {
      expect(settings.CallGroupTargets.length).toBeLessThanOrEqual(MAX_CALL_GROUP_MEMBERS);
      if (settings.CallGroupOrder === 'InOrder') expect(settings.CallGroupTargets.length).toBeLessThanOrEqual(MAX_IN_ORDER_MEMBERS);
    }
    expect(groups(healthy).some((settings) => settings.CallGroupOrder === 'InOrder')).toBe(true);
  });

  it('puts no user in more than 25 groups', () => {
    const counts = new Map<string, number>();
    for (const settings of groups(healthy)) {
      for (const target of settings.CallGroupTargets) counts.set(normalizeSip(target), (counts.get(normalizeSip(target)) ?? 0) + 1);
    }
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(MAX_GROUPS_PER_MEMBER);
  });

  it('resolves every target to a distinct enabled, licensed TeamsOnly user other than the owner', () => {
    const lookup = createTenantLookup(healthy);
    for (const settings of groups(healthy)) {
      const members = settings.CallGroupTargets.map((target) => lookup.userByRef(target));
      for (const member of members) expect(eligible(member)).toBe(true);
      const sips = members.map((member) => normalizeSip(member?.SipAddress ?? ''));
      expect(new Set(sips).size).toBe(sips.length);
      expect(sips).not.toContain(normalizeSip(settings.SipUri));
    }
  });

  it('gives every member a detail for each owner that targets them, and no other', () => {
    const lookup = createTenantLookup(healthy);
    for (const settings of healthy.callingSettings) {
      const member = normalizeSip(settings.SipUri);
      for (const detail of settings.GroupMembershipDetails) {
        const owner = lookup.userByRef(detail.CallGroupOwnerId);
        expect(owner).toBeDefined();
        if (owner) expect(lookup.settingsOf(owner).CallGroupTargets.map(normalizeSip)).toContain(member);
      }
    }
    for (const settings of groups(healthy)) {
      for (const target of settings.CallGroupTargets) {
        const member = lookup.userByRef(target);
        const owners = member ? lookup.settingsOf(member).GroupMembershipDetails.map((detail) => normalizeSip(detail.CallGroupOwnerId)) : [];
        expect(owners).toContain(normalizeSip(settings.SipUri));
      }
    }
  });

  it('mixes Ring, Banner and Mute but always rings the first member', () => {
    const lookup = createTenantLookup(healthy);
    const seen = new Set<string>();
    for (const settings of healthy.callingSettings) for (const detail of settings.GroupMembershipDetails) seen.add(detail.NotificationSetting);
    expect([...seen].sort()).toEqual(['Banner', 'Mute', 'Ring']);
    for (const settings of groups(healthy)) {
      const first = lookup.userByRef(settings.CallGroupTargets[0] ?? '');
      const firstSettings = first ? lookup.settingsOf(first) : undefined;
      const detail = firstSettings?.GroupMembershipDetails.find((entry) => normalizeSip(entry.CallGroupOwnerId) === normalizeSip(settings.SipUri));
      expect(detail?.NotificationSetting).toBe('Ring');
      expect(firstSettings?.GroupNotificationOverride).not.toBe('Mute');
    }
  });

  it('forwards to Group only with members, and to delegates only with one who receives calls', () => {
    const delegating = healthy.callingSettings.filter((settings) => settings.Delegates.length > 0);
    expect(delegating.length).toBeGreaterThan(0);
    for (const settings of healthy.callingSettings) {
      const targetTypes = [settings.IsForwardingEnabled ? settings.ForwardingTargetType : null, settings.IsUnansweredEnabled ? settings.UnansweredTargetType : null];
      if (targetTypes.includes('Group')) expect(settings.CallGroupTargets.length).toBeGreaterThan(0);
      if (targetTypes.includes('MyDelegates')) expect(settings.Delegates.some((entry) => entry.ReceiveCalls)).toBe(true);
    }
  });

  it('puts Shared Calling users on the shared number only: no personal number, voice enabled', () => {
    const lookup = createTenantLookup(healthy);
    const shared = healthy.users.filter((user) => user.TeamsSharedCallingRoutingPolicy !== null);
    expect(shared.length).toBeGreaterThan(0);
    for (const user of shared) {
      expect(user.LineUri).toBeNull();
      expect(user.EnterpriseVoiceEnabled && user.HasTeamsPhoneLicense).toBe(true);
      expect(lookup.voiceRoutingPolicy(user.OnlineVoiceRoutingPolicy)?.OnlinePstnUsages).toEqual([]);
      expect(lookup.sharedCallingPolicy(user.TeamsSharedCallingRoutingPolicy ?? '')).toBeDefined();
    }
  });

  it('records no defects', () => {
    expect(synthesizeTenant({ users: 3000, seed: 11, defectRate: 0 }).defects).toEqual([]);
  });
});

describe('defects', () => {
  it('plants defects at about the requested rate and records their finding codes', () => {
    const { defects } = synthesizeTenant({ users: 5000, seed: 3, defectRate: 0.05 });
    expect(defects.length).toBeGreaterThan(10);
    for (const defect of defects) expect(defect.code).toBe(DEFECT_KINDS[defect.kind]);
  });

  it('plants defects without changing who works where', () => {
    const directory = (defectRate: number) =>
      generateTenant({ users: 3000, seed: 11, defectRate }).users.map((user) => [user.Identity, user.UserPrincipalName, user.Department]);
    expect(directory(0.05)).toEqual(directory(0));
  });

  it('plants many kinds when every owner, manager, site and shared user is defective', () => {
    const { defects } = synthesizeTenant({ users: 20_000, seed: 8, defectRate: 1 });
    expect(new Set(defects.map((defect) => defect.kind)).size).toBeGreaterThanOrEqual(25);
  });

  it('keeps policy names, resource accounts and numbers unique when every site is defective', () => {
    // Seed 18 draws two Calling Plan sites moved to the same unsupported city (a regression once).
    const tenant = generateTenant({ users: 24_000, seed: 18, defectRate: 1 });
    const unique = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase())).size === values.length;
    expect(tenant.sharedCallingPolicies.length).toBeGreaterThanOrEqual(12);
    expect(unique(tenant.sharedCallingPolicies.map((policy) => policy.Identity))).toBe(true);
    expect(unique(tenant.resourceAccounts.map((account) => account.UserPrincipalName))).toBe(true);
    expect(unique(tenant.phoneNumbers.map((number) => number.TelephoneNumber))).toBe(true);
  });

  it('puts one member into 26 groups for the 25-group limit', () => {
    const { tenant, defects } = synthesizeTenant({ users: 5000, seed: 3, defectRate: 0.2 });
    const popular = defects.find((defect) => defect.kind === 'memberInTooManyGroups');
    expect(popular).toBeDefined();
    const owners = tenant.callingSettings.filter((settings) => settings.CallGroupTargets.some((target) => normalizeSip(target) === popular?.subject));
    expect(owners.length).toBe(MAX_GROUPS_PER_MEMBER + 1);
  });
});

describe('settings entries', () => {
  it('start from the Teams defaults for users who only have memberships', () => {
    const member = healthy.callingSettings.find((settings) => settings.CallGroupTargets.length === 0 && settings.Delegates.length === 0);
    expect(member).toBeDefined();
    if (member) {
      expect({ ...member, GroupMembershipDetails: [], GroupNotificationOverride: null }).toEqual(defaultCallingSettings(member.SipUri));
    }
  });
});
