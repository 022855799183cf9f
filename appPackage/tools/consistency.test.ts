import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppPackage, placeholdersIn, REPO_ROOT } from './package.mjs';
import { findBicep } from '../../scripts/tools.mjs';
import { compileFile } from '../../infra/bicep.mjs';
import { configSchema } from '../../bot/src/config.js';
import { PRODUCES as SECRET_STEP_PRODUCES } from './secrets.mjs';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const envTemplate = (name: string) => parseEnv(read(`env/.env.${name}`)) as Record<string, string>;

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * The Teams Toolkit v1.8 actions (yaml.schema.json of OfficeDev/teams-toolkit, fx-core
 * resource/yaml-schema/v1.8): required and allowed `with` keys, and the
 * writeToEnvironmentFile keys each requires and allows. No schema ships in an npm package we
 * use, so the documented list is encoded here.
 */
const ACTIONS: Record<string, { required: string[]; allowed: string[]; writesRequired?: string[]; writesAllowed?: string[] }> = {
  'teamsApp/create': { required: ['name'], allowed: ['name'], writesRequired: ['teamsAppId'], writesAllowed: ['teamsAppId'] },
  'aadApp/create': {
    required: ['name', 'generateClientSecret', 'signInAudience'],
    allowed: ['name', 'generateClientSecret', 'signInAudience', 'serviceManagementReference', 'clientSecretExpireDays', 'clientSecretDescription'],
    writesRequired: ['clientId', 'objectId'],
    writesAllowed: ['clientId', 'objectId', 'clientSecret', 'tenantId', 'authority', 'authorityHost'],
  },
  'aadApp/update': { required: ['manifestPath', 'outputFilePath'], allowed: ['manifestPath', 'outputFilePath'] },
  'botAadApp/create': { required: ['name'], allowed: ['name'], writesRequired: ['botId', 'botPassword'], writesAllowed: ['botId', 'botPassword'] },
  'botFramework/create': { required: ['botId', 'name', 'messagingEndpoint'], allowed: ['botId', 'name', 'messagingEndpoint', 'description', 'iconUrl', 'channels'] },
  'arm/deploy': { required: ['subscriptionId', 'resourceGroupName', 'templates'], allowed: ['subscriptionId', 'resourceGroupName', 'templates', 'bicepCliVersion'] },
  'teamsApp/validateManifest': { required: ['manifestPath'], allowed: ['manifestPath'] },
  'teamsApp/validateAppPackage': { required: ['appPackagePath'], allowed: ['appPackagePath'] },
  'teamsApp/zipAppPackage': { required: ['manifestPath', 'outputZipPath', 'outputFolder'], allowed: ['manifestPath', 'outputZipPath', 'outputFolder'] },
  'teamsApp/update': { required: ['appPackagePath'], allowed: ['appPackagePath'] },
  'teamsApp/publishAppPackage': { required: ['appPackagePath'], allowed: ['appPackagePath'], writesRequired: ['publishedAppId'], writesAllowed: ['publishedAppId'] },
  'azureAppService/zipDeploy': { required: ['artifactFolder', 'resourceId'], allowed: ['artifactFolder', 'resourceId', 'workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'] },
  'azureFunctions/zipDeploy': { required: ['artifactFolder', 'resourceId'], allowed: ['artifactFolder', 'resourceId', 'workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'] },
  'cli/runNpmCommand': { required: ['args'], allowed: ['args', 'workingDirectory'] },
  'file/createOrUpdateEnvironmentFile': { required: ['envs', 'target'], allowed: ['envs', 'target'] },
  script: { required: ['run'], allowed: ['run', 'workingDirectory', 'shell', 'timeout', 'redirectTo'] },
};

