// The Container Apps environment the Functions app runs in: the Consumption profile (always there) and,
// unless gpuProfileType is Consumption (a CPU-only dev setting), one GPU workload profile: a serverless
// GPU (Consumption-GPU-NC8as-T4, Consumption-GPU-NC24-A100: billed per second while a replica runs) or a
// dedicated GPU node pool (NC24-A100 ...: billed per node while it is up). Container logs go to Log
// Analytics; the Functions host sends its own telemetry to Application Insights (the app's
// APPLICATIONINSIGHTS_CONNECTION_STRING), so the environment needs no OpenTelemetry agent.

@description('Azure region (one that offers the GPU profile type, e.g. West US 3, Australia East, Sweden Central).')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('Log Analytics workspace for container logs.')
param workspaceName string

@description('GPU workload profile type: serverless (Consumption-GPU-*), dedicated (NC*-A100), or Consumption for no GPU.')
param gpuProfileType string

@description('Name of the GPU workload profile.')
param gpuProfileName string

@description('Dedicated GPU profiles only: nodes at most (each NC24-A100 node holds one A100).')
@minValue(1)
param dedicatedMaxNodes int

param tags object = {}

var hasGpu = gpuProfileType != 'Consumption'
var dedicated = hasGpu && !startsWith(gpuProfileType, 'Consumption-')

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: '${namePrefix}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: concat([
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ], !hasGpu ? [] : dedicated ? [
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
        // A dedicated pool scales its nodes with the replicas on it, down to none.
        minimumCount: 0
        maximumCount: dedicatedMaxNodes
      }
    ] : [
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ])
  }
}

output environmentId string = environment.id
output environmentName string = environment.name
output appProfileName string = hasGpu ? gpuProfileName : 'Consumption'
