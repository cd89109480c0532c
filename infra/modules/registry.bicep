// The container registry for the CPU image (SDK container publishing) and the GPU image
// (infra/images/gpu.Dockerfile). Admin user off: the apps pull with their managed identity.

@description('Azure region.')
param location string

@description('Registry name (5-50 letters and digits).')
@minLength(5)
@maxLength(50)
param registryName string

@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

param tags object = {}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
  }
}

output registryName string = registry.name
output loginServer string = registry.properties.loginServer
