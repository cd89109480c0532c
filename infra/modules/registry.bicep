// The container registry for the Functions app's images (infra/images/functions*.Dockerfile, built with
// az acr build) and, for self-hosting elsewhere, the serve images. Admin user off: the app pulls with its
// managed identity (AcrPull).

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
