// Key Vault (RBAC authorisation) for the Teams admin certificate, which you import as a
// certificate named by TEAMS_ADMIN_CERT_NAME, and for DATABASE_URL, which the web app reads
// through a Key Vault reference. The server's identity may read only the database-url secret;
// the worker's identity may read secrets of the vault (a certificate's private key is read as
// the secret of the same name).
param resourceBaseName string
param location string

@secure()
param databaseUrl string
param serverPrincipalId string
param workerPrincipalId string

// Key Vault Secrets User (built-in role).
var secretsUserRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: '${resourceBaseName}-kv'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: databaseUrl
    contentType: 'PostgreSQL connection string for DATABASE_URL'
  }
}

resource serverReadsDatabaseUrl 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: databaseUrlSecret
  name: guid(databaseUrlSecret.id, serverPrincipalId, secretsUserRoleId)
  properties: {
    roleDefinitionId: secretsUserRoleId
    principalId: serverPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerReadsCertificate 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, workerPrincipalId, secretsUserRoleId)
  properties: {
    roleDefinitionId: secretsUserRoleId
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
output databaseUrlSecretUri string = databaseUrlSecret.properties.secretUri
