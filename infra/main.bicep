// Call Group Manager in Azure, deployed by teamsapp.yml's arm/deploy with azure.parameters.json.
// Every output below is written by Teams Toolkit to env/.env.<env> under its own name.
//
//   identity      two user-assigned managed identities: the server's (also the Azure Bot's
//                 identity, so no bot secret exists) and the Teams worker's
//   monitoring    Log Analytics and Application Insights
//   postgres      Azure Database for PostgreSQL Flexible Server and the `cgm` database
//   keyVault      the Teams admin certificate (uploaded by you) and DATABASE_URL as a secret
//   teamsWorker   the PowerShell 7.6 function app (Linux) that hosts scripts/TeamsWorkerFunction,
//                 behind App Service Authentication that admits only the server's identity
//   webApp        the Linux App Service (Node 22 LTS) that runs the server, the tab and the bot
//   bot           the Azure Bot (user-assigned managed identity) with the Microsoft Teams channel
targetScope = 'resourceGroup'

@description('Prefix of every resource name: letters and digits, unique in Azure.')
@minLength(4)
@maxLength(16)
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan SKU of the server. More than one instance needs S1, P0v3 or above.')
param webAppSku string = 'P0v3'

@description('How many server instances run behind the App Service load balancer (a string, as Teams Toolkit renders parameters).')
param webAppInstanceCount string = '1'

param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@description('The PostgreSQL administrator password (SECRET_POSTGRES_ADMIN_PASSWORD, made by appPackage/tools/secrets.mjs).')
@secure()
param postgresAdminPassword string

@description('The SSO app registration (aadApp/create): the audience of the tab\'s tokens.')
param aadAppClientId string

@description('The tenant whose users sign in to the tab.')
param aadAppTenantId string

@description('The Teams worker\'s API app registration: the audience of the server\'s token for the worker.')
param teamsWorkerAadAppClientId string

@allowed(['always', 'never', 'on-add-or-group-forwarding'])
param approvalPolicy string = 'on-add-or-group-forwarding'
param approvers string = ''
param approverGroupId string = ''
param requestExpiryHours string = '72'

@allowed(['local', 'teams'])
param gateway string = 'local'
param teamsWorkerTimeoutMs string = '60000'
param syncIntervalMinutes string = '60'
param syncConcurrency string = '4'
@description('The tenant\'s budget of calling-settings reads per second that sync paces itself to (SYNC_READS_PER_SECOND).')
param syncReadsPerSecond string = '10'
param applyPollMs string = '1000'
param databasePoolSize string = '10'
param seedSnapshot string = ''

@description('The hour (0-23, UTC) after which the daily health digest may go out.')
param botDigestHourUtc string = '8'

@description('Days a Snooze on a finding keeps it out of digests.')
param botSnoozeDays string = '7'

@description('off, or graph: the server installs the app through Microsoft Graph for people it cannot reach (README, Reaching people).')
@allowed(['off', 'graph'])
param proactiveInstall string = 'off'

@description('The app\'s id in the organisation\'s Teams app catalog, which PROACTIVE_INSTALL=graph installs (empty when off).')
param teamsAppCatalogId string = ''
@description('The Teams app id (the manifest id Teams Toolkit writes as TEAMS_APP_ID): daily summary cards link each line to the personal tab with it.')
param teamsAppId string = ''

@description('The tenant the Teams worker signs in to with Connect-MicrosoftTeams (empty: this deployment\'s tenant).')
param teamsAdminTenantId string = ''

@description('The app registration with the Teams Administrator role that the worker signs in as (scripts/README.md).')
param teamsAdminAppId string = ''

@description('The name of the Teams admin certificate in the Key Vault.')
param teamsAdminCertName string = 'teams-admin'

param botDisplayName string = 'Call Group Manager'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    resourceBaseName: resourceBaseName
    location: location
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    resourceBaseName: resourceBaseName
    location: location
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    administratorPassword: postgresAdminPassword
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    databaseUrl: 'postgresql://${postgres.outputs.administratorLogin}:${postgresAdminPassword}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=require'
    serverPrincipalId: identity.outputs.serverPrincipalId
    workerPrincipalId: identity.outputs.workerPrincipalId
  }
}

module teamsWorker 'modules/teamsWorker.bicep' = {
  name: 'teamsWorker'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    workerIdentityId: identity.outputs.workerIdentityId
    workerClientId: identity.outputs.workerClientId
    serverPrincipalId: identity.outputs.serverPrincipalId
    serverClientId: identity.outputs.serverClientId
    workerAadAppClientId: teamsWorkerAadAppClientId
    teamsTenantId: empty(teamsAdminTenantId) ? tenant().tenantId : teamsAdminTenantId
    teamsAdminAppId: teamsAdminAppId
    keyVaultUri: keyVault.outputs.vaultUri
    certificateName: teamsAdminCertName
    appInsightsConnectionString: monitoring.outputs.connectionString
  }
}

module webApp 'modules/webApp.bicep' = {
  name: 'webApp'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    sku: webAppSku
    instanceCount: int(webAppInstanceCount)
    serverIdentityId: identity.outputs.serverIdentityId
    serverClientId: identity.outputs.serverClientId
    databaseUrlSecretUri: keyVault.outputs.databaseUrlSecretUri
    appInsightsConnectionString: monitoring.outputs.connectionString
    aadAppClientId: aadAppClientId
    aadAppTenantId: aadAppTenantId
    approvalPolicy: approvalPolicy
    approvers: approvers
    approverGroupId: approverGroupId
    requestExpiryHours: requestExpiryHours
    gateway: gateway
    teamsWorkerUrl: teamsWorker.outputs.workerUrl
    teamsWorkerAudience: teamsWorkerAadAppClientId
    teamsWorkerTimeoutMs: teamsWorkerTimeoutMs
    syncIntervalMinutes: syncIntervalMinutes
    syncConcurrency: syncConcurrency
    syncReadsPerSecond: syncReadsPerSecond
    applyPollMs: applyPollMs
    databasePoolSize: databasePoolSize
    seedSnapshot: seedSnapshot
    botDigestHourUtc: botDigestHourUtc
    botSnoozeDays: botSnoozeDays
    proactiveInstall: proactiveInstall
    teamsAppCatalogId: teamsAppCatalogId
    teamsAppId: teamsAppId
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    resourceBaseName: resourceBaseName
    displayName: botDisplayName
    messagingEndpoint: 'https://${webApp.outputs.hostName}/api/messages'
    serverIdentityId: identity.outputs.serverIdentityId
    serverClientId: identity.outputs.serverClientId
  }
}

// Teams Toolkit writes these to env/.env.<env> under the same names.
output BOT_ID string = identity.outputs.serverClientId
output BOT_TENANT_ID string = tenant().tenantId
output BOT_DOMAIN string = webApp.outputs.hostName
output BOT_ENDPOINT string = 'https://${webApp.outputs.hostName}'
output TAB_DOMAIN string = webApp.outputs.hostName
output TAB_ENDPOINT string = 'https://${webApp.outputs.hostName}'
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.outputs.resourceId
output TEAMS_WORKER_FUNCTION_RESOURCE_ID string = teamsWorker.outputs.resourceId
output TEAMS_WORKER_URL string = teamsWorker.outputs.workerUrl
output KEY_VAULT_NAME string = keyVault.outputs.name
output BOT_SERVICE_NAME string = bot.outputs.name
