import { z } from 'zod';
import { PROACTIVE_INSTALL_MODES } from '@cgm/core';
import { entraOptionProblems } from './http/auth/teamsTokenVerifier.js';

/**
 * The server's configuration, read once from the environment by the composition root
 * (main.ts) and validated here. Every variable is listed in the README's configuration
 * table and in env/.env.local / env/.env.dev.
 */
const csv = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== ''));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The variable each token verifier option is read from. */
const ENTRA_VARIABLE = { clientId: 'ENTRA_CLIENT_ID', applicationIdUri: 'ENTRA_APP_ID_URI', allowedTenantIds: 'ENTRA_TENANT_IDS' } as const;

export const configSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** PGlite's data folder, used when DATABASE_URL is not set. */
    DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: z.string().url().optional(),
    /** PostgreSQL connections this instance opens at most. */
    DATABASE_POOL_SIZE: positiveInt(10),
    /** `dev` accepts `X-Dev-User` (loopback and non-production only); `entra` requires a Teams SSO token. */
    AUTH_MODE: z.enum(['dev', 'entra']).default('entra'),
    ENTRA_CLIENT_ID: z.string().optional(),
    ENTRA_APP_ID_URI: z.string().optional(),
    ENTRA_TENANT_IDS: csv,
    ENTRA_JWKS_URL: z.string().url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    /** always | never | on-add-or-group-forwarding (members added, or forwarding to the group switched on). */
    APPROVAL_POLICY: z.enum(['always', 'never', 'on-add-or-group-forwarding']).default('on-add-or-group-forwarding'),
    /** Approvers by UPN (development and small tenants). */
    APPROVERS: csv,
    /** An Entra group whose members approve (production). */
    APPROVER_GROUP_ID: z.string().optional(),
    REQUEST_EXPIRY_HOURS: positiveInt(72),
    /** local: the embedded tenant in our database; teams: the MicrosoftTeams PowerShell worker. */
    GATEWAY: z.enum(['local', 'teams']).default('local'),
    TEAMS_WORKER_COMMAND: z.string().default('pwsh'),
    TEAMS_WORKER_SCRIPT: z.string().default('scripts/TeamsWorker.ps1'),
    TEAMS_WORKER_TIMEOUT_MS: positiveInt(60_000),
    /** GATEWAY=teams in Azure: the worker's Functions URL (HTTPS transport) instead of a local pwsh over stdio. */
    TEAMS_WORKER_URL: z.string().url().optional(),
    /** The Functions app's Application ID URI: the audience of the managed-identity token sent to it. */
    TEAMS_WORKER_AUDIENCE: z.string().optional(),
    /** The user-assigned managed identity's client id (written by infra/modules/webApp.bicep). */
    AZURE_CLIENT_ID: z.string().optional(),
    /** Set by App Service itself: its managed-identity token endpoint and the header that proves the caller runs there. */
    IDENTITY_ENDPOINT: z.string().url().optional(),
    IDENTITY_HEADER: z.string().optional(),
    SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
    SYNC_CONCURRENCY: positiveInt(4),
    /** The tenant's budget of calling-settings reads per second that sync paces itself to (it backs off further on 429). */
    SYNC_READS_PER_SECOND: z.coerce.number().positive().default(10),
    APPLY_POLL_MS: positiveInt(1_000),
    /** The demo tenant seeded into an empty database on first start. Empty to start with no tenant. */
    SEED_SNAPSHOT: z.string().default('bot/data/demo-tenant.json'),
    /** The bot's Microsoft App ID (an Entra app registration, or the client id of a user-assigned managed identity). None: in development (developmentMode.ts) unsigned activities from loopback are taken; otherwise every activity is answered 401 (botMode.ts). */
    BOT_ID: z.string().trim().optional().transform((value) => value || undefined),
    /** The app registration's client secret (BOT_TYPE=single-tenant). */
    BOT_PASSWORD: z.string().optional().transform((value) => value || undefined),
    /** The Entra tenant the bot is registered in; activities from other tenants are refused. */
    BOT_TENANT_ID: z.string().trim().optional().transform((value) => value || undefined),
    /** single-tenant: app id and secret; user-assigned-msi: a managed identity of the host. Multi-tenant registrations are deprecated and not offered. */
    BOT_TYPE: z.enum(['single-tenant', 'user-assigned-msi']).default('single-tenant'),
    /** The hour (0–23, UTC) after which the daily health digest may go out. */
    BOT_DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(8),
    /** Days a Snooze on a finding keeps it out of digests. */
    BOT_SNOOZE_DAYS: positiveInt(7),
    /** The Teams app's id (the manifest's `id`): daily summary cards link to the personal tab with it. None: no links. */
    TEAMS_APP_ID: z.string().trim().optional().transform((value) => value || undefined),
    /** off: an admin pre-installs the app (app setup policy); graph: the server installs it through Microsoft Graph for people it cannot reach. */
    PROACTIVE_INSTALL: z.enum(PROACTIVE_INSTALL_MODES).default('off'),
    /** The app's id in the organisation's Teams app catalog (Graph's teamsApp id, not the manifest id): what PROACTIVE_INSTALL=graph installs. */
    TEAMS_APP_CATALOG_ID: z.string().trim().regex(GUID, 'must be the catalog app id, a GUID').optional(),
  })
  .superRefine((config, ctx) => {
    if (config.GATEWAY === 'teams' && config.TEAMS_WORKER_URL) {
      for (const key of ['TEAMS_WORKER_AUDIENCE', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER'] as const) {
        if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when TEAMS_WORKER_URL is set (the worker is called with a managed-identity token)` });
      }
    }
    if (config.AUTH_MODE === 'entra') {
      for (const key of ['ENTRA_CLIENT_ID', 'ENTRA_APP_ID_URI'] as const) {
        if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when AUTH_MODE=entra` });
      }
      if (config.ENTRA_TENANT_IDS.length === 0) ctx.addIssue({ code: 'custom', path: ['ENTRA_TENANT_IDS'], message: 'ENTRA_TENANT_IDS is required when AUTH_MODE=entra' });
      // The token verifier's own rules, so that every wrong Entra value is named here at once, not the first one at startup.
      for (const problem of entraOptionProblems({ clientId: config.ENTRA_CLIENT_ID ?? '', applicationIdUri: config.ENTRA_APP_ID_URI ?? '', allowedTenantIds: config.ENTRA_TENANT_IDS })) {
        const key = ENTRA_VARIABLE[problem.option];
        if (config[key] === undefined || (Array.isArray(config[key]) && config[key].length === 0)) continue;
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} ${problem.message}` });
      }
    }
    if (config.PROACTIVE_INSTALL === 'graph') {
      // The install calls Graph with the server's managed identity, like the approver group's members.
      for (const key of ['TEAMS_APP_CATALOG_ID', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER'] as const) {
        if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when PROACTIVE_INSTALL=graph (the app is installed through Microsoft Graph with the server's managed identity)` });
      }
    }
    if (config.BOT_ID) {
      // With an identity the bot verifies every inbound token and signs what it sends.
      if (!config.BOT_TENANT_ID) ctx.addIssue({ code: 'custom', path: ['BOT_TENANT_ID'], message: 'BOT_TENANT_ID is required when BOT_ID is set' });
      if (config.BOT_TYPE === 'single-tenant' && !config.BOT_PASSWORD) ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: 'BOT_PASSWORD is required when BOT_TYPE=single-tenant' });
      if (config.BOT_TYPE === 'user-assigned-msi' && config.BOT_PASSWORD) ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: 'a managed identity has no secret: unset BOT_PASSWORD when BOT_TYPE=user-assigned-msi' });
    } else {
      for (const key of ['BOT_PASSWORD', 'BOT_TENANT_ID'] as const) {
        if (config[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is set but BOT_ID is not: set BOT_ID too, or unset ${key} for development` });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/** Validate the environment; the error names every variable that is wrong. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty value means unset: App Service and the env templates write `NAME=` for what is not used.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(given);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new Error(`Configuration is invalid:\n${lines.join('\n')}`);
}
