// The Container Apps environment: the Consumption profile (api app) and a serverless GPU
// profile (worker app), logs to Log Analytics, and the managed OpenTelemetry agent that forwards
// the host's OTLP traces and logs to Application Insights. The agent sets OTEL_EXPORTER_OTLP_ENDPOINT
// in every app of the environment, which is what turns the host's OTLP exporter on.

@description('Azure region (one that offers the GPU profile type, e.g. West US 3, Australia East, Sweden Central).')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('Log Analytics workspace for container logs.')
param workspaceName string

@description('Application Insights component that receives OpenTelemetry traces and logs.')
param appInsightsName string

@description('Workload profile type of the worker: a serverless GPU type (Consumption-GPU-NC24-A100, Consumption-GPU-NC8as-T4) or Consumption for a CPU-only dev setting.')
param workerProfileType string

@description('Name of the worker\'s workload profile.')
param workerProfileName string

param tags object = {}

var gpuProfile = workerProfileType != 'Consumption'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-02-02-preview' = {
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
    appInsightsConfiguration: {
      connectionString: appInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    workloadProfiles: concat([
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ], gpuProfile ? [
      {
        name: workerProfileName
        workloadProfileType: workerProfileType
      }
    ] : [])
  }
}

output environmentId string = environment.id
output environmentName string = environment.name
output defaultDomain string = environment.properties.defaultDomain
output workerProfileName string = gpuProfile ? workerProfileName : 'Consumption'
