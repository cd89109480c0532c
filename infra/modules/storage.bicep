// The storage account of the cloud workflow (docs/cloud.md, "Storage layout"): the blob containers
// of src/Orchestrations/Cloud/CloudNames.cs. The account is also the Functions app's AzureWebJobsStorage:
// the Durable Task hub (Azure Storage backend) creates its own queues (<hub>-control-NN, <hub>-workitems),
// tables (<hub>Instances, <hub>History) and lease containers when the host starts, and the host its
// azure-webjobs-* containers, so none are declared here. Shared-key access is off: the app authenticates
// with its managed identity, users with Entra ID (see docs/deploy.md).

@description('Azure region.')
param location string

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Replication: Standard_LRS for dev, Standard_ZRS where the region has zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param skuName string = 'Standard_LRS'

@description('Allow account-key (and so connection-string and account SAS) access. Off by default: identities only.')
param allowSharedKeyAccess bool = false

param tags object = {}

// CloudNames.DatasetsContainer, ModelsContainer, ResultsContainer, ReportsContainer, SuitesContainer.
var containerNames = [
  'datasets'
  'models'
  'results'
  'reports'
  'suites'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containerNames: {
  parent: blobService
  name: name
  properties: {
    publicAccess: 'None'
  }
}]

output accountName string = account.name
output accountId string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output containerNames array = [for (name, i) in containerNames: containers[i].name]
