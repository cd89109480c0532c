// The sweep when the workers are scaled to zero (DESIGN.md section 3). The sweep runs at start and
// then every sweepInterval inside every `serve --role worker` host; with no worker replica running
// nothing would repair a lost message, so a scheduled Container Apps job runs `serve --role sweep`
// on the Consumption profile (CPU image): one sweep pass, no queue listeners (so it never takes a
// work item's delivery), then the host stops by itself with exit code 0, or 1 when the pass failed.
// What it re-enqueues is seen by the KEDA rules, which wake the GPU workers.

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

@description('Seconds after which a sweep execution that has not finished is stopped.')
@minValue(30)
@maxValue(1800)
param timeoutSeconds int

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
      replicaTimeout: timeoutSeconds
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
          args: [
            'serve'
            '--role'
            'sweep'
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
