import { changedGroups } from '@cgm/core';
import type { CallingSettings } from '@cgm/core';

/**
 * The settings groups of Set-CsUserCallingSettings that a change writes as a whole
 * (teams-calling-facts.md section 1: the parameter sets cannot be combined and there is
 * no partial update). Each has its own version in tenant_settings, so a change request
 * records the version it was based on and a sync can tell which group moved.
 */
export type SettingsGroup = 'callGroup' | 'forwarding' | 'unanswered' | 'membership' | 'notification';

export const SETTINGS_GROUPS: readonly SettingsGroup[] = ['callGroup', 'forwarding', 'unanswered', 'membership', 'notification'];

/** The versioned groups that differ between two settings (core's changedGroups, less delegates, which are not versioned here). */
export function changedStoredGroups(a: CallingSettings, b: CallingSettings): SettingsGroup[] {
  return changedGroups(a, b).filter((group): group is SettingsGroup => (SETTINGS_GROUPS as readonly string[]).includes(group));
}

/** The version of every settings group of one user; 1 for settings never written. */
export type SettingsVersions = Readonly<Record<SettingsGroup, number>>;

export const INITIAL_VERSIONS: SettingsVersions = { callGroup: 1, forwarding: 1, unanswered: 1, membership: 1, notification: 1 };

/** The tenant_settings column holding each group's version. */
export const VERSION_COLUMNS: Readonly<Record<SettingsGroup, string>> = {
  callGroup: 'call_group_version',
  forwarding: 'forwarding_version',
  unanswered: 'unanswered_version',
  membership: 'membership_version',
  notification: 'notification_version',
};

/** The Get-CsUserCallingSettings properties each group writes (CallGroup, Forwarding, Unanswered, CallGroupMembership, CallGroupNotification parameter sets). */
export const GROUP_FIELDS: Readonly<Record<SettingsGroup, readonly (keyof CallingSettings)[]>> = {
  callGroup: ['CallGroupOrder', 'CallGroupTargets'],
  forwarding: ['IsForwardingEnabled', 'ForwardingType', 'ForwardingTargetType', 'ForwardingTarget'],
  unanswered: ['IsUnansweredEnabled', 'UnansweredTargetType', 'UnansweredTarget', 'UnansweredDelay'],
  membership: ['GroupMembershipDetails'],
  notification: ['GroupNotificationOverride'],
};

/** `SELECT` list items reading the versions as `callGroup`, `forwarding`, … from a tenant_settings alias. */
export function versionColumnsAs(alias: string): string {
  return SETTINGS_GROUPS.map((group) => `${alias}.${VERSION_COLUMNS[group]} AS "${group}"`).join(', ');
}

/** Pick the versions out of a row that selected them with `versionColumnsAs`. */
export function versionsOf(row: Readonly<Record<SettingsGroup, number>>): SettingsVersions {
  return {
    callGroup: row.callGroup,
    forwarding: row.forwarding,
    unanswered: row.unanswered,
    membership: row.membership,
    notification: row.notification,
  };
}
