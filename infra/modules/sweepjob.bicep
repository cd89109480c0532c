// The sweep when the workers are scaled to zero (DESIGN.md section 3). The sweep runs at start and
// then every sweepInterval inside every `serve --role worker` host; with no worker replica running
// nothing would repair a lost message, so a scheduled Container Apps job starts a short-lived
// worker host on the Consumption profile (CPU image): it sweeps at start, re-enqueues what is
// stranded (which the KEDA rules then see, waking the GPU workers), and is stopped with SIGTERM
// by `timeout` after runSeconds (--preserve-status: the host's graceful exit code, 0, ends the
// execution as succeeded). Its queue listeners may take a message in that window: a plan or
// summary it finishes on the CPU; a work item it releases at shutdown (one extra delivery, which is
// why the prod maxDequeueCount leaves room).

@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('Container Apps environment id.')
param environmentId string

@description('User-assigned identity of the apps (resource id).')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Registry login server.')
param registryServer string

@description('The CPU image (it has coreutils `timeout`).')
param image string

param blobEndpoint string
param queueEndpoint string
param tableEndpoint string

@description('Cron schedule (UTC) of the sweep.')
param cronExpression string

@description('Seconds the short-lived host runs before its graceful stop.')
@minValue(30)
@maxValue(600)
param runSeconds int

@description('Message lease (TimeSpan), the same as the workers\'.')
param visibilityTimeout string

@description('Deliveries before a message is poison, the same as the workers\'.')
param maxDequeueCount int

param tags object = {}

resource job 'Microsoft.App/jobs@2025-02-02-preview' = {
  name: '${namePrefix}-sweep'
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
      triggerType: 'Schedule'
      scheduleTriggerConfig: {
        cronExpression: cronExpression
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: runSeconds + 60
      replicaRetryLimit: 0
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'sweep'
          image: image
          command: [
            'timeout'
          ]
          args: [
            '--preserve-status'
            '--signal=TERM'
            string(runSeconds)
            'dotnet'
            '/app/cloudfreq.dll'
            'serve'
            '--role'
            'worker'
            '--no-poller'
          ]
          env: [
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
              name: 'CLOUDFREQ_LOG_FORMAT'
              value: 'json'
            }
            {
              name: 'extensions__queues__visibilityTimeout'
              value: visibilityTimeout
            }
            {
              name: 'extensions__queues__maxDequeueCount'
              value: string(maxDequeueCount)
            }
            {
              name: 'extensions__queues__batchSize'
              value: '1'
            }
            {
              name: 'extensions__queues__workerConcurrency'
              value: '1'
            }
            {
              name: 'cloudfreq__executionProvider'
              value: 'cpu'
            }
            {
              name: 'CLOUDFREQ_SHUTDOWN_TIMEOUT'
              value: '00:00:20'
            }
          ]
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
}

output jobName string = job.name
