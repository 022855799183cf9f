import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { botIdentityConfigured, botMode } from './botMode.js';

const dev = { AUTH_MODE: 'dev' };
const TENANT = '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60';

describe('the bot configuration', () => {
  it('has no identity by default: development, inbound tokens not required', () => {
    const config = readConfig(dev);
    expect(botIdentityConfigured(config)).toBe(false);
    expect(config).toMatchObject({ BOT_TYPE: 'single-tenant', BOT_DIGEST_HOUR_UTC: 8, BOT_SNOOZE_DAYS: 7 });
  });

  it('accepts a single-tenant app id with its secret and tenant', () => {
    const config = readConfig({ ...dev, BOT_ID: 'app-id', BOT_PASSWORD: 'secret', BOT_TENANT_ID: TENANT });
    expect(botIdentityConfigured(config)).toBe(true);
  });

  it('accepts a user-assigned managed identity without a secret', () => {
    expect(readConfig({ ...dev, BOT_ID: 'msi-client-id', BOT_TYPE: 'user-assigned-msi', BOT_TENANT_ID: TENANT }).BOT_TYPE).toBe('user-assigned-msi');
  });

  it.each([
    ['a single-tenant id without its secret', { BOT_ID: 'app-id', BOT_TENANT_ID: TENANT }, 'BOT_PASSWORD: BOT_PASSWORD is required when BOT_TYPE=single-tenant'],
    ['an id without its tenant', { BOT_ID: 'app-id', BOT_PASSWORD: 'secret' }, 'BOT_TENANT_ID: BOT_TENANT_ID is required when BOT_ID is set'],
    ['a managed identity with a secret', { BOT_ID: 'msi', BOT_TYPE: 'user-assigned-msi', BOT_PASSWORD: 'secret', BOT_TENANT_ID: TENANT }, 'BOT_PASSWORD: a managed identity has no secret'],
    ['a secret without an id', { BOT_PASSWORD: 'secret' }, 'BOT_PASSWORD: BOT_PASSWORD is set but BOT_ID is not'],
    ['multi-tenant, which is deprecated', { BOT_ID: 'app-id', BOT_TYPE: 'multi-tenant', BOT_PASSWORD: 'secret', BOT_TENANT_ID: TENANT }, 'BOT_TYPE:'],
    ['a digest hour past 23', { BOT_DIGEST_HOUR_UTC: '24' }, 'BOT_DIGEST_HOUR_UTC:'],
  ])('refuses %s, naming the variable', (_case, env, message) => {
    expect(() => readConfig({ ...dev, ...env })).toThrow(message);
  });

  it.each([
    ['NODE_ENV=Production (capital P)', { NODE_ENV: 'Production' }, 'NODE_ENV=Production'],
    ['NODE_ENV=" PRODUCTION "', { NODE_ENV: ' PRODUCTION ' }, 'NODE_ENV=PRODUCTION'],
    ['HOST=0.0.0.0', { HOST: '0.0.0.0' }, 'HOST=0.0.0.0'],
    ['both', { NODE_ENV: 'production', HOST: '0.0.0.0' }, 'NODE_ENV=production / HOST=0.0.0.0'],
  ])('K1: without BOT_ID and with %s, every activity is refused and the start-up line says why', (_case, env, reason) => {
    expect(botMode(readConfig({ AUTH_MODE: 'entra', ENTRA_CLIENT_ID: '0f6a8a5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b', ENTRA_APP_ID_URI: 'api://localhost/x', ENTRA_TENANT_IDS: TENANT, ...env }))).toEqual({
      kind: 'refused',
      reason,
      description: `identity: none — not development (${reason}): every activity refused`,
    });
  });

  it('K1: without BOT_ID on a development server, unsigned activities are accepted from loopback only', () => {
    expect(botMode(readConfig({ ...dev, HOST: 'localhost', NODE_ENV: 'test' }))).toEqual({ kind: 'development', description: 'identity: none — development: unsigned activities accepted from loopback only' });
  });

  it('K1: with BOT_ID the mode names the identity, whatever the host', () => {
    expect(botMode(readConfig({ AUTH_MODE: 'dev', BOT_ID: 'app-id', BOT_PASSWORD: 'secret', BOT_TENANT_ID: TENANT })).description).toBe('identity: single-tenant app-id');
  });
});
