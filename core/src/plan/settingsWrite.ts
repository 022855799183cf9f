import type { Problem } from '../model/result.js';
import type { NotificationSetting } from '../model/tenant.js';
import { CALL_GROUP_ORDERS, FORWARDING_TYPES, NOTIFICATION_SETTINGS, TARGET_TYPES } from '../model/tenant.js';

/**
 * One cmdlet call, as data. The same object is rendered as a PowerShell line for an
 * admin (`powershell.ts`) and sent as JSON to the server's PowerShell worker, which
 * binds the parameters as values (splatting), never as script text. Keep it
 * JSON-serialisable: strings, booleans, arrays and plain objects only.
 */
export interface SettingsWrite {
  readonly cmdlet: SettingsCmdlet;
  /** The user written: `-Identity` (an object id or SIP address, per the cmdlet reference). */
  readonly identity: string;
  readonly parameterSet: SettingsParameterSet;
  /** Parameter name (without `-`) to value, in the order they are written. `-Identity` is not repeated here. */
  readonly parameters: Readonly<Record<string, SettingsWriteValue>>;
  /** Why this step, in one sentence for an admin. */
  readonly reason: string;
}

export type SettingsCmdlet =
  | 'Set-CsUserCallingSettings'
  | 'New-CsUserCallingDelegate'
  | 'Set-CsUserCallingDelegate'
  | 'Remove-CsUserCallingDelegate';

/**
 * The parameter sets of Set-CsUserCallingSettings that the planner writes (they cannot
 * be combined in one call), and `Delegate` for the three delegate cmdlets, which have one
 * set each.
 */
export type CallingSettingsParameterSet =
  | 'ForwardingOnOff'
  | 'Forwarding'
  | 'UnansweredOnOff'
  | 'Unanswered'
  | 'CallGroup'
  | 'CallGroupMembership'
  | 'CallGroupNotification';
export type SettingsParameterSet = CallingSettingsParameterSet | 'Delegate';

/** `-GroupMembershipDetails` items (ICallGroupMembershipDetails). */
export interface MembershipDetailValue {
  readonly CallGroupOwnerId: string;
  readonly NotificationSetting: NotificationSetting;
}

export type SettingsWriteValue = string | boolean | readonly string[] | readonly MembershipDetailValue[] | null;

/** How a parameter's value is checked and written. `enum` values are written bare, so they must be in the allow-list. */
export type ParameterKind =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'delay' }
  | { readonly kind: 'stringArray' }
  | { readonly kind: 'membershipDetails' };

export interface ParameterSpec {
  readonly kind: ParameterKind;
  readonly required: boolean;
}

const bool = (required = true): ParameterSpec => ({ kind: { kind: 'boolean' }, required });
const text = (required = true): ParameterSpec => ({ kind: { kind: 'string' }, required });
const oneOf = (values: readonly string[], required = true): ParameterSpec => ({ kind: { kind: 'enum', values }, required });

const DELEGATE_PERMISSIONS: Readonly<Record<string, ParameterSpec>> = {
  MakeCalls: bool(false),
  ReceiveCalls: bool(false),
  ManageSettings: bool(false),
  PickUpHeldCalls: bool(false),
  JoinActiveCalls: bool(false),
};

/** The parameters of each Set-CsUserCallingSettings parameter set (office-docs-powershell Set-CsUserCallingSettings.md). */
export const CALLING_SETTINGS_PARAMETER_SETS: Readonly<Record<CallingSettingsParameterSet, Readonly<Record<string, ParameterSpec>>>> = {
  ForwardingOnOff: { IsForwardingEnabled: bool() },
  Forwarding: {
    IsForwardingEnabled: bool(),
    ForwardingType: oneOf(FORWARDING_TYPES),
    ForwardingTargetType: oneOf(TARGET_TYPES),
    ForwardingTarget: text(false),
  },
  UnansweredOnOff: { IsUnansweredEnabled: bool() },
  Unanswered: {
    IsUnansweredEnabled: bool(),
    UnansweredTargetType: oneOf(TARGET_TYPES, false),
    UnansweredTarget: text(false),
    UnansweredDelay: { kind: { kind: 'delay' }, required: true },
  },
  CallGroup: { CallGroupOrder: oneOf(CALL_GROUP_ORDERS), CallGroupTargets: { kind: { kind: 'stringArray' }, required: true } },
  CallGroupMembership: { GroupMembershipDetails: { kind: { kind: 'membershipDetails' }, required: true } },
  CallGroupNotification: { GroupNotificationOverride: oneOf(NOTIFICATION_SETTINGS) },
};

