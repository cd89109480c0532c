// A small CPU-only setting: every app on the Consumption profile, the worker on ONNX Runtime's CPU
// provider, at most 2 worker replicas. Cheap to keep around; no GPU quota needed.
using '../main.bicep'

param namePrefix = 'cfdev'
param workerProfileType = 'Consumption'
param workerCpu = '2'
param workerMemory = '4Gi'
param workerMaxReplicas = 2
param maxConcurrentActivities = 1
param scoringBatchSize = 64
param apiKey = readEnvironmentVariable('CLOUDFREQ_API_KEY')
param apiImage = readEnvironmentVariable('CLOUDFREQ_API_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param workerImage = readEnvironmentVariable('CLOUDFREQ_WORKER_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param operatorPrincipalId = readEnvironmentVariable('CLOUDFREQ_OPERATOR_ID', '')
