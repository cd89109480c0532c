// A small CPU-only setting: the app on the Consumption profile (2 vCPU, 4 GiB), ONNX Runtime's CPU
// provider, one replica (two at most). Cheap to keep around; no GPU quota needed. Image: the CPU one
// (infra/images/functions.Dockerfile).
using '../main.bicep'

param namePrefix = 'cfdev'
param gpuProfileType = 'Consumption'
param appCpu = '2'
param appMemory = '4Gi'
param minReplicas = 1
param maxReplicas = 2
param maxConcurrentActivities = 1
param scoringBatchSize = 64
param functionsImage = readEnvironmentVariable('CLOUDFREQ_FUNCTIONS_IMAGE', 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0')
param subscribeUploads = readEnvironmentVariable('CLOUDFREQ_SUBSCRIBE_UPLOADS', 'false') == 'true'
param operatorPrincipalId = readEnvironmentVariable('CLOUDFREQ_OPERATOR_ID', '')
