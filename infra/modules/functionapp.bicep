// The Functions app (src/Functions, DESIGN.md sections 1-3) on Azure Container Apps: a Microsoft.Web/sites
// function app of kind 'functionapp,linux,container,azurecontainerapps' in the managed environment, on
// its GPU workload profile, running the image from infra/images/functions*.Dockerfile. Its
// AzureWebJobsStorage is identity-based (the user-assigned identity), and the same account holds the
// Durable Task hub and the workflow's blobs. Settings reach the host and the worker as app settings whose
// names are the keys they read (tests/Infra.Tests checks them against the code and host.json).
//
// Scale: Container Apps autoscales Durable Functions only with the MSSQL backend (Learn, "Host a Durable
// Functions app in Azure Container Apps"); with the Azure Storage backend the replica count must stay above
// zero. minReplicas is therefore the number of replicas that run (raise it to the scale plan's count for a
// run, lower it afterwards: docs/deploy.md) and maxReplicas the ceiling the HTTP traffic may add.

@description('Azure region.')
param location string

@description('Name of the function app (its host name is <name>.<environment domain>).')
param name string

@description('Container Apps environment id.')
param environmentId string

@description('Workload profile of the app (the GPU profile, or Consumption for dev).')
param workloadProfileName string

@description('User-assigned identity of the app (resource id).')
param identityId string

@description('Client id of that identity (AzureWebJobsStorage__clientId, AZURE_CLIENT_ID, the registry pull).')
param identityClientId string

@description('Registry login server (the image is pulled with the identity when it comes from there).')
param registryServer string

@description('Image of the app (infra/images/functions.Dockerfile or functions-gpu.Dockerfile).')
param image string

@description('Storage account name: AzureWebJobsStorage (host, task hub) and the workflow\'s blobs.')
param storageAccountName string

@description('Application Insights component that receives the host\'s telemetry.')
param appInsightsName string

@description('ONNX Runtime execution provider: cpu, cuda or cuda:N.')
param executionProvider string

@description('Images per inference call.')
param scoringBatchSize int

@description('Durable Task hub name (host.json extensions.durableTask.hubName).')
param hubName string

@description('Control-queue partitions of the task hub (1-16), fixed once the hub exists.')
@minValue(1)
@maxValue(16)
param partitionCount int

@description('Activities (work items) one replica runs at once: one per GPU.')
@minValue(1)
param maxConcurrentActivities int

@description('Work-item visibility (TimeSpan): renewed while an item runs; a dead replica\'s item runs again after it.')
param workItemVisibilityTimeout string

@description('Replicas that always run (at least 1: Container Apps does not scale Durable Functions on the Azure Storage backend; minimumElasticInstanceCount allows 20).')
@minValue(1)
@maxValue(20)
param minReplicas int

@description('Replicas at most (functionAppScaleLimit).')
@minValue(1)
@maxValue(1000)
param maxReplicas int

@description('vCPU and memory of a replica (must be a size the workload profile offers).')
param cpu string
param memory string

param tags object = {}

var fromRegistry = startsWith(image, '${registryServer}/')

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The Functions host's identity-based connection (Learn, "Connecting to host storage with an identity"):
// accountName, credential = managedidentity and the identity's clientId. The worker reads the same
// accountName (FunctionsStorage) and AZURE_CLIENT_ID for its own blob client.
var storageSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
]

// host.json's durableTask section, overridden per deployment (AzureFunctionsJobHost__<path>).
var hostSettings = [
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__hubName'
    value: hubName
  }
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount'
    value: string(partitionCount)
  }
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions'
    value: string(maxConcurrentActivities)
  }
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout'
    value: workItemVisibilityTimeout
  }
]

// CloudFreq's scoring settings (host.json's cloudfreq section), read by the worker.
var scoringSettings = [
  {
    name: 'cloudfreq__executionProvider'
    value: executionProvider
  }
  {
    name: 'cloudfreq__batchSize'
    value: string(scoringBatchSize)
  }
]

var platformSettings = concat([
  {
    name: 'FUNCTIONS_WORKER_RUNTIME'
    value: 'dotnet-isolated'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
], fromRegistry ? [
  {
    name: 'DOCKER_REGISTRY_SERVER_URL'
    value: 'https://${registryServer}'
  }
] : [])

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux,container,azurecontainerapps'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: workloadProfileName
    resourceConfig: {
      cpu: json(cpu)
      memory: memory
    }
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOCKER|${image}'
      // The registry pull with the user-assigned identity (AcrPull); a public image needs none.
      acrUseManagedIdentityCreds: fromRegistry
      acrUserManagedIdentityID: fromRegistry ? identityClientId : null
      minimumElasticInstanceCount: minReplicas
      functionAppScaleLimit: maxReplicas
      appSettings: concat(platformSettings, storageSettings, hostSettings, scoringSettings)
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
