/**
 * STAND-IN for the Teams worker, used only in tests.
 *
 * It stands in for scripts/TeamsWorker.ps1 (the long-lived `pwsh` process that runs the
 * MicrosoftTeams module) and for its Azure Functions entry, because PowerShell is not
 * available on our machines. It speaks the same protocol (protocol.ts: one JSON request
 * per line on stdin, one JSON response per line on stdout, logs on stderr) over a tiny
 * in-memory tenant. It never talks to Microsoft Teams.
 *
 * Run it as `node standInTeamsWorker.mjs`; tests host `createStandInWorker().handle` behind
 * a local HTTP server for the https transport.
 *
 * Failure markers: an identity (readSettings) or a write's identity (applyWrite) that
 * starts with `stand-in:` makes it misbehave the way a real worker can:
 *   stand-in:throttle:MS    throttled, retry after MS milliseconds (HTTP 429)
 *   stand-in:transient      a transient service failure (HTTP 503)
 *   stand-in:reject:REASON  the service rejects the call with REASON
 *   stand-in:not-found      "Management object not found"
 *   stand-in:hang           never answers this or any later request (a stuck worker)
 *   stand-in:crash          the process exits mid-request
 *   stand-in:garbage        prints a line that is not a protocol response
 *   stand-in:stderr:TEXT    logs TEXT on stderr, then answers normally
 *   stand-in:slow:MS        answers `{ echo: args }` after MS milliseconds
 *   stand-in:echo...        answers `{ echo: args }`: the arguments exactly as parsed
 *   stand-in:bad-settings   readSettings answers settings without a SipUri
 */
import process from 'node:process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ALLOWED_CMDLETS = new Set(['Set-CsUserCallingSettings', 'New-CsUserCallingDelegate', 'Set-CsUserCallingDelegate', 'Remove-CsUserCallingDelegate']);

function directory() {
  return {
    tenantId: 'stand-in-tenant',
    capturedAt: '2025-01-01T00:00:00.000Z',
    users: [
      { Identity: '00000000-0000-0000-0000-00000000000a', UserPrincipalName: 'adele@contoso.com', SipAddress: 'sip:adele@contoso.com', DisplayName: 'Adele Vance', Department: 'Sales', AccountEnabled: true, TeamsUpgradeEffectiveMode: 'TeamsOnly', EnterpriseVoiceEnabled: true, HasTeamsPhoneLicense: true, LineUri: null, TeamsCallingPolicy: null, OnlineVoiceRoutingPolicy: null, TeamsEmergencyCallRoutingPolicy: null, TeamsSharedCallingRoutingPolicy: null },
      { Identity: '00000000-0000-0000-0000-00000000000b', UserPrincipalName: 'ben@contoso.com', SipAddress: 'sip:ben@contoso.com', DisplayName: 'Ben "Quotes" O\'Neil', Department: null, AccountEnabled: true, TeamsUpgradeEffectiveMode: 'TeamsOnly', EnterpriseVoiceEnabled: true, HasTeamsPhoneLicense: true, LineUri: 'tel:+14255550100', TeamsCallingPolicy: 'Tag:Sales', OnlineVoiceRoutingPolicy: null, TeamsEmergencyCallRoutingPolicy: null, TeamsSharedCallingRoutingPolicy: null },
    ],
    callingPolicies: [{ Identity: 'Global', AllowCallGroups: true, AllowDelegation: true, AllowCallForwardingToUser: true, AllowCallForwardingToPhone: true, AllowVoicemail: 'UserOverride', InboundPstnCallRoutingTreatment: 'RegularIncoming', InboundFederatedCallRoutingTreatment: 'RegularIncoming', BusyOnBusyEnabledType: 'Disabled' }],
    voiceRoutingPolicies: [{ Identity: 'Global', OnlinePstnUsages: [] }],
    emergencyCallRoutingPolicies: [],
    sharedCallingPolicies: [],
    resourceAccounts: [],
    phoneNumbers: [{ TelephoneNumber: '+14255550100', NumberType: 'CallingPlan', IsoCountryCode: 'US', Usage: 'Subscriber', AssignedPstnTargetId: '00000000-0000-0000-0000-00000000000b', LocationId: null }],
  };
}

/** Settings as Get-CsUserCallingSettings prints them, extra properties (Delegators, BusyOnBusyOption) included. */
function initialSettings(sip) {
  return { SipUri: sip, IsForwardingEnabled: null, ForwardingType: null, ForwardingTargetType: null, ForwardingTarget: null, IsUnansweredEnabled: null, UnansweredTargetType: null, UnansweredTarget: null, UnansweredDelay: '00:00:20', Delegates: [], Delegators: [], CallGroupOrder: 'Simultaneous', CallGroupTargets: [], GroupMembershipDetails: [], GroupNotificationOverride: null, BusyOnBusyOption: null };
}

