import { z } from 'zod';
import type { AppInstaller, InstallOutcome } from '../../services/reachService.js';
import { GRAPH_ORIGIN } from './graphGroupMembers.js';

/**
 * Installs the app in a person's personal scope through Microsoft Graph, as Microsoft documents
 * for proactive messages ("Send proactive installation messages"):
 * `POST /users/{user-id}/teamwork/installedApps` with `teamsApp@odata.bind` naming the app in the
 * organisation's catalog. Teams then sends the bot a conversationUpdate for the new personal chat,
 * where the bot keeps the conversation reference as for any install. The call uses the app's own
 * token (an application permission: the install is for someone else). Only graph.microsoft.com is
 * called, and redirects are refused, so the token goes nowhere else.
 */
export interface TeamsAppInstallerOptions {
  /** An access token for https://graph.microsoft.com. */
  readonly getToken: () => Promise<string>;
  /** The app's id in the organisation's app catalog (`GET /appCatalogs/teamsApps?$filter=externalId eq '{manifest id}'`), not the manifest id. */
  readonly catalogAppId: string;
  readonly logger: { warn(message: string, fields?: Record<string, unknown>): void };
  readonly fetch?: typeof fetch;
}

// Graph's error body: { error: { code, message } }; read only to say what went wrong.
const graphError = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });

async function graphReason(response: Response): Promise<string> {
  const parsed = graphError.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) return `HTTP ${response.status}`;
  return [`HTTP ${response.status}`, parsed.data.error.code, parsed.data.error.message].filter(Boolean).join(': ');
}

/**
 * Entra object ids are GUIDs. Anything else is refused before a request: encodeURIComponent
 * leaves '.' alone, so an id of '..' would move the call to another Graph route.
 */
const objectIdSchema = z.guid();

export function createTeamsAppInstaller(options: TeamsAppInstallerOptions): AppInstaller {
  const fetchFn = options.fetch ?? fetch;
  const body = JSON.stringify({ 'teamsApp@odata.bind': `${GRAPH_ORIGIN}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(options.catalogAppId)}` });
  return {
    async install(objectId): Promise<InstallOutcome> {
      if (!objectIdSchema.safeParse(objectId).success) {
        options.logger.warn('not installing the app for a user whose id is not an Entra object id', { user: objectId });
        return 'failed';
      }
      const url = `${GRAPH_ORIGIN}/v1.0/users/${encodeURIComponent(objectId)}/teamwork/installedApps`;
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${await options.getToken()}`, 'content-type': 'application/json', accept: 'application/json' },
          body,
          redirect: 'error',
        });
      } catch (error) {
        options.logger.warn('could not reach Microsoft Graph to install the app', { user: objectId, error: (error as Error).message });
        return 'failed';
      }
      // 201 Created: installed. 409 Conflict: the app is already installed for them (by them, a policy or an earlier run).
      if (response.status === 201 || response.ok) return 'installed';
      if (response.status === 409) return 'already-installed';
      const reason = await graphReason(response);
      if (response.status === 403) {
        options.logger.warn('Microsoft Graph refused to install the app for a user', { user: objectId, reason });
        return 'forbidden';
      }
      options.logger.warn('Microsoft Graph did not install the app for a user', { user: objectId, reason, retryAfter: response.headers.get('retry-after') ?? undefined });
      return 'failed';
    },
  };
}
