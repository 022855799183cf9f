// The Teams worker: a PowerShell 7.6 function app on Linux hosting scripts/TeamsWorkerFunction
// (App Service's Node image has no PowerShell). The server POSTs protocol requests to it with a
// token of its managed identity; App Service Authentication admits only that identity, and
// run.ps1 checks the caller's object id again (TEAMS_WORKER_ALLOWED_CALLER_ID).
// At cold start profile.ps1 (infra/teams-worker/) reads the Teams admin certificate from Key
// Vault with the worker's managed identity and puts it in the process's certificate store, so
// the worker's Connect-MicrosoftTeams -CertificateThumbprint works unchanged on Linux.
param resourceBaseName string
param location string
param workerIdentityId string
param workerClientId string
param serverPrincipalId string
param serverClientId string
param workerAadAppClientId string
param teamsTenantId string
param teamsAdminAppId string
param keyVaultUri string
param certificateName string
param appInsightsConnectionString string

resource storage 'Microsoft.Storage/storageAccounts@2026-04-01' = {
  name: take('${toLower(resourceBaseName)}worker', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // AzureWebJobsStorage below signs in with the account key, which needs shared-key access.
    allowSharedKeyAccess: true
  }
}

// A dedicated Basic plan: always on (no cold start between syncs) and no consumption timeout.
resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${resourceBaseName}-worker-plan'
  location: location
  kind: 'linux'
  sku: { name: 'B1' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: '${resourceBaseName}-worker'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${workerIdentityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: workerIdentityId
    siteConfig: {
      linuxFxVersion: 'PowerShell|7.6'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'powershell' }
        { name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        // One request at a time per instance, like the stdio worker (one MicrosoftTeams session).
        { name: 'PSWorkerInProcConcurrencyUpperBound', value: '1' }
        { name: 'FUNCTIONS_WORKER_PROCESS_COUNT', value: '1' }
        { name: 'AZURE_CLIENT_ID', value: workerClientId }
        { name: 'TEAMS_TENANT_ID', value: teamsTenantId }
        { name: 'TEAMS_APP_ID', value: teamsAdminAppId }
        { name: 'TEAMS_CERT_KEY_VAULT_URI', value: keyVaultUri }
        { name: 'TEAMS_CERT_NAME', value: certificateName }
        { name: 'TEAMS_WORKER_ALLOWED_CALLER_ID', value: serverPrincipalId }
      ]
    }
  }
}

// App Service Authentication: a Microsoft Entra token for the worker's API app registration,
// from the server's managed identity only; anything else gets 401 before run.ps1 runs.
resource authentication 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: workerAadAppClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            workerAadAppClientId
            'api://${workerAadAppClientId}'
          ]
          defaultAuthorizationPolicy: {
            allowedPrincipals: { identities: [serverPrincipalId] }
            allowedApplications: [serverClientId]
          }
        }
      }
    }
  }
}

output resourceId string = functionApp.id
output workerUrl string = 'https://${functionApp.properties.defaultHostName}/api/TeamsWorkerFunction'
