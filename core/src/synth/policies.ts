import type { CallingPolicy, PstnUsagePolicy } from '../model/tenant.js';
import { defaultCallingPolicy } from '../model/tenant.js';

/**
 * The policies of a synthetic tenant. Users refer to them by name without `Tag:`,
 * as Get-CsOnlineUser prints them; null means Global.
 */

/** Calling policy names the generator assigns. */
export const CALLING = {
  global: null,
  busyOnBusy: 'BusyOnBusy',
  frontDesk: 'FrontDesk',
  /** AllowCallGroups off: fine for people who own no group (CG01 otherwise). */
  noCallGroups: 'NoCallGroups',
  /** AllowDelegation off: fine for people without delegates (DL01 otherwise). */
  noDelegation: 'NoDelegation',
  /** PSTN calls straight to voicemail: bypasses any group forwarding (CG14). */
  voicemailFirst: 'VoicemailFirst',
} as const;

export function callingPolicies(): CallingPolicy[] {
  return [
    defaultCallingPolicy('Global'),
    { ...defaultCallingPolicy(`Tag:${CALLING.busyOnBusy}`), BusyOnBusyEnabledType: 'Enabled' },
    { ...defaultCallingPolicy(`Tag:${CALLING.frontDesk}`), AllowVoicemail: 'AlwaysEnabled', BusyOnBusyEnabledType: 'UserOverride' },
    { ...defaultCallingPolicy(`Tag:${CALLING.noCallGroups}`), AllowCallGroups: false },
    { ...defaultCallingPolicy(`Tag:${CALLING.noDelegation}`), AllowDelegation: false },
    { ...defaultCallingPolicy(`Tag:${CALLING.voicemailFirst}`), InboundPstnCallRoutingTreatment: 'Voicemail' },
  ];
}

/**
 * Voice routing: Global carries the Direct Routing usages every user with a personal
 * number needs; Shared Calling users get a policy without usages, because with usages
 * they behave as if they had an assigned number (SC21).
 */
export const VOICE = { global: null, noPstnUsages: 'SharedCalling-NoUsages' } as const;

export function voiceRoutingPolicies(): PstnUsagePolicy[] {
  return [
    { Identity: 'Global', OnlinePstnUsages: ['US and Canada'] },
    { Identity: `Tag:${VOICE.noPstnUsages}`, OnlinePstnUsages: [] },
  ];
}

/**
 * Emergency routing: Global has no usages (right for Calling Plan and Operator Connect
 * Shared Calling users); Direct Routing Shared Calling users need usages (SC23).
 */
export const EMERGENCY = { global: null, directRouting: 'DR-Emergency' } as const;

export function emergencyCallRoutingPolicies(): PstnUsagePolicy[] {
  return [
    { Identity: 'Global', OnlinePstnUsages: [] },
    { Identity: `Tag:${EMERGENCY.directRouting}`, OnlinePstnUsages: ['Emergency-DR'] },
  ];
}
