import { z } from 'zod';
import { APPROVAL_POLICIES } from '../change/approvalPolicy.js';

/** `GET /api/client-config`: what the tab needs before anyone signs in. Nothing secret. */
export const clientConfigSchema = z.object({
  authMode: z.enum(['dev', 'entra']),
  devSignIn: z.boolean(),
  demoUsers: z.array(z.object({ upn: z.string(), displayName: z.string(), approver: z.boolean() })),
  approvalPolicy: z.enum(APPROVAL_POLICIES),
  /** The app registration for Teams SSO and admin consent; null in development sign-in. */
  entra: z.object({ clientId: z.string().nullable(), applicationIdUri: z.string().nullable() }).nullable().optional(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** Every failure the API answers: a closed code, a sentence, and per-field problems. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })).default([]),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
