import { readFile } from 'node:fs/promises';
import type { Tenant } from '@cgm/core';
import { parseSnapshotText } from '@cgm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEV_DEFAULT_APPROVERS } from '../../bot/src/server/app.js';
import { DEMO_SNAPSHOT } from '../../bot/src/server/testServer.js';
import { PLAYGROUND_CONFIG } from './playground.js';
import type { PlaygroundConfigFile } from './playgroundConfig.js';
import { playgroundConfigFile, playgroundConfigProblems } from './playgroundConfig.js';

describe('.m365agentsplayground.yml', () => {
  let tenant: Tenant;
  let raw: unknown;
  let config: PlaygroundConfigFile;

  beforeAll(async () => {
    const snapshot = parseSnapshotText(await readFile(DEMO_SNAPSHOT, 'utf8'));
    if (!snapshot.ok) throw new Error('the demo tenant does not parse');
    tenant = snapshot.value;
    raw = parseYaml(await readFile(PLAYGROUND_CONFIG, 'utf8'));
    config = playgroundConfigFile.parse(raw);
  });

  it('has the shape the Playground accepts', () => {
    expect(playgroundConfigFile.safeParse(raw).success).toBe(true);
    expect(config.users).toHaveLength(5);
  });

  it('names the demo tenant’s people by object id, name, UPN and e-mail, with Megan Bowen, an approver, as the Playground’s user', () => {
    expect(playgroundConfigProblems(config, tenant, DEV_DEFAULT_APPROVERS)).toEqual([]);
    expect(config.currentUser).toMatchObject({ name: 'Megan Bowen', aadObjectId: 'c01707e1-469b-57e7-9a92-8b225ae19dae', email: 'megan.bowen@contoso.com' });
    expect(config.users.map((user) => user.name)).toEqual(expect.arrayContaining(['Alex Wilber', 'Adele Vance']));
    expect(config.tenantId).toBe('3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60');
  });

  it('names every way a file can go wrong', () => {
    const [first, second, ...rest] = config.users;
    const broken: PlaygroundConfigFile = {
      ...config,
      tenantId: '00000000-0000-0000-0000-000000000001',
      currentUser: { ...config.currentUser, userPrincipleName: 'alex.wilber@contoso.com', email: 'alex.wilber@contoso.com', aadObjectId: 'af8de7bf-1309-51a7-ac52-cb19d1f10057', name: 'Alex Wilber' },
      users: [{ ...first!, aadObjectId: '00000000-0000-0000-0000-000000000020' }, { ...second!, id: config.currentUser.id, name: 'Adele V.', email: 'adelev@example.com' }, ...rest],
    };
    expect(playgroundConfigProblems(broken, tenant, DEV_DEFAULT_APPROVERS)).toEqual([
      "tenantId: 00000000-0000-0000-0000-000000000001 is not the tenant's 3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60",
      'users.0.aadObjectId: 00000000-0000-0000-0000-000000000020 is no user of the tenant',
      `users.1.id: ${config.currentUser.id} is used twice`,
      'users.1.name: "Adele V." is not "Adele Vance"',
      'users.1.email: adelev@example.com is not adele.vance@contoso.com',
      "currentUser: alex.wilber@contoso.com is no approver, so no approval card would reach the Playground's chat",
    ]);
  });

  it('refuses what the Playground would refuse: an unknown key, the usual spelling of userPrincipalName, four users', () => {
    const paths = (value: unknown) => (playgroundConfigFile.safeParse(value).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.code}`);
    expect(paths({ ...config, theme: 'dark' })).toEqual([': unrecognized_keys']);
    const { userPrincipleName, ...rest } = config.currentUser;
    expect(paths({ ...config, currentUser: { ...rest, userPrincipalName: userPrincipleName } })).toEqual(['currentUser.userPrincipleName: invalid_type', 'currentUser: unrecognized_keys']);
    expect(paths({ ...config, users: config.users.slice(0, 4) })).toEqual(['users: too_small']);
  });
});
