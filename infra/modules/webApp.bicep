// The server (bot/src/main.ts): REST API, the tab's static files and the bot endpoint on one
// Linux App Service, Node 22 LTS, always on, HTTPS only, with the server's user-assigned
// managed identity. Every app setting is a variable of bot/src/config.ts (README, Configuration).
param resourceBaseName string
param location string
param sku string
@minValue(1)
@maxValue(30)
param instanceCount int
param serverIdentityId string
param serverClientId string
param databaseUrlSecretUri string
param appInsightsConnectionString string
param aadAppClientId string
param aadAppTenantId string
param approvalPolicy string
param approvers string
param approverGroupId string
param requestExpiryHours string
param gateway string
param teamsWorkerUrl string
param teamsWorkerAudience string
param teamsWorkerTimeoutMs string
param syncIntervalMinutes string
param syncConcurrency string
param syncReadsPerSecond string
param applyPollMs string
param databasePoolSize string
param seedSnapshot string
param botDigestHourUtc string
param botSnoozeDays string
param proactiveInstall string
param teamsAppCatalogId string
param teamsAppId string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: sku
    capacity: instanceCount
  }
  properties: { reserved: true }
}

var hostName = '${resourceBaseName}-app.azurewebsites.net'

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: '${resourceBaseName}-app'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${serverIdentityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (DATABASE_URL) are resolved with the server's identity.
    keyVaultReferenceIdentity: serverIdentityId
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appCommandLine: 'node bot/dist/main.js'
      appSettings: [
        // Build on deploy: npm install runs the root prepare script (tsc -b core bot). The
        // compiler is a devDependency, so dev dependencies are included in that install.
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'NPM_CONFIG_INCLUDE', value: 'dev' }
        { name: 'POST_BUILD_COMMAND', value: 'npm run build --workspace tab --if-present' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'NODE_ENV', value: 'production' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'DATABASE_URL', value: '@Microsoft.KeyVault(SecretUri=${databaseUrlSecretUri})' }
        { name: 'DATABASE_POOL_SIZE', value: databasePoolSize }
        { name: 'AUTH_MODE', value: 'entra' }
        { name: 'ENTRA_CLIENT_ID', value: aadAppClientId }
        { name: 'ENTRA_APP_ID_URI', value: 'api://${hostName}/${aadAppClientId}' }
        { name: 'ENTRA_TENANT_IDS', value: aadAppTenantId }
        { name: 'APPROVAL_POLICY', value: approvalPolicy }
        { name: 'APPROVERS', value: approvers }
        { name: 'APPROVER_GROUP_ID', value: approverGroupId }
        { name: 'REQUEST_EXPIRY_HOURS', value: requestExpiryHours }
        { name: 'GATEWAY', value: gateway }
        { name: 'TEAMS_WORKER_URL', value: teamsWorkerUrl }
        { name: 'TEAMS_WORKER_AUDIENCE', value: teamsWorkerAudience }
        { name: 'TEAMS_WORKER_TIMEOUT_MS', value: teamsWorkerTimeoutMs }
        { name: 'SYNC_INTERVAL_MINUTES', value: syncIntervalMinutes }
        { name: 'SYNC_CONCURRENCY', value: syncConcurrency }
        { name: 'SYNC_READS_PER_SECOND', value: syncReadsPerSecond }
        { name: 'APPLY_POLL_MS', value: applyPollMs }
        { name: 'SEED_SNAPSHOT', value: seedSnapshot }
        // The managed identity the server's token requests use (bot and Teams worker).
        { name: 'AZURE_CLIENT_ID', value: serverClientId }
        { name: 'BOT_ID', value: serverClientId }
        { name: 'BOT_TYPE', value: 'user-assigned-msi' }
        { name: 'BOT_TENANT_ID', value: tenant().tenantId }
        { name: 'BOT_DIGEST_HOUR_UTC', value: botDigestHourUtc }
        { name: 'BOT_SNOOZE_DAYS', value: botSnoozeDays }
        { name: 'PROACTIVE_INSTALL', value: proactiveInstall }
        { name: 'TEAMS_APP_CATALOG_ID', value: teamsAppCatalogId }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
      ]
    }
  }
}

output resourceId string = site.id
output hostName string = site.properties.defaultHostName
