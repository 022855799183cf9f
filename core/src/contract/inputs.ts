import { z } from 'zod';
import { SEVERITIES } from '../model/finding.js';

/**
 * What a client may send besides the settings changes (core's change bodies): query strings
 * and the small bodies of decisions. The server parses with these; the tab builds its calls
 * to match. Strict: an unknown parameter is a mistake worth naming, not something to ignore.
 */

/** The most a rejection reason may say. */
export const MAX_REJECT_REASON = 500;

/** A body that must be absent or `{}` (approve, leave, fix): null or a list is a mistake, not "nothing". */
export const emptyBody = z.strictObject({});

export const rejectBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .max(MAX_REJECT_REASON, 'keep the reason under 500 characters')
    // Line breaks are allowed (the tab's box is multi-line, as the card's is); the router refuses other control characters.
    .optional(),
});

/** `GET /api/directory?q=`. */
export const directoryQuery = z.strictObject({ q: z.string().trim().min(1, 'type at least one character').max(100) });

/** `GET /api/health?code=&severity=&subject=&status=`. */
export const healthQuery = z.strictObject({
  code: z.string().regex(/^(CG|DL|SC)\d{2}$/, 'a finding code such as CG01').optional(),
  severity: z.enum(SEVERITIES as ['error', 'warning', 'info']).optional(),
  subject: z.string().max(256).optional(),
  status: z.enum(['open', 'all']).default('open'),
});

/** `GET /api/audit?limit=&before=`. */
export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  // An audit entry's id: ids start at 1, so `before` is at least 1.
  before: z.coerce.number().int().min(1).optional(),
});

/** `GET /api/relationships?person=&depth=`. */
export const neighbourhoodQuery = z.strictObject({
  person: z.string().trim().min(1, 'name a person by UPN, SIP address or object id').max(256),
  depth: z.coerce.number().int().min(1).max(3).default(1),
});

/** `GET /api/relationships/clusters?limit=`. */
export const clusterQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(20).default(5) });
