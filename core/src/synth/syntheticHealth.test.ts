import { describe, expect, it } from 'vitest';
import { scanTenant } from '../health/healthScan.js';
import { createTenantLookup } from '../model/lookup.js';
import { parseSnapshot, toSnapshotDocument } from '../snapshot/index.js';
import { synthesizeTenant } from './tenantGenerator.js';

/** The generator's promises checked by the real health scan and snapshot parser. */
describe('synthetic tenants under the health scan', () => {
  it('finds nothing in a defect-free tenant of 2,000 users', () => {
    const { tenant } = synthesizeTenant({ users: 2000, seed: 1, defectRate: 0 });
    expect(scanTenant(createTenantLookup(tenant))).toEqual([]);
  });

  it.each([2, 3, 4])('finds nothing in defect-free tenants of other seeds (seed %i)', (seed) => {
    const { tenant } = synthesizeTenant({ users: 5000, seed, defectRate: 0 });
    expect(scanTenant(createTenantLookup(tenant))).toEqual([]);
  });

  it('finds problems at defectRate 0.05', () => {
    const { tenant } = synthesizeTenant({ users: 2000, seed: 1, defectRate: 0.05 });
    expect(scanTenant(createTenantLookup(tenant)).length).toBeGreaterThan(0);
  });

  it.each([0.05, 1])('reports every planted defect under its code and subject (rate %s)', (defectRate) => {
    const { tenant, defects } = synthesizeTenant({ users: 20_000, seed: 5, defectRate });
    const found = new Set(scanTenant(createTenantLookup(tenant)).map((finding) => `${finding.code}|${finding.subject}`));
    const missed = defects.filter((defect) => !found.has(`${defect.code}|${defect.subject}`));
    expect(defects.length).toBeGreaterThan(0);
    expect(missed).toEqual([]);
  });

  it('survives a snapshot round trip unchanged', () => {
    const { tenant } = synthesizeTenant({ users: 3000, seed: 9, defectRate: 0.2 });
    const parsed = parseSnapshot(JSON.parse(JSON.stringify(toSnapshotDocument(tenant))));
    expect(parsed.ok ? parsed.value : parsed.problems).toEqual(tenant);
  });
});
