// Uploads start runs through Event Grid (DESIGN.md section 2): a system topic on the storage account and,
// once the Functions app's image is deployed, a subscription for BlobCreated on the upload markers
// (datasets/NAME/run.json) delivered to the blob extension's webhook of the UploadMarker function
// (a blob trigger with Source = EventGrid). The webhook is authorized by the host's `blobs_extension`
// system key, which exists only after the host has started with the blob trigger: hence subscribeUploads,
// off for the first deployment (docs/deploy.md).

@description('Azure region of the system topic (the storage account\'s).')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('The storage account whose blob events start runs.')
param storageAccountName string

@description('The Functions app (Microsoft.Web/sites) that receives the events.')
param functionAppName string

@description('Create the event subscription (needs the app running with its image: the blobs_extension key).')
param subscribeUploads bool

@description('The blob-triggered function (UploadTrigger.Name in src/Functions).')
param functionName string

@description('Container of the upload markers (CloudNames.DatasetsContainer).')
param container string

@description('File name of the upload marker (CloudNames.MarkerFile).')
param markerFile string

param tags object = {}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${namePrefix}-storage-events'
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The blob extension's webhook: the function is named Host.Functions.<name>, the key is the host's
// blobs_extension system key. ARM evaluates list functions even in a resource whose condition is false,
// so the key is read only behind the if (which evaluates one branch).
var webhook = 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}'
var blobsExtensionKey = subscribeUploads ? listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension : ''

resource uploadMarkers 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (subscribeUploads) {
  parent: topic
  name: 'upload-markers'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: '${webhook}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${container}/'
      subjectEndsWith: '/${markerFile}'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      // A replica that is still starting (image pull) misses a few deliveries; a day of retries covers it.
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicName string = topic.name
