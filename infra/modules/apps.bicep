// The two apps of the cloud workflow (DESIGN.md sections 1-3):
// - api: `cloudfreq serve --role api` behind HTTP ingress, scaled on concurrent requests;
// - worker: `cloudfreq serve --role worker --no-poller` on the GPU profile (Event Grid feeds the
//   trigger queue), scaled from 0 by KEDA azure-queue rules on every queue that carries work
//   (items, control, trigger), authenticated with the managed identity.
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

@description('Work items one worker replica computes at once.')
param workerConcurrency int

@description('Message lease (TimeSpan, e.g. 00:10:00); renewed every third of it while an item runs.')
param visibilityTimeout string

@description('Deliveries before a message is poison.')
param maxDequeueCount int

@description('How often the sweep runs in every worker host (TimeSpan).')
param sweepInterval string

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

@description('Queued items per worker replica that the KEDA scaler aims at.')
@minValue(1)
param itemsPerReplica int

@description('api replicas at most.')
@minValue(1)
@maxValue(30)
param apiMaxReplicas int

@description('api replicas at least (0 lets it scale to zero; the first request then waits for a cold start).')
@minValue(0)
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

var queueEnv = [
  {
    name: 'extensions__queues__visibilityTimeout'
    value: visibilityTimeout
  }
  {
    name: 'extensions__queues__maxDequeueCount'
    value: string(maxDequeueCount)
  }
  {
    name: 'extensions__queues__sweepInterval'
    value: sweepInterval
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

// One KEDA azure-queue rule per queue that carries work (DESIGN.md section 3): scale-to-zero never
// strands an upload (trigger), a plan or summary (control), or a work item (items).
var queueRules = [
  {
    name: 'items-queue'
    queue: 'cloudfreq-items'
    length: itemsPerReplica
  }
  {
    name: 'control-queue'
    queue: 'cloudfreq-control'
    length: 1
  }
  {
    name: 'trigger-queue'
    queue: 'cloudfreq-trigger'
    length: 1
  }
]

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
          env: storageEnv
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
          env: concat(storageEnv, queueEnv, [
            {
              name: 'extensions__queues__workerConcurrency'
              value: string(workerConcurrency)
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
