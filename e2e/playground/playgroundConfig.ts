import type { Tenant } from '@cgm/core';
import { z } from 'zod';

/**
 * `.m365agentsplayground.yml` as the Agents Playground 0.2 accepts it (its JSON schema, read
 * from the package: no unknown keys, exactly five `users` besides `currentUser`, and its own
 * spelling `userPrincipleName`), and the check that its people are the demo tenant's, so the
 * bot recognises them.
 */
const playgroundUser = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).max(256),
  userPrincipleName: z.string().min(1),
  aadObjectId: z.string().min(1),
  givenName: z.string().max(256),
  surname: z.string().max(256),
  email: z.string().min(1),
});

export const playgroundConfigFile = z.strictObject({
  version: z.enum(['0.1.0', '0.1.1']),
  tenantId: z.string().min(1),
  bot: z.strictObject({ id: z.string().min(1), name: z.string().min(1).max(42) }),
  currentUser: playgroundUser,
  users: z.array(playgroundUser).length(5, 'the Playground wants exactly five users besides currentUser'),
  personalChat: z.strictObject({ id: z.string().min(1) }),
  groupChat: z.strictObject({ id: z.string().min(1), name: z.string().min(1).max(256) }),
  team: z.strictObject({
    id: z.string().min(1),
    name: z.string().min(1).max(256),
    aadGroupId: z.string().min(1),
    channels: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1).max(256) })).max(1),
  }),
});
export type PlaygroundConfigFile = z.infer<typeof playgroundConfigFile>;

/**
 * Where the Playground's people differ from the tenant's: each must be a tenant user by object
 * id (what the bot maps an activity by), with the same name, UPN and e-mail; ids unique; the
 * tenant the same; and the Playground's own user an approver, since approval cards go to
 * approvers' chats. Empty when the file is right.
 */
export function playgroundConfigProblems(config: PlaygroundConfigFile, tenant: Tenant, approverUpns: readonly string[]): string[] {
  const problems: string[] = [];
  if (config.tenantId.toLowerCase() !== tenant.tenantId.toLowerCase()) problems.push(`tenantId: ${config.tenantId} is not the tenant's ${tenant.tenantId}`);
  const byObjectId = new Map(tenant.users.map((user) => [user.Identity.toLowerCase(), user]));
  const people = [
    { path: 'currentUser', person: config.currentUser },
    ...config.users.map((person, index) => ({ path: `users.${index}`, person })),
  ];
  const ids = new Set<string>();
  for (const { path, person } of people) {
    if (ids.has(person.id)) problems.push(`${path}.id: ${person.id} is used twice`);
    ids.add(person.id);
    const user = byObjectId.get(person.aadObjectId.toLowerCase());
    if (!user) {
      problems.push(`${path}.aadObjectId: ${person.aadObjectId} is no user of the tenant`);
      continue;
    }
    const upn = user.UserPrincipalName.toLowerCase();
    if (person.name !== user.DisplayName) problems.push(`${path}.name: "${person.name}" is not "${user.DisplayName}"`);
    if (person.userPrincipleName.toLowerCase() !== upn) problems.push(`${path}.userPrincipleName: ${person.userPrincipleName} is not ${user.UserPrincipalName}`);
    if (person.email.toLowerCase() !== upn) problems.push(`${path}.email: ${person.email} is not ${user.UserPrincipalName}`);
  }
  if (!approverUpns.map((upn) => upn.toLowerCase()).includes(config.currentUser.userPrincipleName.toLowerCase())) {
    problems.push(`currentUser: ${config.currentUser.userPrincipleName} is no approver, so no approval card would reach the Playground's chat`);
  }
  return problems;
}
