// Order Cancellation on Azure Functions (Flex Consumption, Linux): the .NET 10 isolated-worker app
// (src/OrderCancellation.Functions) with Durable Functions on the storage account below.
// See README.md beside this file: what is deployed, why, and the commands. Not compiled on the build
// machine (no Bicep CLI there): run `az bicep build --file infra/main.bicep` before the first deploy.
targetScope = 'resourceGroup'

@description('Region of every resource; must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@minLength(3)
@maxLength(11)
@description('Lower-case letters and digits; prefixes resource names, followed by a token unique to the resource group.')
param namePrefix string = 'ordercancel'

@description('Durable Task hub of the app (host.json extensions.durableTask.hubName, overridden here per app so two apps on one storage account never share a hub).')
param taskHubName string = 'OrderCancellation'

@description('PostgreSQL administrator login (the app connects with it; see README for a least-privilege role).')
param postgresAdminLogin string = 'ocadmin'

@secure()
@description('PostgreSQL administrator password. Stored in Key Vault; the app reads it through a Key Vault reference.')
param postgresAdminPassword string

@description('PostgreSQL compute. Burstable B1ms is enough for the order workload (DESIGN §9); raise for load.')
param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@description('A client IP allowed through the PostgreSQL firewall (an operator, for psql); empty for none.')
param postgresClientIp string = ''

@description('OIDC authority that issues production tokens (Auth:Authority). Empty: the app validates HS256 tokens signed with authSigningKey.')
param authAuthority string = ''

@description('Expected token audience (Auth:Audience).')
param authAudience string = 'order-cancellation'

@secure()
@description('HS256 signing key (Auth:SigningKey, at least 32 bytes) when no OIDC authority is used; empty to leave it unset.')
param authSigningKey string = ''

@description('Flex Consumption scale-out ceiling.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var token = toLower(uniqueString(resourceGroup().id, namePrefix))
var feedQueueName = 'order-cancellation-feeds'
var deploymentContainerName = 'app-package'
var databaseName = 'ordercancellation'

// Built-in role definition ids.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

// One user-assigned identity: it exists before the app, so its grants are in place when the app
// first starts and resolves its Key Vault references; it survives the app being recreated.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${token}'
  location: location
}

// Host storage (AzureWebJobsStorage): the Durable Functions backend (the task hub's queues, tables and
// blobs), the feed queues and their trigger, and the container Flex deploys the package from.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${namePrefix}${token}', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The app's own feed-queue client (Azure.Storage.Queues) is built from the AzureWebJobsStorage
    // connection string, so shared keys stay enabled (README: Shared Key).
    allowSharedKeyAccess: true
    supportsHttpsTrafficOnly: true
  }

  resource blobs 'blobServices' = {
    name: 'default'
    resource deployment 'containers' = { name: deploymentContainerName }
  }

  resource queues 'queueServices' = {
    name: 'default'
    resource feeds 'queues' = { name: feedQueueName }
    resource poison 'queues' = { name: '${feedQueueName}-poison' }
  }
}

resource deploymentContainerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-log-${token}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-appi-${token}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// PostgreSQL: the app's tables (read model, feeds, notifications, ledger) every instance shares
// (Store:Provider=postgres). The orders' Durable state lives in the storage account's task hub.
resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${namePrefix}-pg-${token}'
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    // Public access with firewall rules keeps this template small. Flex Consumption apps have no
    // fixed outbound IPs, so the rule below admits Azure services (any tenant's). For production,
    // integrate the app with a VNet and give the server private access (README: Network).
    network: { publicNetworkAccess: 'Enabled' }
  }

  resource database 'databases' = {
    name: databaseName
    properties: {
      charset: 'UTF8'
      collation: 'en_US.utf8'
    }
  }

  resource azureServices 'firewallRules' = {
    name: 'AllowAzureServices'
    properties: {
      startIpAddress: '0.0.0.0'
      endIpAddress: '0.0.0.0'
    }
  }
}

resource postgresClient 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!empty(postgresClientIp)) {
  parent: postgres
  name: 'OperatorClient'
  properties: {
    startIpAddress: postgresClientIp
    endIpAddress: postgresClientIp
  }
}

// Secrets live in Key Vault; app settings hold @Microsoft.KeyVault(SecretUri=...) references that
// the platform resolves with the user-assigned identity.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${namePrefix}-kv-${token}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }

  resource storeConnection 'secrets' = {
    name: 'store-connection-string'
    properties: {
      value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};Ssl Mode=Require'
    }
  }

  resource storageConnection 'secrets' = {
    name: 'storage-connection-string'
    properties: {
      value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    }
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(authSigningKey)) {
  parent: vault
  name: 'auth-signing-key'
  properties: { value: authSigningKey }
}

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan-${token}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: { reserved: true } // Linux
}

var keyVaultReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/'

var baseSettings = {
  // Host storage: the Durable backend, the queue triggers and the app's feed-queue client. A Key Vault
  // reference to a connection string: the app's queue client needs one (README: Shared Key).
  AzureWebJobsStorage: '${keyVaultReference}${vault::storageConnection.name})'
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  // host.json's extensions.durableTask.hubName, for this app.
  AzureFunctionsJobHost__extensions__durableTask__hubName: taskHubName
  Store__Provider: 'postgres'
  ConnectionStrings__Store: '${keyVaultReference}${vault::storeConnection.name})'
  // Must be the queue FeedQueueTrigger listens on (the app checks it at start).
  Feeds__QueueName: feedQueueName
  // The timer functions' NCRONTAB schedules (MaintenanceFunctions): a function whose setting is missing does not load.
  Retention__Schedule: '0 */5 * * * *'
  Orders__PendingCommandsSchedule: '0 * * * * *'
  Auth__Authority: authAuthority
  Auth__Audience: authAudience
}

var signingKeySetting = empty(authSigningKey) ? {} : {
  Auth__SigningKey: '${keyVaultReference}auth-signing-key)'
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${namePrefix}-func-${token}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex takes the worker runtime from here and refuses a FUNCTIONS_WORKER_RUNTIME app setting:
      // this is FUNCTIONS_WORKER_RUNTIME=dotnet-isolated on .NET 10, named as
      // `az functionapp list-flexconsumption-runtimes --runtime dotnet-isolated` lists it.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [for setting in items(union(baseSettings, signingKeySetting)): {
        name: setting.key
        value: setting.value
      }]
    }
  }
  dependsOn: [
    deploymentContainerAccess
    vaultAccess
    signingKey
    storage::queues::feeds
    storage::queues::poison
    storage::blobs::deployment
    postgres::database
  ]
}

output functionAppName string = app.name
output functionAppUrl string = 'https://${app.properties.defaultHostName}'
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output keyVaultName string = vault.name
output storageAccountName string = storage.name
output taskHubName string = taskHubName
