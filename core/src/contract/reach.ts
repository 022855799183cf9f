import { z } from 'zod';
import { PERSONAL_NOTICE_KINDS } from './preferences.js';

/**
 * Who the bot cannot tell: a bot can only message a person who has the app installed in
 * personal scope (the install is when Teams hands it the conversation). These people are
 * concerned by open findings but have no personal chat with the bot, so their notices are
 * not sent; approvers see them in Tenant health.
 */

/** How the server reaches people without the app: `off` (an admin pre-installs it) or `graph` (proactive install). */
export const PROACTIVE_INSTALL_MODES = ['off', 'graph'] as const;
export type ProactiveInstallMode = (typeof PROACTIVE_INSTALL_MODES)[number];

/** The most people one answer lists; `total` counts them all. */
export const MAX_UNREACHED_LISTED = 200;

export const unreachedPersonSchema = z.object({
  /** Canonical lower-case `sip:` URI. */
  sip: z.string(),
  /** From the directory; the sip when the person is not in it. */
  displayName: z.string(),
  /** How many open findings concern them. */
  findings: z.number().int().positive(),
  /** The notices they would get, in the order of PERSONAL_NOTICE_KINDS. */
  kinds: z.array(z.enum(PERSONAL_NOTICE_KINDS)).min(1),
});
export type UnreachedPerson = z.infer<typeof unreachedPersonSchema>;

/** The last proactive-install run that asked Graph for anyone, on the instance that answered (PROACTIVE_INSTALL=graph only). */
export const installRunSchema = z.object({
  at: z.string(),
  asked: z.number().int().nonnegative(),
  installed: z.number().int().nonnegative(),
  alreadyInstalled: z.number().int().nonnegative(),
  /** Graph refused the permission (403): the run stopped, and nobody is installed for until it is granted. */
  forbidden: z.boolean(),
});
export type InstallRunSummary = z.infer<typeof installRunSchema>;

/** `GET /api/health/unreached`: most findings first, then by name. */
export const unreachedSchema = z.object({
  people: z.array(unreachedPersonSchema).max(MAX_UNREACHED_LISTED),
  total: z.number().int().nonnegative(),
  proactiveInstall: z.enum(PROACTIVE_INSTALL_MODES),
  lastInstallRun: installRunSchema.optional(),
});
export type UnreachedPeople = z.infer<typeof unreachedSchema>;
