// The GPU setting: workers on serverless A100s (Consumption-GPU-NC24-A100, one GPU each, so one
// activity at a time), scaled 0..20 on the task hub's queues, CUDA execution provider,
// zone-redundant storage. Needs serverless GPU quota in a region that offers the profile
// (docs/deploy.md).
using '../main.bicep'

param namePrefix = 'cfprod'
param storageSku = 'Standard_ZRS'
param workerProfileType = 'Consumption-GPU-NC24-A100'
param workerCpu = '24'
param workerMemory = '220Gi'
param workerMaxReplicas = 20
param itemsPerReplica = 2
param maxConcurrentActivities = 1
param scoringBatchSize = 256
param partitionCount = 4
param workItemVisibilityTimeout = '00:05:00'
param terminationGracePeriodSeconds = 600
param shutdownTimeout = '00:09:30'
param apiMinReplicas = 1
param apiMaxReplicas = 5
param apiKey = readEnvironmentVariable('CLOUDFREQ_API_KEY')
param apiImage = readEnvironmentVariable('CLOUDFREQ_API_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param workerImage = readEnvironmentVariable('CLOUDFREQ_WORKER_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param operatorPrincipalId = readEnvironmentVariable('CLOUDFREQ_OPERATOR_ID', '')
