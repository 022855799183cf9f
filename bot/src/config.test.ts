import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('the server configuration', () => {
  it('treats an empty value as unset, as App Service and the env templates write it', () => {
    const config = readConfig({ AUTH_MODE: 'dev', DATABASE_URL: '', TEAMS_WORKER_URL: '', PORT: '' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEAMS_WORKER_URL).toBeUndefined();
    expect(config.PORT).toBe(3978);
  });

  it('requires the token audience and App Service identity endpoint when the Teams worker is called over HTTPS, naming each', () => {
    const azure = { AUTH_MODE: 'dev', GATEWAY: 'teams', TEAMS_WORKER_URL: 'https://cgm-worker.azurewebsites.net/api/teams' };
    expect(() => readConfig(azure)).toThrow(/TEAMS_WORKER_AUDIENCE: .*\n.*IDENTITY_ENDPOINT: .*\n.*IDENTITY_HEADER: /);
    const config = readConfig({ ...azure, TEAMS_WORKER_AUDIENCE: 'api://cgm-worker', IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token', IDENTITY_HEADER: 'h' });
    expect(config.TEAMS_WORKER_AUDIENCE).toBe('api://cgm-worker');
    // The embedded gateway ignores the worker's settings.
    expect(() => readConfig({ ...azure, GATEWAY: 'local' })).not.toThrow();
  });

  it('refuses a worker URL that is not a URL', () => {
    expect(() => readConfig({ AUTH_MODE: 'dev', TEAMS_WORKER_URL: 'cgm-worker' })).toThrow(/TEAMS_WORKER_URL: /);
  });

  it('K8: names every wrong Entra value at once', () => {
    const entra = { AUTH_MODE: 'entra', ENTRA_CLIENT_ID: 'my-app', ENTRA_APP_ID_URI: 'https://cgm.contoso.com', ENTRA_TENANT_IDS: 'common' };
    expect(() => readConfig(entra)).toThrow(/ENTRA_CLIENT_ID: .*GUID.*\n.*ENTRA_APP_ID_URI: .*api:\/\/.*\n.*ENTRA_TENANT_IDS: .*"common" is not/);
    const good = { ...entra, ENTRA_CLIENT_ID: '0f6a8a5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b', ENTRA_APP_ID_URI: 'api://cgm.contoso.com/0f6a8a5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b', ENTRA_TENANT_IDS: '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60' };
    expect(readConfig(good).ENTRA_TENANT_IDS).toEqual(['3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60']);
    // Missing values are named once, as missing, not also as malformed.
    expect(() => readConfig({ AUTH_MODE: 'entra' })).toThrow('Configuration is invalid:\n  ENTRA_CLIENT_ID: ENTRA_CLIENT_ID is required when AUTH_MODE=entra\n  ENTRA_APP_ID_URI: ENTRA_APP_ID_URI is required when AUTH_MODE=entra\n  ENTRA_TENANT_IDS: ENTRA_TENANT_IDS is required when AUTH_MODE=entra');
  });
});
