/**
 * Who may frame the tab: exactly the hosts Microsoft lists for Teams and Microsoft 365 tabs in
 * "Tab requirements" (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements,
 * "Set Content Security Policy headers to allow Teams and any other host applications of your
 * app"): all hosts on *.cloud.microsoft, Teams, the Microsoft 365 app and Outlook. Nobody else.
 */
export const FRAME_ANCESTORS = [
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

/**
 * The tab's Content-Security-Policy: its own scripts only (Vite emits no inline script), styles
 * inline too because Fluent UI's Griffel inserts <style> elements at run time, data: for the
 * empty favicon, and connections to our API and to the CDN where teams-js 2.19+ reads the list
 * of valid Teams origins (res.cdn.office.net/teams-js/validDomains). The consent pop-up leaves
 * for Entra by navigation, which CSP does not restrict.
 */
export const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/** Sent with every answer under /tab/: the policy above and the usual hardening. */
export const TAB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': TAB_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};
