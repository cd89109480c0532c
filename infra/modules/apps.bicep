// The two apps of the cloud workflow (DESIGN.md sections 1-3), both `cloudfreq serve` on one Durable
// Task hub (AzureStorage backend) in the storage account:
// - api: `cloudfreq serve --role api` behind HTTP ingress, scaled on concurrent requests; a task hub
//   client, and the upload trigger (it polls datasets/NAME/run.json markers), so at least one replica;
// - worker: `cloudfreq serve --role worker --no-poller` on the GPU profile, the task hub worker
//   (orchestrations and activities), scaled from 0 by KEDA azure-queue rules on the hub's work-item
//   queue and its control queues (a started run's first message lands on a control queue),
//   authenticated with the managed identity.
// Settings reach the host as environment variables whose names are the host's configuration keys
// (tests/Infra.Tests checks them against the code): no account keys, no connection strings.

@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('Container Apps environment id.')
param environmentId string

@description('Workload profile of the worker (a serverless GPU profile, or Consumption for dev).')
param workerProfileName string

@description('User-assigned identity of the apps (resource id).')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID for DefaultAzureCredential).')
param identityClientId string

@description('Registry login server the images come from.')
param registryServer string

@description('Image of the api app (the CPU image).')
param apiImage string

@description('Image of the worker app (the GPU image, or the CPU image for dev).')
param workerImage string

@description('Storage account name (the KEDA queue scaler\'s accountName).')
param storageAccountName string

param blobEndpoint string
param queueEndpoint string
param tableEndpoint string

@description('The API key (header x-functions-key or query code): a Container Apps secret, mapped to CLOUDFREQ_API_KEY.')
@secure()
param apiKey string

@description('ONNX Runtime execution provider of the worker: cpu, cuda or cuda:N.')
param executionProvider string

@description('Images per inference call on the worker.')
param scoringBatchSize int

@description('Durable Task hub name (extensions:durableTask:hubName): its queues, tables and lease blobs share it.')
param hubName string

@description('Control-queue partitions of the task hub (1-16); the api (client) and the workers must agree.')
@minValue(1)
@maxValue(16)
param partitionCount int

@description('Activities (work items) one worker replica runs at once: one per GPU.')
@minValue(1)
param maxConcurrentActivities int

@description('Work-item visibility (TimeSpan): the running host renews it; a dead replica\'s item returns after it.')
param workItemVisibilityTimeout string

@description('Seconds between SIGTERM and SIGKILL: longer than one work item.')
@minValue(30)
@maxValue(600)
param terminationGracePeriodSeconds int

@description('How long the host waits for running items at shutdown (TimeSpan): a little less than the grace period.')
param shutdownTimeout string

@description('Worker replicas at most.')
@minValue(1)
@maxValue(1000)
param workerMaxReplicas int

@description('Queued work items (task hub work-item queue) per worker replica that the KEDA scaler aims at.')
@minValue(1)
param itemsPerReplica int

@description('api replicas at most.')
@minValue(1)
@maxValue(30)
param apiMaxReplicas int

@description('api replicas at least: 1 or more, because the api replicas poll the upload markers (the upload trigger).')
@minValue(1)
param apiMinReplicas int

@description('vCPU and memory of the worker container (the GPU profiles fix their own; these must fit the profile).')
param workerCpu string
param workerMemory string

param tags object = {}

var storageEnv = [
  {
    name: 'CLOUDFREQ_STORAGE_BLOB_ENDPOINT'
    value: blobEndpoint
  }
  {
    name: 'CLOUDFREQ_STORAGE_QUEUE_ENDPOINT'
    value: queueEndpoint
  }
  {
    name: 'CLOUDFREQ_STORAGE_TABLE_ENDPOINT'
    value: tableEndpoint
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'CLOUDFREQ_API_KEY'
    secretRef: 'api-key'
  }
  {
    name: 'CLOUDFREQ_LOG_FORMAT'
    value: 'json'
  }
]

// The task hub as both apps must see it (same hub, same partition count).
var hubEnv = [
  {
    name: 'extensions__durableTask__hubName'
    value: hubName
  }
  {
    name: 'extensions__durableTask__storageProvider__partitionCount'
    value: string(partitionCount)
  }
]

var healthProbes = [
  {
    type: 'Liveness'
    httpGet: {
      path: '/api/health'
      port: 8080
    }
    initialDelaySeconds: 10
    periodSeconds: 30
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/api/health'
      port: 8080
    }
    initialDelaySeconds: 5
    periodSeconds: 10
  }
]

var registries = [
  {
    server: registryServer
    identity: identityId
  }
]

var secrets = [
  {
    name: 'api-key'
    value: apiKey
  }
]

// The task hub's queues (DurableTask.AzureStorage lower-cases the hub name): activities wait on
// <hub>-workitems, orchestration messages (a new run, activity results, timers) on
// <hub>-control-00 .. -NN. KEDA wakes the workers on either, so scale-to-zero never strands a run.
var taskHub = toLower(hubName)
var workItemQueue = '${taskHub}-workitems'
var controlQueueRules = [for i in range(0, partitionCount): {
  name: 'control-queue-${i}'
  queue: '${taskHub}-control-${padLeft(i, 2, '0')}'
  length: 1
}]
var queueRules = concat([
  {
    name: 'workitems-queue'
    queue: workItemQueue
    length: itemsPerReplica
  }
], controlQueueRules)

resource api 'Microsoft.App/containerApps@2025-02-02-preview' = {
  name: '${namePrefix}-api'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'api'
          image: apiImage
          args: [
            'serve'
            '--role'
            'api'
          ]
          env: concat(storageEnv, hubEnv)
          probes: healthProbes
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
      scale: {
        minReplicas: apiMinReplicas
        maxReplicas: apiMaxReplicas
        rules: [
          {
            name: 'http-requests'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

resource worker 'Microsoft.App/containerApps@2025-02-02-preview' = {
  name: '${namePrefix}-worker'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workerProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      registries: registries
      secrets: secrets
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'worker'
          image: workerImage
          args: [
            'serve'
            '--role'
            'worker'
            '--no-poller'
          ]
          env: concat(storageEnv, hubEnv, [
            {
              name: 'extensions__durableTask__maxConcurrentActivityFunctions'
              value: string(maxConcurrentActivities)
            }
            {
              name: 'extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout'
              value: workItemVisibilityTimeout
            }
            {
              name: 'cloudfreq__executionProvider'
              value: executionProvider
            }
            {
              name: 'cloudfreq__batchSize'
              value: string(scoringBatchSize)
            }
            {
              name: 'CLOUDFREQ_SHUTDOWN_TIMEOUT'
              value: shutdownTimeout
            }
          ])
          probes: healthProbes
          resources: {
            cpu: json(workerCpu)
            memory: workerMemory
          }
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: workerMaxReplicas
        pollingInterval: 15
        cooldownPeriod: 300
        rules: [for rule in queueRules: {
          name: rule.name
          azureQueue: {
            accountName: storageAccountName
            queueName: rule.queue
            queueLength: rule.length
            identity: identityId
          }
        }]
      }
    }
  }
}

output apiName string = api.name
output apiFqdn string = api.properties.configuration.ingress.fqdn
output workerName string = worker.name
output workItemQueue string = workItemQueue