/** The parameters a write may carry, by cmdlet and parameter set; undefined when the pair does not exist. */
export function parameterSpecs(cmdlet: SettingsCmdlet, parameterSet: SettingsParameterSet): Readonly<Record<string, ParameterSpec>> | undefined {
  if (cmdlet === 'Set-CsUserCallingSettings') {
    // Own keys only: a parameter set read from JSON may be any string, `constructor` included.
    return parameterSet !== 'Delegate' && Object.hasOwn(CALLING_SETTINGS_PARAMETER_SETS, parameterSet) ? CALLING_SETTINGS_PARAMETER_SETS[parameterSet] : undefined;
  }
  if (parameterSet !== 'Delegate') return undefined;
  if (cmdlet === 'Remove-CsUserCallingDelegate') return { Delegate: text() };
  if (cmdlet === 'New-CsUserCallingDelegate' || cmdlet === 'Set-CsUserCallingDelegate') return { Delegate: text(), ...DELEGATE_PERMISSIONS };
  return undefined;
}

/** `hh:mm:ss`, the only delay form the cmdlet takes. */
export const DELAY_PATTERN = /^\d{2}:[0-5]\d:[0-5]\d$/;

function valueProblem(name: string, spec: ParameterSpec, value: SettingsWriteValue): string | undefined {
  if (value === null) return spec.required ? `-${name} is required` : undefined;
  const kind = spec.kind;
  switch (kind.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `-${name} must be $true or $false`;
    case 'string':
      return typeof value === 'string' ? undefined : `-${name} must be a string`;
    case 'enum':
      return typeof value === 'string' && kind.values.includes(value) ? undefined : `-${name} must be one of ${kind.values.join(', ')}`;
    case 'delay':
      return typeof value === 'string' && DELAY_PATTERN.test(value) ? undefined : `-${name} must be hh:mm:ss`;
    case 'stringArray':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : `-${name} must be a list of strings`;
    case 'membershipDetails':
      return Array.isArray(value) && value.every(isMembershipDetail) ? undefined : `-${name} must be a list of {CallGroupOwnerId, NotificationSetting}`;
  }
}

function isMembershipDetail(item: unknown): item is MembershipDetailValue {
  if (typeof item !== 'object' || item === null) return false;
  const detail = item as Record<string, unknown>;
  return (
    Object.keys(detail).length === 2 &&
    typeof detail.CallGroupOwnerId === 'string' &&
    typeof detail.NotificationSetting === 'string' &&
    (NOTIFICATION_SETTINGS as readonly string[]).includes(detail.NotificationSetting)
  );
}

/**
 * Structural check of a write before it is rendered or sent: a known cmdlet and
 * parameter set, only that set's parameters, every required one, and values of the
 * right kind (enums from their allow-list). The renderer and the worker both refuse a
 * write with problems, so a value can never choose which code runs.
 */
export function validateSettingsWrite(write: SettingsWrite): Problem[] {
  const specs = parameterSpecs(write.cmdlet, write.parameterSet);
  if (!specs) return [{ code: 'unknown-parameter-set', path: 'parameterSet', message: `${write.cmdlet} has no parameter set ${write.parameterSet}.` }];
  const problems: Problem[] = [];
  if (typeof write.identity !== 'string' || write.identity.trim() === '') {
    problems.push({ code: 'missing-identity', path: 'identity', message: 'The write names no user (-Identity).' });
  }
  for (const [name, value] of Object.entries(write.parameters)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      problems.push({ code: 'unknown-parameter', path: `parameters.${name}`, message: `${write.cmdlet} (${write.parameterSet}) has no parameter -${name}.` });
      continue;
    }
    const problem = valueProblem(name, spec, value);
    if (problem) problems.push({ code: 'invalid-parameter', path: `parameters.${name}`, message: `${problem}.` });
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !Object.hasOwn(write.parameters, name)) {
      problems.push({ code: 'missing-parameter', path: `parameters.${name}`, message: `-${name} is required in ${write.parameterSet}.` });
    }
  }
  return problems;
}
