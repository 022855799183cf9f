import { z } from 'zod';
import { SEVERITIES } from '../model/finding.js';
import { acceptedSchema } from './requests.js';

/** An open (or resolved) health finding, as `GET /api/health` lists it. */
export const findingSchema = z.object({
  id: z.string(),
  code: z.string().regex(/^(CG|DL|SC)\d{2}$/),
  rule: z.string(),
  severity: z.enum(SEVERITIES as ['error', 'warning', 'info']),
  subject: z.string(),
  related: z.array(z.string()),
  message: z.string(),
  fix: z.object({ summary: z.string(), powershell: z.array(z.string()) }).optional(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  resolvedAt: z.string().nullable().optional(),
});
export type HealthFinding = z.infer<typeof findingSchema>;
export const healthSchema = z.object({ findings: z.array(findingSchema) });

/** `POST /api/health/findings/:id/fix`: the clean-up request, approved by the asker, and what it will do. */
export const fixSchema = acceptedSchema.extend({ summary: z.string() });

/** `GET /api/audit`: newest first; `id` is the cursor for `before`. */
export const auditSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      requestId: z.string().nullable(),
      subject: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
