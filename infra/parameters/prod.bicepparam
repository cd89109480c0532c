// The GPU setting: the app on serverless A100s (Consumption-GPU-NC24-A100: 24 vCPU, 220 GiB, one GPU per
// replica, so one activity at a time), CUDA execution provider, zone-redundant storage. Replicas: 1 between
// runs; for a run set CLOUDFREQ_REPLICAS to the scale plan's count (docs/deploy.md) and deploy again.
// Needs serverless GPU quota in a region that offers the profile. Image: infra/images/functions-gpu.Dockerfile.
using '../main.bicep'

param namePrefix = 'cfprod'
param storageSku = 'Standard_ZRS'
param gpuProfileType = 'Consumption-GPU-NC24-A100'
param appCpu = '24'
param appMemory = '220Gi'
param minReplicas = int(readEnvironmentVariable('CLOUDFREQ_REPLICAS', '1'))
param maxReplicas = 20
param maxConcurrentActivities = 1
param scoringBatchSize = 256
param partitionCount = 4
param workItemVisibilityTimeout = '00:05:00'
param functionsImage = readEnvironmentVariable('CLOUDFREQ_FUNCTIONS_IMAGE', 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0')
param subscribeUploads = readEnvironmentVariable('CLOUDFREQ_SUBSCRIBE_UPLOADS', 'false') == 'true'
param operatorPrincipalId = readEnvironmentVariable('CLOUDFREQ_OPERATOR_ID', '')
