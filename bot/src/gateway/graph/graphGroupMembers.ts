import { z } from 'zod';
import type { ApproverGroupMembers } from '../../services/approvers.js';

/**
 * The approver group's members from Microsoft Graph (`GET /groups/{id}/transitiveMembers`,
 * users only, nested groups included), with the app's own token (GroupMember.Read.All). A card
 * click carries no token with a groups claim, so this is how the bot knows a group approver.
 * Only graph.microsoft.com is ever called: a next-page link to any other host is refused, so a
 * forged response cannot send the app's token elsewhere.
 */
export interface GraphGroupMembersOptions {
  /** An access token for https://graph.microsoft.com. */
  readonly getToken: () => Promise<string>;
  readonly fetch?: typeof fetch;
}

export const GRAPH_ORIGIN = 'https://graph.microsoft.com';
// Graph's largest page for directory objects; a 5,000-member group is five requests.
const PAGE_SIZE = 999;
const MAX_PAGES = 100;

const page = z.object({
  value: z.array(z.object({ id: z.string().min(1) })),
  '@odata.nextLink': z.string().url().optional(),
});

export function createGraphGroupMembers(options: GraphGroupMembersOptions): ApproverGroupMembers {
  const fetchFn = options.fetch ?? fetch;
  return {
    async members(groupId) {
      const ids: string[] = [];
      let url: string | undefined = `${GRAPH_ORIGIN}/v1.0/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=${PAGE_SIZE}`;
      for (let pages = 0; url !== undefined; pages += 1) {
        if (new URL(url).origin !== GRAPH_ORIGIN) throw new Error(`Graph's next page is not on ${GRAPH_ORIGIN}: refused`);
        if (pages >= MAX_PAGES) throw new Error(`The approver group has more than ${MAX_PAGES * PAGE_SIZE} members: not read`);
        const response = await fetchFn(url, { headers: { authorization: `Bearer ${await options.getToken()}`, accept: 'application/json' }, redirect: 'error' });
        if (!response.ok) throw new Error(`Graph answered ${response.status} reading the members of group ${groupId}`);
        const parsed = page.safeParse(await response.json());
        if (!parsed.success) throw new Error(`Graph's answer for group ${groupId} is not a page of users: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
        ids.push(...parsed.data.value.map((member) => member.id));
        url = parsed.data['@odata.nextLink'];
      }
      return ids;
    },
  };
}
