import { randomUUID } from 'node:crypto';
import type { CallingSettings, Problem, Result, SettingsWrite, Tenant } from '@cgm/core';
import { formatProblem, parseSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, validateSettingsWrite } from '@cgm/core';
import type { z } from 'zod';
import type { CallingGateway } from '../callingGateway.js';
import { GatewayError } from '../callingGateway.js';
import type { WorkerRequest } from './protocol.js';
import { applyWriteResultSchema, readyResultSchema } from './protocol.js';
import type { WorkerLogger, WorkerTransport } from './workerTransport.js';

export interface TeamsGatewayOptions {
  readonly transport: WorkerTransport;
  readonly logger: WorkerLogger;
  /** Request ids; unique per transport. */
  readonly newId?: () => string;
}

type Directory = Omit<Tenant, 'callingSettings'>;

/** Request bodies by op, so `call` builds only requests the protocol has. */
type Call = WorkerRequest extends infer TRequest ? (TRequest extends WorkerRequest ? Omit<TRequest, 'id'> : never) : never;

/** Only placeholders: the worker's answers are checked with the snapshot contract, which wants a header. */
const SNAPSHOT_HEADER = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION } as const;
const SETTINGS_ENVELOPE = { ...SNAPSHOT_HEADER, tenantId: 'teams-worker', capturedAt: '1970-01-01T00:00:00Z', users: [] } as const;

const MAX_PROBLEMS_SHOWN = 5;

/**
 * The `teams` adapter: Microsoft Teams itself, through the PowerShell worker. It maps
 * the worker's error kinds to GatewayError and checks every answer with core's snapshot
 * rules, because a worker that answers nonsense must not write nonsense into our
 * database: such an answer is a `transient` failure (the next sync tries again), never
 * a crash. A write that breaks the cmdlet's rules is refused here, before it leaves.
 */
export function createTeamsGateway(options: TeamsGatewayOptions): CallingGateway {
  const { transport, logger } = options;
  const newId = options.newId ?? randomUUID;

  async function call(body: Call): Promise<unknown> {
    const response = await transport.send({ ...body, id: newId() } as WorkerRequest);
    if (response.ok) return response.result;
    const { kind, message, retryAfterMs } = response.error;
    throw new GatewayError(kind, message, kind === 'throttled' ? retryAfterMs : undefined);
  }

  /** An answer that breaks its contract: logged with every problem, reported as transient. */
  function badAnswer(op: string, problems: readonly Problem[]): GatewayError {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    const more = problems.length > MAX_PROBLEMS_SHOWN ? ` (and ${problems.length - MAX_PROBLEMS_SHOWN} more)` : '';
    const message = `The Teams worker's answer to ${op} does not match the tenant model: ${shown.join('; ')}${more}`;
    logger.warn(message);
    return new GatewayError('transient', message);
  }

  function checked<TValue>(op: string, schema: z.ZodType<TValue>, value: unknown): TValue {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw badAnswer(op, parsed.error.issues.map((issue) => ({ code: 'bad-answer', path: issue.path.join('.') || '$', message: issue.message })));
  }

  function unwrap<TValue>(op: string, result: Result<TValue>): TValue {
    if (result.ok) return result.value;
    throw badAnswer(op, result.problems);
  }

  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

  return {
    kind: 'teams',
    async ready() {
      checked('ready', readyResultSchema, await call({ op: 'ready', args: {} }));
    },
    async readDirectory() {
      const result = await call({ op: 'readDirectory', args: {} });
      if (!isRecord(result)) throw badAnswer('readDirectory', [{ code: 'bad-answer', path: '$', message: 'not an object' }]);
      const tenant = unwrap('readDirectory', parseSnapshot({ ...result, ...SNAPSHOT_HEADER, callingSettings: [] }));
      const { tenantId, capturedAt, users, callingPolicies, voiceRoutingPolicies, emergencyCallRoutingPolicies, sharedCallingPolicies, resourceAccounts, phoneNumbers } = tenant;
      return { tenantId, capturedAt, users, callingPolicies, voiceRoutingPolicies, emergencyCallRoutingPolicies, sharedCallingPolicies, resourceAccounts, phoneNumbers } satisfies Directory;
    },
    async readSettings(identity) {
      if (identity.trim() === '') throw new GatewayError('rejected', 'Get-CsUserCallingSettings needs an identity.');
      const result = await call({ op: 'readSettings', args: { identity } });
      const parsed = parseSnapshot({ ...SETTINGS_ENVELOPE, callingSettings: [result] });
      // The envelope is ours: name the problem by the settings' own property.
      if (!parsed.ok) throw badAnswer('readSettings', parsed.problems.map((problem) => ({ ...problem, path: problem.path.replace(/^callingSettings\[0\]\.?/, '') || '$' })));
      const settings: CallingSettings | undefined = parsed.value.callingSettings[0];
      if (!settings) throw badAnswer('readSettings', [{ code: 'bad-answer', path: '$', message: 'no settings' }]);
      return settings;
    },
    async applyWrite(write: SettingsWrite) {
      const problems = validateSettingsWrite(write);
      if (problems.length > 0) throw new GatewayError('rejected', `${write.cmdlet}: ${problems.map((problem) => problem.message).join(' ')}`);
      checked('applyWrite', applyWriteResultSchema, await call({ op: 'applyWrite', args: { write } }));
    },
    async close() {
      await transport.close();
    },
  };
}
