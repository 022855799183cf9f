import type { SettingsWrite } from '@cgm/core';
import { NOTIFICATION_SETTINGS, validateSettingsWrite } from '@cgm/core';
import { z } from 'zod';
import type { GatewayErrorKind } from '../callingGateway.js';

/**
 * The protocol between the server and the Teams worker (scripts/TeamsWorker.ps1, or the
 * same dispatch code behind an Azure Functions URL): one JSON object per line, a request
 * `{ id, op, args }` and its response `{ id, ok, result | error }`. Every argument is
 * JSON data that the worker binds to cmdlet parameters by name (splatting), never text
 * that becomes script, so a display name such as `"; Remove-Team` stays a string.
 */

export const WORKER_OPS = ['ready', 'readDirectory', 'readSettings', 'applyWrite'] as const;
export type WorkerOp = (typeof WORKER_OPS)[number];

export const WORKER_ERROR_KINDS = ['throttled', 'transient', 'rejected', 'not-found'] as const satisfies readonly GatewayErrorKind[];

type NoArgs = Record<string, never>;

/** One request. `id` is unique among the requests in flight on one transport. */
export type WorkerRequest =
  | { readonly id: string; readonly op: 'ready'; readonly args: NoArgs }
  | { readonly id: string; readonly op: 'readDirectory'; readonly args: NoArgs }
  | { readonly id: string; readonly op: 'readSettings'; readonly args: { readonly identity: string } }
  | { readonly id: string; readonly op: 'applyWrite'; readonly args: { readonly write: SettingsWrite } };

export interface WorkerError {
  readonly kind: GatewayErrorKind;
  /** The service's own words where there are any (a rejection's reason is shown to the admin). */
  readonly message: string;
  /** For `throttled`: how long the service asked us to wait. */
  readonly retryAfterMs?: number;
}

export type WorkerResponse =
  | { readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly id: string; readonly ok: false; readonly error: WorkerError };

/**
 * How long each operation may take before the worker is presumed stuck. Connecting and
 * reading a whole directory (Get-CsOnlineUser pages through every user) take far longer
 * than one user's settings.
 */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<WorkerOp, number>> = {
  ready: 120_000,
  readDirectory: 30 * 60_000,
  readSettings: 60_000,
  applyWrite: 60_000,
};

const id = z.string().min(1).max(200);
const noArgs = z.object({}).strict();

const membershipDetailSchema = z
  .object({ CallGroupOwnerId: z.string(), NotificationSetting: z.enum(NOTIFICATION_SETTINGS as readonly ['Ring', 'Banner', 'Mute']) })
  .strict();

const writeValueSchema = z.union([z.string(), z.boolean(), z.array(z.string()), z.array(membershipDetailSchema), z.null()]);

/** A SettingsWrite as JSON, checked with the same rules the PowerShell renderer and the worker apply. */
export const settingsWriteSchema = z
  .object({
    cmdlet: z.enum(['Set-CsUserCallingSettings', 'New-CsUserCallingDelegate', 'Set-CsUserCallingDelegate', 'Remove-CsUserCallingDelegate']),
    identity: z.string(),
    parameterSet: z.enum(['ForwardingOnOff', 'Forwarding', 'UnansweredOnOff', 'Unanswered', 'CallGroup', 'CallGroupMembership', 'CallGroupNotification', 'Delegate']),
    parameters: z.record(z.string(), writeValueSchema),
    reason: z.string(),
  })
  .strict()
  .superRefine((write, ctx) => {
    for (const problem of validateSettingsWrite(write)) ctx.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
  });

export const workerRequestSchema = z.discriminatedUnion('op', [
  z.object({ id, op: z.literal('ready'), args: noArgs }).strict(),
  z.object({ id, op: z.literal('readDirectory'), args: noArgs }).strict(),
  z.object({ id, op: z.literal('readSettings'), args: z.object({ identity: z.string().min(1) }).strict() }).strict(),
  z.object({ id, op: z.literal('applyWrite'), args: z.object({ write: settingsWriteSchema }).strict() }).strict(),
]) satisfies z.ZodType<WorkerRequest>;

const workerErrorSchema = z.object({
  kind: z.enum(WORKER_ERROR_KINDS),
  message: z.string(),
  // ConvertTo-Json prints an unset value as null.
  retryAfterMs: z
    .number()
    .nonnegative()
    .nullish()
    .transform((value) => value ?? undefined),
});

export const workerResponseSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.string(), ok: z.literal(false), error: workerErrorSchema }),
]) satisfies z.ZodType<WorkerResponse>;

/** What `ready` answers once Connect-MicrosoftTeams has succeeded. */
export const readyResultSchema = z.object({ connected: z.literal(true) });

/** What `applyWrite` answers once the cmdlet returned without an error. */
export const applyWriteResultSchema = z.object({ applied: z.literal(true) });

/**
 * One request as one line of JSON. Characters outside printable ASCII are written as
 * `\uXXXX` escapes, so the line means the same whatever encoding the worker's console
 * reads with (Windows PowerShell consoles default to the OEM code page), and U+2028 or a
 * raw newline can never split it. Throws on a request that breaks the protocol: that is
 * a bug in the caller, not a worker failure.
 */
export function encodeRequest(request: WorkerRequest): string {
  const parsed = workerRequestSchema.safeParse(request);
  if (!parsed.success) throw new Error(`Invalid worker request ${request.op}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return JSON.stringify(request).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A response line or body, or undefined when it is not a protocol response (garbage, a stray log line). */
export function decodeResponse(text: string): WorkerResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const parsed = workerResponseSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A failure the transport itself observed (timeout, crash, network, garbage): always worth a retry. */
export function transientFailure(requestId: string, message: string): WorkerResponse {
  return { id: requestId, ok: false, error: { kind: 'transient', message } };
}

/**
 * How the Azure Functions entry (scripts/TeamsWorkerFunction/run.ps1) answers a
 * response: 429 with Retry-After for throttling and 503 for a transient failure, so the
 * platform and any proxy see them as what they are, and 200 for everything else (a
 * rejection is a correct answer to a valid request). The body is always the response.
 */
export function httpStatusFor(response: WorkerResponse): number {
  if (response.ok) return 200;
  if (response.error.kind === 'throttled') return 429;
  if (response.error.kind === 'transient') return 503;
  return 200;
}
