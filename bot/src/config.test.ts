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
});
