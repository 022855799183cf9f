// Azure Database for PostgreSQL Flexible Server, shared by every server instance. Password
// authentication: the server's DATABASE_URL (kept in Key Vault) carries the administrator
// password. Public access limited to Azure services (the 0.0.0.0 rule); a private endpoint or
// VNet integration is the hardening step for production (README, "Deploy to Azure").
param resourceBaseName string
param location string
param skuName string
param skuTier string

@secure()
param administratorPassword string

var administratorLogin = 'cgmadmin'
var databaseName = 'cgm'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: '${resourceBaseName}-pg'
  location: location
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

output fqdn string = server.properties.fullyQualifiedDomainName
output administratorLogin string = administratorLogin
output databaseName string = database.name
