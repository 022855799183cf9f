import { isLoopbackHost } from '../http/auth/developmentMode.js';

/**
 * Where the bot may send: an activity's `serviceUrl` is the base URL of the Bot Connector the
 * reply goes to, and it comes from the request body. Sending to any URL it names would let a
 * forged activity make this server call a metadata endpoint or a private address, so a
 * `serviceUrl` is used (for a reply in the turn, for a proactive card, for an update) only when
 * it is HTTPS on a host where Microsoft's Bot Connector for Teams lives.
 *
 * The hosts are those of "Service URL Validation" in the Microsoft Teams SDK documentation
 * (microsoft.github.io/teams-sdk, essentials/app-configuration/service-url-validation): the
 * public cloud (smba.trafficmanager.net with its regional paths such as /amer/ and /emea/,
 * smba.onyx.prod.teams.trafficmanager.net, smba.infra.gcc.teams.microsoft.com for GCC), US
 * Government GCC High and DoD, and China (21Vianet). The Bot Framework's other channels (Web
 * Chat, Direct Line under botframework.com) are not: there a client writes `from.aadObjectId` and
 * `channelData` itself, and the bot answers Teams only (activityEdge.ts requires `msteams`).
 * In development (developmentMode.ts), a loopback URL over HTTP or HTTPS is also allowed: the
 * Microsoft 365 Agents Playground and the tests' stand-in connector listen there.
 */
export const TEAMS_CONNECTOR_HOSTS: ReadonlySet<string> = new Set([
  'smba.trafficmanager.net',
  'smba.onyx.prod.teams.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
  'frontend.botapi.msg.infra.teams.microsoftonline.cn',
]);


/** Why a serviceUrl is refused, as a predicate after the field's name (`serviceUrl …`); undefined when it may be used. */
export function connectorUrlProblem(serviceUrl: unknown, development: boolean): string | undefined {
  if (typeof serviceUrl !== 'string' || serviceUrl === '') return 'is missing';
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'is not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && url.port === '' && TEAMS_CONNECTOR_HOSTS.has(host)) return undefined;
  if (development && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(host)) return undefined;
  return `${url.origin} is not a Microsoft Teams connector host${development ? ' or a loopback address' : ''}; the bot sends nothing there`;
}

/** The `serviceUrl` of a stored conversation reference (botbuilder's ConversationReference shape). */
export function serviceUrlOf(reference: unknown): unknown {
  return typeof reference === 'object' && reference !== null ? (reference as { serviceUrl?: unknown }).serviceUrl : undefined;
}
