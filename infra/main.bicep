// CloudFreq in Azure (issue 15, DESIGN.md sections 1-3, docs/deploy.md): the Functions app (src/Functions)
// on Azure Container Apps. A storage account (the workflow's blob containers; the app's AzureWebJobsStorage,
// in which the Durable Task hub keeps its queues, tables and leases), Log Analytics + Application
// Insights, a Container Apps environment with a GPU workload profile, the function app on it, Event Grid
// from the account's upload markers to the app's blob trigger, a registry, and a user-assigned identity
// with the blob, queue and table data roles Durable Task needs. `cloudfreq serve` is not deployed here: it
// is the self-host for Azurite, tests and machines outside Azure (docs/cloud.md).
// Deploy: az deployment group create -g RG -f infra/main.bicep -p infra/parameters/dev.bicepparam

targetScope = 'resourceGroup'

@description('Azure region of every resource. Serverless GPUs exist only in some regions (docs/deploy.md).')
param location string = resourceGroup().location

@description('Prefix of resource names (letters, digits, hyphens).')
@minLength(3)
@maxLength(16)
param namePrefix string

@description('Storage account name; default derived from the resource group.')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'cf${uniqueString(resourceGroup().id)}'

@description('Registry name; default derived from the resource group.')
@minLength(5)
@maxLength(50)
param registryName string = 'cfacr${uniqueString(resourceGroup().id)}'

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_LRS'

@description('Allow account-key access to storage (connection strings, e.g. for Azure Storage Explorer with keys). Off: the app never needs it.')
param allowSharedKeyAccess bool = false

@description('GPU workload profile of the app: serverless (Consumption-GPU-NC24-A100, Consumption-GPU-NC8as-T4), dedicated (NC24-A100, NC48-A100, NC96-A100), or Consumption (CPU only, dev).')
@allowed([
  'Consumption'
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
  'NC24-A100'
  'NC48-A100'
  'NC96-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC24-A100'

@description('Dedicated GPU profiles only: nodes at most.')
@minValue(1)
param dedicatedMaxNodes int = 4

@description('The app\'s image. Until the images are pushed, Microsoft\'s Functions quickstart image keeps the first deployment valid.')
param functionsImage string = 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0'

@description('Create the Event Grid subscription that starts runs on upload markers. Needs the app running with the CloudFreq image (the blob extension\'s key): set it on the second deployment.')
param subscribeUploads bool = false

@description('Replicas that always run (each a GPU on a GPU profile). At least 1: Container Apps does not scale Durable Functions on the Azure Storage backend. Raise it for a run (docs/deploy.md, scale plan); the function app API allows 20.')
@minValue(1)
@maxValue(20)
param minReplicas int = 1

@description('Replicas at most (mind the subscription\'s GPU quota).')
@minValue(1)
@maxValue(1000)
param maxReplicas int = 10

@description('vCPU and memory of a replica (must be a size of the profile: A100 serverless 24 / 220Gi, T4 serverless 8 / 56Gi, Consumption up to 4 / 8Gi).')
param appCpu string = '24'
param appMemory string = '220Gi'

@description('Images per inference call.')
param scoringBatchSize int = 256

@description('Durable Task hub name (3-45 letters and digits, starting with a letter): its queues, tables and lease blobs in the storage account share it.')
@minLength(3)
@maxLength(45)
param hubName string = 'cloudfreq'

@description('Control-queue partitions of the task hub (orchestrations spread over them). Fixed once the hub exists.')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('Activities (work items) a replica runs at once: one per GPU.')
@minValue(1)
param maxConcurrentActivities int = 1

@description('Work-item visibility (TimeSpan): renewed while an item runs; a dead replica\'s item runs again after it.')
param workItemVisibilityTimeout string = '00:05:00'

@description('Optional: object id of a user or group that may upload datasets and read reports and the task hub (Entra ID).')
param operatorPrincipalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

param tags object = {
  application: 'cloudfreq'
}

var workspaceName = '${namePrefix}-logs'
var appInsightsName = '${namePrefix}-ai'
var functionAppName = '${namePrefix}-func'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: workspaceName
    appInsightsName: appInsightsName
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: storageAccountName
    skuName: storageSku
    allowSharedKeyAccess: allowSharedKeyAccess
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    registryName: registryName
    tags: tags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  dependsOn: [
    storage
    registry
  ]
  params: {
    location: location
    namePrefix: namePrefix
    storageAccountName: storageAccountName
    registryName: registryName
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    tags: tags
  }
}

module environment 'modules/environment.bicep' = {
  name: 'environment'
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    namePrefix: namePrefix
    workspaceName: workspaceName
    gpuProfileType: gpuProfileType
    gpuProfileName: 'gpu'
    dedicatedMaxNodes: dedicatedMaxNodes
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // Application Insights is read by name (an existing resource); the identity's roles come with its outputs.
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    name: functionAppName
    environmentId: environment.outputs.environmentId
    workloadProfileName: environment.outputs.appProfileName
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    registryServer: registry.outputs.loginServer
    image: functionsImage
    storageAccountName: storage.outputs.accountName
    appInsightsName: appInsightsName
    executionProvider: gpuProfileType == 'Consumption' ? 'cpu' : 'cuda'
    scoringBatchSize: scoringBatchSize
    hubName: hubName
    partitionCount: partitionCount
    maxConcurrentActivities: maxConcurrentActivities
    workItemVisibilityTimeout: workItemVisibilityTimeout
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    cpu: appCpu
    memory: appMemory
    tags: tags
  }
}

module events 'modules/events.bicep' = {
  name: 'events'
  // Names known before deployment (What-If can predict the resources); the order comes from dependsOn.
  dependsOn: [
    storage
    functionApp
  ]
  params: {
    location: location
    namePrefix: namePrefix
    storageAccountName: storageAccountName
    functionAppName: functionAppName
    subscribeUploads: subscribeUploads
    functionName: 'UploadMarker'
    container: 'datasets'
    markerFile: 'run.json'
    tags: tags
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output storageAccountName string = storage.outputs.accountName
output blobEndpoint string = storage.outputs.blobEndpoint
output registryLoginServer string = registry.outputs.loginServer
output taskHubName string = hubName
output systemTopicName string = events.outputs.systemTopicName
