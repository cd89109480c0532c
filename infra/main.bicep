// CloudFreq in Azure (issue 8, DESIGN.md sections 1-3, docs/deploy.md): a storage account (the blob
// containers, and the Durable Task hub that the hosts create in it: queues, tables, lease blobs), Log
// Analytics + Application Insights, a Container Apps environment with a Consumption and a serverless
// GPU profile, the api and worker apps (`cloudfreq serve` self-hosting the workflow on the task hub),
// a registry, and a user-assigned identity with the blob, queue and table data roles.
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

@description('Allow account-key access to storage (connection strings, e.g. for `cloudfreq upload`). Off: the apps never need it.')
param allowSharedKeyAccess bool = false

@description('Worker workload profile type: Consumption-GPU-NC24-A100, Consumption-GPU-NC8as-T4, or Consumption (CPU only, dev).')
@allowed([
  'Consumption'
  'Consumption-GPU-NC24-A100'
  'Consumption-GPU-NC8as-T4'
])
param workerProfileType string = 'Consumption-GPU-NC24-A100'

@description('Images. Until the images are pushed, the Container Apps quickstart image keeps the first deployment valid.')
param apiImage string = 'mcr.microsoft.com/k8se/quickstart:latest'
param workerImage string = 'mcr.microsoft.com/k8se/quickstart:latest'

@description('The API key of the runs API (a Container Apps secret; CLOUDFREQ_API_KEY).')
@secure()
@minLength(16)
param apiKey string

@description('Worker replicas at most (each a GPU on a GPU profile: mind the subscription\'s serverless GPU quota).')
@minValue(1)
@maxValue(1000)
param workerMaxReplicas int = 10

@description('Queued work items (on the task hub\'s work-item queue) per worker replica that the scaler aims at.')
@minValue(1)
param itemsPerReplica int = 2

@description('vCPU and memory of a worker replica (must fit the profile).')
param workerCpu string = '24'
param workerMemory string = '220Gi'

@description('Images per inference call on the worker.')
param scoringBatchSize int = 256

@description('Durable Task hub name (3-45 letters and digits, starting with a letter): its queues, tables and lease blobs in the storage account share it.')
@minLength(3)
@maxLength(45)
param hubName string = 'cloudfreq'

@description('Control-queue partitions of the task hub (orchestrations spread over them). Fixed once the hub exists.')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('Activities (work items) a worker replica runs at once: one per GPU.')
@minValue(1)
param maxConcurrentActivities int = 1

@description('Work-item visibility (TimeSpan): renewed while an item runs; a dead replica\'s item runs again after it.')
param workItemVisibilityTimeout string = '00:05:00'

@description('Seconds between SIGTERM and SIGKILL of a worker: longer than one work item.')
@minValue(30)
@maxValue(600)
param terminationGracePeriodSeconds int = 600

@description('Host shutdown timeout (TimeSpan): a little less than the grace period.')
param shutdownTimeout string = '00:09:30'

@description('api replicas (at least 1: the api replicas poll the upload markers).')
@minValue(1)
param apiMinReplicas int = 1
param apiMaxReplicas int = 3

@description('Optional: object id of a user or group that gets the storage data roles (uploads with Entra ID).')
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

var gpuWorker = workerProfileType != 'Consumption'
var workspaceName = '${namePrefix}-logs'
var appInsightsName = '${namePrefix}-ai'

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
    appInsightsName: appInsightsName
    workerProfileType: workerProfileType
    workerProfileName: 'gpu'
    tags: tags
  }
}

module apps 'modules/apps.bicep' = {
  name: 'apps'
  params: {
    location: location
    namePrefix: namePrefix
    environmentId: environment.outputs.environmentId
    workerProfileName: environment.outputs.workerProfileName
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    registryServer: registry.outputs.loginServer
    apiImage: apiImage
    workerImage: workerImage
    storageAccountName: storage.outputs.accountName
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    apiKey: apiKey
    executionProvider: gpuWorker ? 'cuda' : 'cpu'
    scoringBatchSize: scoringBatchSize
    hubName: hubName
    partitionCount: partitionCount
    maxConcurrentActivities: maxConcurrentActivities
    workItemVisibilityTimeout: workItemVisibilityTimeout
    terminationGracePeriodSeconds: terminationGracePeriodSeconds
    shutdownTimeout: shutdownTimeout
    workerMaxReplicas: workerMaxReplicas
    itemsPerReplica: itemsPerReplica
    apiMinReplicas: apiMinReplicas
    apiMaxReplicas: apiMaxReplicas
    workerCpu: workerCpu
    workerMemory: workerMemory
    tags: tags
  }
}

output apiUrl string = 'https://${apps.outputs.apiFqdn}'
output storageAccountName string = storage.outputs.accountName
output blobEndpoint string = storage.outputs.blobEndpoint
output registryLoginServer string = registry.outputs.loginServer
output workerAppName string = apps.outputs.workerName
output taskHubName string = hubName
output workItemQueue string = apps.outputs.workItemQueue