/** Actions that write variables without a writeToEnvironmentFile block, as the toolkit documents them. */
function implicitOutputs(step: Step): string[] {
  switch (step.uses) {
    // aadApp/update makes the access_as_user scope's id when the manifest uses it.
    case 'aadApp/update':
      return ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'];
    // arm/deploy writes every output of the template under its own name.
    case 'arm/deploy':
      return ((step.with?.['templates'] ?? []) as { path: string }[]).flatMap((template) => templateOutputs(template.path.replace(/^\.\//, '')));
    // A script step writes what it prints as ::set-teamsfx-env; ours are declared by the script.
    case 'script':
      return String(step.with?.['run']).includes('secrets.mjs') ? [...SECRET_STEP_PRODUCES] : [];
    default:
      return [];
  }
}

/** The files a step renders with the environment's variables, besides its own `with` text. */
function renderedFiles(step: Step): string[] {
  const withKeys = step.with ?? {};
  if (step.uses === 'aadApp/update') return [String(withKeys['manifestPath'])];
  if (step.uses === 'teamsApp/zipAppPackage' || step.uses === 'teamsApp/validateManifest') return [String(withKeys['manifestPath'])];
  if (step.uses === 'arm/deploy') return ((withKeys['templates'] ?? []) as { parameters: string }[]).map((template) => template.parameters);
  return [];
}

const LIFECYCLES = ['provision', 'deploy', 'publish'] as const;

function lifecycleSteps(file: string): { stage: string; index: number; step: Step }[] {
  const document = parseYaml(read(file)) as Record<string, unknown>;
  return LIFECYCLES.flatMap((stage) => ((document[stage] ?? []) as Step[]).map((step, index) => ({ stage, index, step })));
}

/** Variables the admin fills in before provisioning (empty in the committed dev template), or that may stay empty. */
const FILLED_BY_ADMIN = new Set([
  'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'RESOURCE_SUFFIX', 'APP_NAME_SUFFIX',
  'PUBLISHER_NAME', 'PUBLISHER_WEBSITE_URL', 'PRIVACY_URL', 'TERMS_OF_USE_URL',
  'APPROVERS', 'APPROVER_GROUP_ID', 'SEED_SNAPSHOT', 'TEAMS_ADMIN_TENANT_ID', 'TEAMS_ADMIN_APP_ID', 'TEAMS_ADMIN_CERT_THUMBPRINT',
  // Only with PROACTIVE_INSTALL=graph, once the app is in the organisation's catalog.
  'TEAMS_APP_CATALOG_ID',
]);

/**
 * Walks a lifecycle file in order: every variable a step uses (in its own text or in a file it
 * renders) is either set in the env template, left for the admin, or written by an earlier
 * step. Returns the problems found.
 */
function unresolvedVariables(file: string, envName: string): string[] {
  return unresolvedIn(file, lifecycleSteps(file), envTemplate(envName), envName);
}

function unresolvedIn(file: string, steps: { stage: string; index: number; step: Step }[], template: Record<string, string>, envName: string): string[] {
  const produced = new Set<string>(['TEAMSFX_ENV']);
  const problems: string[] = [];
  for (const { stage, index, step } of steps) {
    // aadApp/update makes the scope id while it renders its own manifest.
    if (step.uses === 'aadApp/update') for (const name of implicitOutputs(step)) produced.add(name);
    const texts = [JSON.stringify(step.with ?? {}), ...renderedFiles(step).map((path) => read(path.replace(/^\.\//, '')))];
    for (const name of new Set(texts.flatMap((text) => placeholdersIn(text)))) {
      const inTemplate = name in template;
      const resolved = produced.has(name) || (inTemplate && (template[name] !== '' || FILLED_BY_ADMIN.has(name)));
      if (!resolved) problems.push(`${file} ${stage}[${index}] ${step.uses}: ${name} is ${inTemplate ? 'empty in' : 'not in'} env/.env.${envName} and no earlier step writes it`);
    }
    for (const name of [...Object.values(step.writeToEnvironmentFile ?? {}), ...implicitOutputs(step)]) produced.add(name);
  }
  return problems;
}

/** An ARM template as `bicep build` writes it (the parts these checks read). */
interface ArmTemplate {
  parameters: Record<string, { type: string; defaultValue?: unknown }>;
  outputs?: Record<string, { type: string; value: unknown }>;
  resources: ArmResource[];
}
interface ArmResource {
  type: string;
  name: string;
  properties: { parameters?: Record<string, unknown>; template?: ArmTemplate; siteConfig?: { appSettings?: { name: string }[] } };
}

// The compiler states parameters and outputs exactly; the templates are compiled once per run
// when setup:tools has installed bicep.
const bicep = findBicep();
const compiled = new Map<string, ArmTemplate>();
beforeAll(() => {
  if (!bicep) return;
  const result = compileFile(bicep, 'infra/main.bicep');
  if (result.template) compiled.set('infra/main.bicep', result.template as ArmTemplate);
});

/**
 * What arm/deploy writes back: every output of the compiled template. Without bicep, the
 * `output` lines of the source (enough for the variable walk, which must run everywhere).
 */
function templateOutputs(path: string): string[] {
  const template = compiled.get(path);
  if (template) return Object.keys(template.outputs ?? {});
  return [...read(path).matchAll(/^output\s+(\w+)\s/gm)].map((match) => match[1]!);
}

/** The modules main.bicep deploys: nested deployments with the parameters passed and the module's own template. */
function nestedDeployments(template: ArmTemplate): { name: string; passed: string[]; template: ArmTemplate }[] {
  return template.resources
    .filter((resource) => resource.type === 'Microsoft.Resources/deployments')
    .map((resource) => ({ name: resource.name, passed: Object.keys(resource.properties.parameters ?? {}), template: resource.properties.template! }));
}

describe('the env templates', () => {
  it('every variable the server reads is in env/.env.local, or set from one in the server settings teamsapp.local.yml writes', () => {
    const local = Object.keys(envTemplate('local'));
    const serverFile = lifecycleSteps('teamsapp.local.yml').find(({ step }) => step.uses === 'file/createOrUpdateEnvironmentFile')!.step;
    const written = Object.keys(serverFile.with!['envs'] as Record<string, string>);
    for (const name of Object.keys(configSchema.shape)) expect([...local, ...written], name).toContain(name);
    // What is written for the server is a server variable or the stdio worker's sign-in (scripts/README.md).
    for (const name of written) expect([...Object.keys(configSchema.shape), 'TEAMS_TENANT_ID', 'TEAMS_APP_ID', 'TEAMS_CERT_THUMBPRINT'], name).toContain(name);
  });

  it('commit no secrets: SECRET_* names never have a value in a template', () => {
    for (const name of ['local', 'dev']) {
      for (const [key, value] of Object.entries(envTemplate(name))) if (key.startsWith('SECRET_') || /PASSWORD/.test(key)) expect(value, key).toBe('');
    }
  });
});

describe('the bot commands', () => {
  const commands = (JSON.parse(read('appPackage/commands.json')) as { commands: { title: string; description: string; scopes: string[] }[] }).commands;
  const manifest = JSON.parse(read('appPackage/manifest.json')) as { bots: { scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[] };

  it('are the six the bot answers', () => {
    expect(commands.map((command) => command.title)).toEqual(['help', 'pending', 'preferences', 'health', 'sync', 'use this channel']);
    for (const command of commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
      expect(command.scopes.length).toBeGreaterThan(0);
    }
  });

  it('the manifest lists exactly commands.json, per scope, in the same order', () => {
    const bot = manifest.bots[0]!;
    expect(manifest.bots).toHaveLength(1);
    expect(bot.scopes.sort()).toEqual(['personal', 'team']);
    for (const scope of bot.scopes) {
      const list = bot.commandLists.find((candidate) => candidate.scopes.includes(scope));
      expect(list?.commands, scope).toEqual(commands.filter((command) => command.scopes.includes(scope)).map(({ title, description }) => ({ title, description })));
    }
  });
});

describe('the rendered local manifest', () => {
  it('validDomains covers the tab host, the bot host and the SSO resource host', async () => {
    const { manifest } = await buildAppPackage({ envName: 'local', processEnv: {}, outDir: join(REPO_ROOT, 'appPackage', 'build', 'consistency') });
    const m = manifest as { validDomains: string[]; staticTabs: { contentUrl?: string; websiteUrl?: string }[]; webApplicationInfo: { resource: string }; bots: { botId: string }[] };
    const env = envTemplate('local');
    const hosts = new Set([
      ...m.staticTabs.flatMap((tab) => [tab.contentUrl, tab.websiteUrl]).filter((url): url is string => url !== undefined).map((url) => new URL(url).host),
      new URL(env['BOT_ENDPOINT']!).host,
      new URL(m.webApplicationInfo.resource.replace(/^api:/, 'https:')).host,
    ]);
    expect(hosts.size).toBeGreaterThan(0);
    for (const host of hosts) expect(m.validDomains, host).toContain(host);
    expect(m.bots[0]!.botId).toBe(env['BOT_ID']);
  });

  it('points its tabs at the tab routes the server serves', () => {
    const manifest = JSON.parse(read('appPackage/manifest.json')) as { staticTabs: { contentUrl?: string }[] };
    const urls = manifest.staticTabs.map((tab) => tab.contentUrl).filter(Boolean);
    expect(urls).toEqual(['${{TAB_ENDPOINT}}/tab/call-group', '${{TAB_ENDPOINT}}/tab/approvals']);
    // Each is a view the tab's router knows (tab/src/app/routes.ts), not a path that falls back to the default view.
    const routes = read('tab/src/app/routes.ts');
    for (const url of urls) expect(routes, url).toContain(`: '${url!.split('/tab/')[1]}',`);
  });
});

describe('the SSO app registration (aad.manifest.json)', () => {
  const aad = JSON.parse(read('appPackage/aad.manifest.json')) as {
    identifierUris: string[];
    oauth2Permissions: { value: string; id: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; permissionIds: string[] }[];
    signInAudience: string;
  };
  const manifest = JSON.parse(read('appPackage/manifest.json')) as { webApplicationInfo: { id: string; resource: string } };

  it('exposes access_as_user and pre-authorises the Teams and Microsoft 365 clients for it', () => {
    const scope = aad.oauth2Permissions.find((permission) => permission.value === 'access_as_user');
    expect(scope).toMatchObject({ type: 'User', isEnabled: true, id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}' });
    const clients = aad.preAuthorizedApplications.map((application) => application.appId);
    expect(clients).toEqual(expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', '4765445b-32c6-49b0-83e6-1d93765276ca', '0ec893e0-5785-4de6-99da-4ed124e5296c', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'bc59ab01-8403-45c6-8796-ac3ef710b3e3', '27922004-5251-4030-b22d-91ecd9a37ea4']));
    expect(new Set(clients).size).toBe(clients.length);
    for (const application of aad.preAuthorizedApplications) expect(application.permissionIds).toEqual([scope!.id]);
    expect(aad.signInAudience).toBe('AzureADMyOrg');
  });

  it('its identifier URI is the manifest SSO resource, so Teams asks for the token the server accepts', () => {
    expect(aad.identifierUris).toEqual([manifest.webApplicationInfo.resource]);
    expect(manifest.webApplicationInfo.id).toBe('${{AAD_APP_CLIENT_ID}}');
    // The server's ENTRA_APP_ID_URI is built the same way in both lifecycles.
    expect(read('teamsapp.local.yml')).toContain('ENTRA_APP_ID_URI: api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}');
    expect(read('infra/modules/webApp.bicep')).toContain("'api://${hostName}/${aadAppClientId}'");
  });
});

describe.each([
  ['teamsapp.yml', 'dev'],
  ['teamsapp.local.yml', 'local'],
])('%s', (file, envName) => {
  const text = read(file);
  const document = parseYaml(text) as Record<string, unknown>;

  it('is Teams Toolkit v1.x YAML with its schema comment', () => {
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=https:\/\/aka\.ms\/teams-toolkit\/v1\.\d+\/yaml\.schema\.json$/);
    const schemaVersion = /teams-toolkit\/(v1\.\d+)\//.exec(text)![1];
    expect(document['version']).toBe(schemaVersion);
    expect(Object.keys(document).every((key) => ['version', 'projectId', 'environmentFolderPath', 'additionalMetadata', ...LIFECYCLES].includes(key))).toBe(true);
    expect(document['environmentFolderPath']).toBe('./env');
  });

  it('uses only documented actions, each with its required keys and no unknown ones', () => {
    const steps = lifecycleSteps(file);
    expect(steps.length).toBeGreaterThan(5);
    for (const { stage, index, step } of steps) {
      const where = `${stage}[${index}] ${step.uses}`;
      const action = ACTIONS[step.uses];
      expect(action, `${where} is not a documented action`).toBeDefined();
      expect(Object.keys(step).every((key) => ['uses', 'name', 'with', 'env', 'writeToEnvironmentFile'].includes(key)), where).toBe(true);
      const keys = Object.keys(step.with ?? {});
      for (const key of action!.required) expect(keys, `${where} needs with.${key}`).toContain(key);
      for (const key of keys) expect(action!.allowed, `${where} has no with.${key}`).toContain(key);
      const writes = Object.keys(step.writeToEnvironmentFile ?? {});
      for (const key of action!.writesRequired ?? []) expect(writes, `${where} needs writeToEnvironmentFile.${key}`).toContain(key);
      for (const key of writes) expect(action!.writesAllowed ?? [], `${where} cannot write ${key}`).toContain(key);
      for (const [key, variable] of Object.entries(step.writeToEnvironmentFile ?? {})) {
        expect(variable, `${where} ${key}`).toMatch(key === 'botPassword' || key === 'clientSecret' ? /^SECRET_[A-Z0-9_]+$/ : /^[A-Z][A-Z0-9_]*$/);
      }
    }
  });

  it('every file a step names exists', () => {
    for (const { step } of lifecycleSteps(file)) {
      for (const key of ['manifestPath', 'ignoreFile']) {
        const path = step.with?.[key];
        if (typeof path === 'string') expect(() => read(path.replace(/^\.\//, '')), path).not.toThrow();
      }
      for (const template of (step.with?.['templates'] ?? []) as { path: string; parameters: string }[]) {
        expect(() => read(template.path.replace(/^\.\//, ''))).not.toThrow();
        expect(() => read(template.parameters.replace(/^\.\//, ''))).not.toThrow();
      }
    }
  });

  it(`every \${{VAR}} is in env/.env.${envName} or written by an earlier step`, () => {
    expect(unresolvedVariables(file, envName)).toEqual([]);
  });
});

describe('the variable check itself', () => {
  it('reports a variable used before the step that writes it, and one that is in no template', () => {
    const steps = lifecycleSteps('teamsapp.yml');
    const armDeploy = steps.findIndex(({ step }) => step.uses === 'arm/deploy');
    // Move the deployment of the web app before the step that creates it: its resource id is unknown there.
    const deployFirst = [...steps.slice(0, armDeploy), steps.find(({ step }) => step.uses === 'azureAppService/zipDeploy')!, ...steps.slice(armDeploy)];
    expect(unresolvedIn('teamsapp.yml', deployFirst, envTemplate('dev'), 'dev')).toEqual([
      expect.stringContaining('azureAppService/zipDeploy: BOT_AZURE_APP_SERVICE_RESOURCE_ID is empty in env/.env.dev'),
    ]);
    const template = envTemplate('dev');
    delete template['AZURE_SUBSCRIPTION_ID'];
    expect(unresolvedIn('teamsapp.yml', steps, template, 'dev')).toEqual([expect.stringContaining('arm/deploy: AZURE_SUBSCRIPTION_ID is not in env/.env.dev')]);
  });
});

describe.skipIf(!bicep)('Bicep (infra/), read from the compiled ARM template', () => {
  const parameterFile = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> };
  const main = () => {
    const template = compiled.get('infra/main.bicep');
    expect(template, 'infra/main.bicep compiles (npm run lint:infra shows why not)').toBeDefined();
    return template!;
  };

  it('every main.bicep parameter is in azure.parameters.json or has a default, and the file sets no unknown one', () => {
    const parameters = main().parameters;
    expect(Object.keys(parameters).length).toBeGreaterThan(10);
    for (const [name, parameter] of Object.entries(parameters)) {
      if (!('defaultValue' in parameter)) expect(Object.keys(parameterFile.parameters), `${name} has no default and no value`).toContain(name);
    }
    for (const name of Object.keys(parameterFile.parameters)) expect(Object.keys(parameters), `${name} is not a parameter of main.bicep`).toContain(name);
  });

  it('every parameter azure.parameters.json sets is a string: Teams Toolkit renders each ${{VAR}} as text', () => {
    const parameters = main().parameters;
    for (const name of Object.keys(parameterFile.parameters)) expect(['string', 'securestring'], `${name} is ${parameters[name]?.type}`).toContain(parameters[name]?.type);
  });

  it('every module gets all its required parameters and only parameters it declares; every module output used exists', () => {
    const modules = nestedDeployments(main());
    expect(modules.map((module) => module.name).sort()).toEqual(['bot', 'identity', 'keyVault', 'monitoring', 'postgres', 'teamsWorker', 'webApp']);
    const outputsOf = new Map(modules.map((module) => [module.name, Object.keys(module.template.outputs ?? {})]));
    for (const module of modules) {
      const declared = module.template.parameters;
      for (const [name, parameter] of Object.entries(declared)) if (!('defaultValue' in parameter)) expect(module.passed, `${module.name} needs ${name}`).toContain(name);
      for (const name of module.passed) expect(Object.keys(declared), `${module.name} has no param ${name}`).toContain(name);
    }
    const uses = [...JSON.stringify(main()).matchAll(/'Microsoft\.Resources\/deployments', '(\w+)'\), '[\w-]+'\)\.outputs\.(\w+)\.value/g)];
    expect(uses.length).toBeGreaterThan(10);
    for (const [use, module, output] of uses) expect(outputsOf.get(module!), use).toContain(output!);
  });

  it('writes back what teamsapp.yml deploys to and the manifest needs', () => {
    const outputs = Object.keys(main().outputs ?? {});
    for (const name of ['BOT_ID', 'BOT_DOMAIN', 'TAB_DOMAIN', 'TAB_ENDPOINT', 'BOT_ENDPOINT', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'TEAMS_WORKER_FUNCTION_RESOURCE_ID']) expect(outputs).toContain(name);
    const dev = envTemplate('dev');
    for (const name of outputs) expect(Object.keys(dev), `${name} is written to env/.env.dev; list it in the template`).toContain(name);
  });

  /** A resource of a module's compiled template, by type. */
  const moduleResource = (module: string, type: string) => {
    const deployment = nestedDeployments(main()).find((candidate) => candidate.name === module);
    const resource = deployment?.template.resources.find((candidate) => candidate.type === type);
    expect(resource, `${module} declares ${type}`).toBeDefined();
    return resource as unknown as { name: string; kind?: string; properties: Record<string, any> };
  };

  it('declares the resources the deployment needs, configured as the README says', () => {
    const site = moduleResource('webApp', 'Microsoft.Web/sites');
    // Node 22 LTS: Node 20 left App Service's supported stacks at its end of life (April 2026).
    expect(site.properties['siteConfig']).toMatchObject({ linuxFxVersion: 'NODE|22-lts', alwaysOn: true });
    expect(site.properties['httpsOnly']).toBe(true);
    expect(site).toMatchObject({ identity: { type: 'UserAssigned' } });
    expect(read('infra/modules/webApp.bicep')).toMatch(/name: 'DATABASE_URL', value: '@Microsoft\.KeyVault\(SecretUri=/);
    expect(moduleResource('bot', 'Microsoft.BotService/botServices').properties).toMatchObject({ msaAppType: 'UserAssignedMSI' });
    expect(moduleResource('bot', 'Microsoft.BotService/botServices/channels').properties).toMatchObject({ channelName: 'MsTeamsChannel' });
    const worker = moduleResource('teamsWorker', 'Microsoft.Web/sites');
    // PowerShell 7.6, the version the worker's tests run under (setup:tools); Functions' 7.4 support ended in November 2026.
    expect(worker.kind).toBe('functionapp,linux');
    expect(worker.properties['siteConfig']).toMatchObject({ linuxFxVersion: 'PowerShell|7.6' });
    expect(worker.properties['siteConfig'].appSettings).toContainEqual({ name: 'TEAMS_WORKER_ALLOWED_CALLER_ID', value: "[parameters('serverPrincipalId')]" });
    expect(moduleResource('teamsWorker', 'Microsoft.Web/sites/config').name).toContain('authsettingsV2');
    moduleResource('postgres', 'Microsoft.DBforPostgreSQL/flexibleServers');
    expect(moduleResource('keyVault', 'Microsoft.KeyVault/vaults').properties).toMatchObject({ enableRbacAuthorization: true });
    moduleResource('monitoring', 'Microsoft.Insights/components');
  });

  it('sets on the web app every server variable (bot/src/config.ts) that matters in Azure', () => {
    const settings = new Set((moduleResource('webApp', 'Microsoft.Web/sites').properties['siteConfig'].appSettings as { name: string }[]).map((setting) => setting.name));
    // App Service sets PORT; DATA_DIR is PGlite's (Azure uses DATABASE_URL); the stdio worker's
    // command and script do not apply there; the JWKS URL keeps its default; a managed identity has no BOT_PASSWORD.
    // App Service sets IDENTITY_ENDPOINT and IDENTITY_HEADER itself.
    const notInAzure = new Set(['PORT', 'DATA_DIR', 'TEAMS_WORKER_COMMAND', 'TEAMS_WORKER_SCRIPT', 'ENTRA_JWKS_URL', 'BOT_PASSWORD', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER']);
    const variables = Object.keys(configSchema.shape);
    expect(variables.length).toBeGreaterThan(20);
    for (const name of variables.filter((variable) => !notInAzure.has(variable))) expect(settings, name).toContain(name);
  });
});
