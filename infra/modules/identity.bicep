// The Functions app's user-assigned managed identity and its data-plane roles on the storage account,
// plus AcrPull on the registry: no account keys or connection strings anywhere.
// The roles are the ones an identity-based AzureWebJobsStorage needs with the Durable Task extension
// (Learn, "Durable Functions: identity-based connections"): Storage Blob Data Owner (host leases and
// secrets, the task hub's lease and large-message blobs, and the workflow's own blobs), Storage Queue
// Data Contributor (control and work-item queues) and Storage Table Data Contributor (History and
// Instances tables).

@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('The storage account the app reads and writes (AzureWebJobsStorage, the task hub, the workflow\'s blobs).')
param storageAccountName string

@description('The container registry the app pulls its image from.')
param registryName string

@description('Optional: an Entra ID principal (a user or group object id) that may upload datasets and read reports and the task hub with az storage --auth-mode login.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

param tags object = {}

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var storageRoles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
// The operator uploads and reads blobs and looks at the task hub; the app alone owns its state.
var operatorRoles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  tableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
}
var acrPullRoleId = '7f951dde-4a76-4ea3-aad8-3c2b1b0d5b27'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
  tags: tags
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource appStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(storageRoles): {
  name: guid(account.id, identity.id, role.value)
  scope: account
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

resource operatorStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(operatorRoles): if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, role.value)
  scope: account
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPullRoleId)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
  }
}

output identityId string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
