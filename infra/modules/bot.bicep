// The Azure Bot registration: its identity is the server's user-assigned managed identity
// (msaAppType UserAssignedMSI, no secret), its endpoint the server's /api/messages, and the
// Microsoft Teams channel is on.
param resourceBaseName string
param displayName string
param messagingEndpoint string
param serverIdentityId string
param serverClientId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${resourceBaseName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppId: serverClientId
    msaAppMSIResourceId: serverIdentityId
    msaAppTenantId: tenant().tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output name string = bot.name
