import type {
  CallingPolicy,
  CallingSettings,
  PhoneNumber,
  PstnUsagePolicy,
  ResourceAccount,
  SharedCallingPolicy,
  User,
} from '../model/tenant.js';
import type { ScanUnit } from '../health/scanUnit.js';
import type { TenantGraph } from './tenantGraph.js';

/**
 * One change to a synced tenant, as data: what sync observes (a user's settings re-read,
 * a user added or gone, a policy changed) or what the app just applied. Applying it to
 * the graph yields the scan units to re-check.
 */
export type TenantEdit =
  | { readonly kind: 'setCallingSettings'; readonly settings: CallingSettings }
  | { readonly kind: 'upsertUser'; readonly user: User }
  | { readonly kind: 'removeUser'; readonly ref: string }
  | { readonly kind: 'upsertCallingPolicy'; readonly policy: CallingPolicy }
  | { readonly kind: 'removeCallingPolicy'; readonly identity: string }
  | { readonly kind: 'upsertVoiceRoutingPolicy'; readonly policy: PstnUsagePolicy }
  | { readonly kind: 'removeVoiceRoutingPolicy'; readonly identity: string }
  | { readonly kind: 'upsertEmergencyRoutingPolicy'; readonly policy: PstnUsagePolicy }
  | { readonly kind: 'removeEmergencyRoutingPolicy'; readonly identity: string }
  | { readonly kind: 'upsertSharedCallingPolicy'; readonly policy: SharedCallingPolicy }
  | { readonly kind: 'removeSharedCallingPolicy'; readonly identity: string }
  | { readonly kind: 'upsertResourceAccount'; readonly account: ResourceAccount }
  | { readonly kind: 'removeResourceAccount'; readonly ref: string }
  | { readonly kind: 'upsertPhoneNumber'; readonly number: PhoneNumber }
  | { readonly kind: 'removePhoneNumber'; readonly number: string };

export type TenantEditKind = TenantEdit['kind'];

/** Applies one edit to the graph and returns the scan units whose findings may have changed. */
export function applyEdit(graph: TenantGraph, edit: TenantEdit): ReadonlySet<ScanUnit> {
  switch (edit.kind) {
    case 'setCallingSettings': return graph.setCallingSettings(edit.settings);
    case 'upsertUser': return graph.upsertUser(edit.user);
    case 'removeUser': return graph.removeUser(edit.ref);
    case 'upsertCallingPolicy': return graph.upsertCallingPolicy(edit.policy);
    case 'removeCallingPolicy': return graph.removeCallingPolicy(edit.identity);
    case 'upsertVoiceRoutingPolicy': return graph.upsertVoiceRoutingPolicy(edit.policy);
    case 'removeVoiceRoutingPolicy': return graph.removeVoiceRoutingPolicy(edit.identity);
    case 'upsertEmergencyRoutingPolicy': return graph.upsertEmergencyRoutingPolicy(edit.policy);
    case 'removeEmergencyRoutingPolicy': return graph.removeEmergencyRoutingPolicy(edit.identity);
    case 'upsertSharedCallingPolicy': return graph.upsertSharedCallingPolicy(edit.policy);
    case 'removeSharedCallingPolicy': return graph.removeSharedCallingPolicy(edit.identity);
    case 'upsertResourceAccount': return graph.upsertResourceAccount(edit.account);
    case 'removeResourceAccount': return graph.removeResourceAccount(edit.ref);
    case 'upsertPhoneNumber': return graph.upsertPhoneNumber(edit.number);
    case 'removePhoneNumber': return graph.removePhoneNumber(edit.number);
  }
}