const ok = (id, result) => ({ kind: 'respond', response: { id, ok: true, result } });
const fail = (id, kind, message, retryAfterMs) => ({ kind: 'respond', response: { id, ok: false, error: retryAfterMs === undefined ? { kind, message } : { kind, message, retryAfterMs } } });

/**
 * A stand-in worker with its own little tenant. `handle(request)` resolves to what the
 * host must do: `respond` with a response, or misbehave (`crash`, `hang`, `garbage`).
 */
export function createStandInWorker(options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const tenant = directory();
  const settings = new Map(tenant.users.map((user) => [user.SipAddress, initialSettings(user.SipAddress)]));

  function findSip(identity) {
    const key = identity.toLowerCase().replace(/^sip:/, '');
    const user = tenant.users.find((candidate) => [candidate.Identity, candidate.UserPrincipalName, candidate.SipAddress.slice(4)].some((value) => value.toLowerCase() === key));
    return user?.SipAddress;
  }

  async function marker(request, subject) {
    if (typeof subject !== 'string' || !subject.startsWith('stand-in:')) return undefined;
    const [, name = '', ...rest] = subject.split(':');
    const value = rest.join(':');
    switch (name) {
      case 'throttle':
        return fail(request.id, 'throttled', 'Too many requests (HTTP 429).', Number(value));
      case 'transient':
        return fail(request.id, 'transient', 'The service is temporarily unavailable (HTTP 503).');
      case 'reject':
        return fail(request.id, 'rejected', value);
      case 'not-found':
        return fail(request.id, 'not-found', `Management object not found for identity "${subject}".`);
      case 'hang':
      case 'crash':
      case 'garbage':
        return { kind: name };
      case 'stderr':
        log(value);
        return undefined;
      case 'slow':
        await sleep(Number(value));
        return ok(request.id, { echo: request.args });
      case 'echo':
        return ok(request.id, { echo: request.args });
      default:
        return undefined;
    }
  }

  function applyWrite(request, write) {
    if (!ALLOWED_CMDLETS.has(write.cmdlet)) return fail(request.id, 'rejected', `The cmdlet ${write.cmdlet} is not allowed.`);
    const sip = findSip(write.identity);
    if (!sip) return fail(request.id, 'not-found', `Management object not found for identity "${write.identity}".`);
    const current = settings.get(sip);
    if (write.cmdlet === 'Set-CsUserCallingSettings') Object.assign(current, write.parameters);
    else {
      const others = current.Delegates.filter((delegate) => delegate.Id !== write.parameters.Delegate);
      const { Delegate, ...permissions } = write.parameters;
      current.Delegates = write.cmdlet === 'Remove-CsUserCallingDelegate' ? others : [...others, { Id: Delegate, MakeCalls: false, ManageSettings: false, ReceiveCalls: false, PickUpHeldCalls: false, JoinActiveCalls: false, ...permissions }];
    }
    return ok(request.id, { applied: true });
  }

  async function handle(request) {
    const subject = request.op === 'readSettings' ? request.args?.identity : request.op === 'applyWrite' ? request.args?.write?.identity : undefined;
    const misbehaviour = await marker(request, subject);
    if (misbehaviour) return misbehaviour;
    switch (request.op) {
      case 'ready':
        return ok(request.id, { connected: true, tenantId: tenant.tenantId, workerPid: process.pid });
      case 'readDirectory':
        return ok(request.id, tenant);
      case 'readSettings': {
        if (subject === 'stand-in:bad-settings') return ok(request.id, { IsForwardingEnabled: true });
        const sip = findSip(subject);
        return sip ? ok(request.id, settings.get(sip)) : fail(request.id, 'not-found', `Management object not found for identity "${subject}".`);
      }
      case 'applyWrite':
        return applyWrite(request, request.args.write);
      default:
        return fail(request.id, 'rejected', `Unknown op ${String(request.op)}.`);
    }
  }

  return { handle };
}

/** The stdio host: the same loop as TeamsWorker.ps1, but answering requests concurrently. */
function runStdio() {
  const worker = createStandInWorker();
  let hung = false;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', async (line) => {
    if (hung || line.trim() === '') return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      process.stderr.write(`stand-in: not JSON: ${line.slice(0, 80)}\n`);
      return;
    }
    const outcome = await worker.handle(request);
    if (outcome.kind === 'crash') process.exit(3);
    if (outcome.kind === 'hang') hung = true;
    if (outcome.kind === 'garbage') process.stdout.write('WARNING: this is not JSON\n');
    if (outcome.kind === 'respond') process.stdout.write(`${JSON.stringify(outcome.response)}\n`);
  });
  lines.on('close', () => process.exit(0));
  process.stderr.write(`stand-in Teams worker started (pid ${process.pid})\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runStdio();
