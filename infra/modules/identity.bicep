// Two user-assigned managed identities. The server's identity signs the bot in to the Bot
// Framework (Azure Bot msaAppType UserAssignedMSI), reads DATABASE_URL from Key Vault and asks
// for tokens to call the Teams worker. The worker's identity reads the Teams admin certificate.
param resourceBaseName string
param location string

resource server 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${resourceBaseName}-server'
  location: location
}

resource worker 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${resourceBaseName}-worker'
  location: location
}

output serverIdentityId string = server.id
output serverClientId string = server.properties.clientId
output serverPrincipalId string = server.properties.principalId
output workerIdentityId string = worker.id
output workerClientId string = worker.properties.clientId
output workerPrincipalId string = worker.properties.principalId
