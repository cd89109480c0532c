// The cloud path of the upload trigger: an Event Grid system topic on the storage account, with a
// subscription for BlobCreated events of datasets/NAME/run.json markers, delivered to the
// cloudfreq-trigger queue (CloudNames.TriggerQueue). The topic's system-assigned identity sends the
// messages (Storage Queue Data Message Sender), so delivery works with shared-key access off.

@description('Azure region (the storage account\'s).')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('The storage account whose blob events start runs.')
param storageAccountName string

@description('The queue that receives the marker events.')
param triggerQueueName string = 'cloudfreq-trigger'

@description('Time to live of an event message in the queue (seconds; -1 = never expires).')
param queueMessageTimeToLiveInSeconds int = 604800

param tags object = {}

var queueMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${namePrefix}-blob-events'
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource sendToQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, topic.id, queueMessageSenderRoleId)
  scope: account
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSenderRoleId)
  }
}

resource markerSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'run-markers'
  dependsOn: [
    sendToQueue
  ]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      // CloudNames.MarkerBlob: datasets/NAME/run.json
      subjectBeginsWith: '/blobServices/default/containers/datasets/'
      subjectEndsWith: '/run.json'
      isSubjectCaseSensitive: true
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: account.id
          queueName: triggerQueueName
          queueMessageTimeToLiveInSeconds: queueMessageTimeToLiveInSeconds
        }
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicName string = topic.name
output subscriptionName string = markerSubscription.name
