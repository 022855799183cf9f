import type { Finding } from '../model/finding.js';
import { compareFindings } from '../model/finding.js';
import type { TenantLookup } from '../model/lookup.js';
import { isHealthContext } from './healthContext.js';
import { createRelationIndex } from './relationIndex.js';
import { userFindings } from './scanUnit.js';
import { emergencyNumberFindings, sharedPolicyFindings } from './sharedCallingHealth.js';

/**
 * The health scan of docs/findings.md: every finding of the tenant, worst first
 * (`compareFindings`), without fixes (another module plans them). A tenant with none of
 * the catalog's conditions yields no findings at all.
 *
 * Linear in the tenant: one pass builds the reverse relations (unless the lookup is the
 * incremental graph, which keeps them), then every scan unit is checked once.
 */
export function scanTenant(lookup: TenantLookup): Finding[] {
  const ctx = isHealthContext(lookup) ? lookup : createRelationIndex(lookup);
  const out: Finding[] = [];
  for (const user of ctx.users()) userFindings(ctx, user, out);
  for (const policy of ctx.distinctSharedPolicies()) sharedPolicyFindings(ctx, policy, out);
  for (const number of ctx.emergencyNumbers()) emergencyNumberFindings(ctx, number, out);
  return out.sort(compareFindings);
}
