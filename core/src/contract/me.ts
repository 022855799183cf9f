import { z } from 'zod';
import { callGroupOrderSchema, callingSettingsSchema, notificationSchema, personSchema } from './people.js';
import { requestSchema } from './requests.js';

/** `GET /api/me`: the whole page of the signed-in employee in one answer. */
export const meSchema = z.object({
  me: personSchema,
  roles: z.object({ approver: z.boolean() }),
  settings: callingSettingsSchema,
  callGroup: z.object({
    order: callGroupOrderSchema,
    members: z.array(personSchema),
    limits: z.object({
      members: z.number().int(),
      maxMembers: z.number().int(),
      maxInOrder: z.number().int(),
      characters: z.number().int(),
      maxCharacters: z.number().int(),
      maxGroupsPerMember: z.number().int(),
    }),
  }),
  memberships: z.array(
    z.object({
      owner: personSchema,
      ownerSip: z.string(),
      position: z.number().int(),
      ringOrder: z.string(),
      memberCount: z.number().int(),
      notification: notificationSchema,
    }),
  ),
  notificationOverride: notificationSchema.nullable(),
  requests: z.array(requestSchema),
});
export type MeResponse = z.infer<typeof meSchema>;

/** `GET /api/directory?q=`: people matching a name, UPN or SIP address. */
export const directorySchema = z.object({ results: z.array(personSchema) });
