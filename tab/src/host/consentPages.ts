import { z } from 'zod';

/**
 * The consent pop-up Teams opens (`authentication.authenticate`) when the SSO token needs the
 * user's permission: /tab/auth-start sends the browser to Entra's consent prompt for our app
 * registration, and /tab/auth-end reports back to Teams. Both run without React.
 */
export const AUTH_START_PATH = '/tab/auth-start';
export const AUTH_END_PATH = '/tab/auth-end';

const entraConfig = z.object({ entra: z.object({ clientId: z.string().min(1), applicationIdUri: z.string().min(1) }) });

/** The Entra authorize URL that asks for consent to our API's access_as_user scope. */
export function consentUrl(clientId: string, applicationIdUri: string, origin: string, state: string): string {
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    response_mode: 'fragment',
    redirect_uri: `${origin}${AUTH_END_PATH}`,
    scope: `${applicationIdUri}/access_as_user openid profile`,
    prompt: 'consent',
    state,
  });
  return `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?${params}`;
}

/** Runs the pop-up's page when the path is one of them; true when it did (the tab itself must not start). */
export function runConsentPage(location: Location): boolean {
  if (location.pathname === AUTH_START_PATH) {
    void fetch('/api/client-config')
      .then((response) => response.json())
      .then((body: unknown) => {
        const { entra } = entraConfig.parse(body);
        const state = crypto.randomUUID();
        sessionStorage.setItem('cgm.consentState', state);
        location.assign(consentUrl(entra.clientId, entra.applicationIdUri, location.origin, state));
      });
    return true;
  }
  if (location.pathname === AUTH_END_PATH) {
    void import('@microsoft/teams-js').then(async ({ app, authentication }) => {
      await app.initialize();
      const result = new URLSearchParams(location.hash.slice(1));
      const stateOk = result.get('state') === sessionStorage.getItem('cgm.consentState');
      if (result.has('error') || !stateOk) authentication.notifyFailure(result.get('error_description') ?? 'Consent was not given.');
      else authentication.notifySuccess();
    });
    return true;
  }
  return false;
}
