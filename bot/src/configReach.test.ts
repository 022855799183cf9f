import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

const CATALOG_ID = 'b1c5353a-7aca-41b3-830f-27d5218fe0e5';
const IDENTITY = { IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token', IDENTITY_HEADER: 'h' };

describe('the proactive install settings', () => {
  it('leaves proactive install off by default', () => {
    const config = readConfig({ AUTH_MODE: 'dev' });
    expect(config.PROACTIVE_INSTALL).toBe('off');
    expect(config.TEAMS_APP_CATALOG_ID).toBeUndefined();
  });

  it('requires the catalog app id and the managed identity with PROACTIVE_INSTALL=graph, naming each', () => {
    expect(() => readConfig({ AUTH_MODE: 'dev', PROACTIVE_INSTALL: 'graph' })).toThrow(
      /TEAMS_APP_CATALOG_ID: .*PROACTIVE_INSTALL=graph.*\n.*IDENTITY_ENDPOINT: .*\n.*IDENTITY_HEADER: /,
    );
    expect(readConfig({ AUTH_MODE: 'dev', PROACTIVE_INSTALL: 'graph', TEAMS_APP_CATALOG_ID: CATALOG_ID, ...IDENTITY }).PROACTIVE_INSTALL).toBe('graph');
  });

  it('refuses an unknown mode and a catalog id that is not a GUID', () => {
    expect(() => readConfig({ AUTH_MODE: 'dev', PROACTIVE_INSTALL: 'yes' })).toThrow(/PROACTIVE_INSTALL: /);
    expect(() => readConfig({ AUTH_MODE: 'dev', TEAMS_APP_CATALOG_ID: 'com.contoso.cgm' })).toThrow('TEAMS_APP_CATALOG_ID: must be the catalog app id, a GUID');
  });
});
