// The GPU setting: workers on serverless A100s (Consumption-GPU-NC24-A100), scaled 0..20 on the
// queues, CUDA execution provider, zone-redundant storage. Needs serverless GPU quota in a region
// that offers the profile (docs/deploy.md).
using '../main.bicep'

param namePrefix = 'cfprod'
param storageSku = 'Standard_ZRS'
param workerProfileType = 'Consumption-GPU-NC24-A100'
param workerCpu = '24'
param workerMemory = '220Gi'
param workerMaxReplicas = 20
param itemsPerReplica = 2
param workerConcurrency = 2
param scoringBatchSize = 256
param visibilityTimeout = '00:10:00'
param maxDequeueCount = 8
param terminationGracePeriodSeconds = 600
param shutdownTimeout = '00:09:30'
param apiMinReplicas = 1
param apiMaxReplicas = 5
param apiKey = readEnvironmentVariable('CLOUDFREQ_API_KEY')
param apiImage = readEnvironmentVariable('CLOUDFREQ_API_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param workerImage = readEnvironmentVariable('CLOUDFREQ_WORKER_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param operatorPrincipalId = readEnvironmentVariable('CLOUDFREQ_OPERATOR_ID', '')
