import type { CallingSettings, Delegate } from '../model/tenant.js';
import { sameRef } from './settingsGroup.js';
import type { SettingsWrite } from './settingsWrite.js';
import { introducedProblems } from './settingsWriteCheck.js';
import { applySettingsWrite } from './writeEffect.js';

type DelegateOpKind = 'add' | 'set' | 'remove';

interface DelegateOp {
  readonly kind: DelegateOpKind;
  readonly before: Delegate | undefined;
  readonly after: Delegate | undefined;
}

const permissions = (d: Delegate) => ({
  MakeCalls: d.MakeCalls,
  ReceiveCalls: d.ReceiveCalls,
  ManageSettings: d.ManageSettings,
  PickUpHeldCalls: d.PickUpHeldCalls,
  JoinActiveCalls: d.JoinActiveCalls,
});
const samePermissions = (a: Delegate, b: Delegate) => JSON.stringify(permissions(a)) === JSON.stringify(permissions(b));

/** The delegate changes from `current` to `desired`, matched by reference (New-, Set-, Remove-CsUserCallingDelegate each change one delegate). */
function delegateOps(current: readonly Delegate[], desired: readonly Delegate[]): DelegateOp[] {
  const ops: DelegateOp[] = [];
  for (const wanted of desired) {
    const existing = current.find((d) => sameRef(d.Id, wanted.Id));
    if (!existing) ops.push({ kind: 'add', before: undefined, after: wanted });
    else if (!samePermissions(existing, wanted)) ops.push({ kind: 'set', before: existing, after: { ...wanted, Id: existing.Id } });
  }
  for (const existing of current) {
    if (!desired.some((d) => sameRef(d.Id, existing.Id))) ops.push({ kind: 'remove', before: existing, after: undefined });
  }
  return ops;
}

/**
 * Preference when several changes are possible: first those that can only help
 * (give a delegate ReceiveCalls, drop a delegate who does not receive calls), then
 * receivers in, then receivers out, then the rest. Each step is still checked.
 */
function priority(op: DelegateOp): number {
  const receivesBefore = op.before?.ReceiveCalls ?? false;
  const receivesAfter = op.after?.ReceiveCalls ?? false;
  if (op.kind === 'set') return receivesAfter && !receivesBefore ? 0 : !receivesAfter && receivesBefore ? 6 : 1;
  if (op.kind === 'remove') return receivesBefore ? 4 : 2;
  return receivesAfter ? 3 : 5;
}

function opWrite(op: DelegateOp, identity: string): SettingsWrite {
  const delegate = (op.after ?? op.before) as Delegate;
  if (op.kind === 'remove') {
    return {
      cmdlet: 'Remove-CsUserCallingDelegate',
      identity,
      parameterSet: 'Delegate',
      parameters: { Delegate: delegate.Id },
      reason: `Remove delegate ${delegate.Id}`,
    };
  }
  const receives = delegate.ReceiveCalls ? 'may receive calls' : 'does not receive calls';
  return {
    cmdlet: op.kind === 'add' ? 'New-CsUserCallingDelegate' : 'Set-CsUserCallingDelegate',
    identity,
    parameterSet: 'Delegate',
    parameters: { Delegate: delegate.Id, ...permissions(delegate) },
    reason: op.kind === 'add' ? `Add ${delegate.Id} as a delegate who ${receives}` : `Change the permissions of delegate ${delegate.Id}, who then ${receives}`,
  };
}

/**
 * The delegate writes from `state` to the desired delegates, one cmdlet call per
 * delegate, in an order where no call adds a problem (see `introducedProblems`);
 * undefined when no such order is found from this state.
 */
export function planDelegateWrites(state: CallingSettings, current: CallingSettings, desired: CallingSettings, identity: string): SettingsWrite[] | undefined {
  const pending = delegateOps(current.Delegates, desired.Delegates).sort((a, b) => priority(a) - priority(b));
  const writes: SettingsWrite[] = [];
  let settings = state;
  while (pending.length > 0) {
    const index = pending.findIndex((op) => introducedProblems(settings, applySettingsWrite(settings, opWrite(op, identity))).length === 0);
    const op = pending[index];
    if (index < 0 || !op) return undefined;
    pending.splice(index, 1);
    const write = opWrite(op, identity);
    writes.push(write);
    settings = applySettingsWrite(settings, write);
  }
  return writes;
}
