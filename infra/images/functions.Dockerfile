# syntax=docker/dockerfile:1
# The CPU image of the Functions app (src/Functions): the Azure Functions host for .NET isolated
# workers on .NET 10, with the app published into /home/site/wwwroot, where the host looks for it.
# The dev deployment runs it (gpuProfileType Consumption); the GPU flavour is functions-gpu.Dockerfile.
# Build from the repository root:
#   az acr build -r REGISTRY -f infra/images/functions.Dockerfile -t cloudfreq-functions:0.1.0 .
#   docker build -f infra/images/functions.Dockerfile -t cloudfreq-functions:0.1.0 .
# Not built on the development machine (no Docker engine); tests/Infra.Tests checks its instructions.

ARG FUNCTIONS_IMAGE=mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0

# ---- build: publish the Functions app (the SDK writes functions.metadata and extensions.json) --
FROM ${DOTNET_SDK_IMAGE} AS build
WORKDIR /src
# host.json sits at the repository root and is linked into the app (one file for both hosts).
COPY Directory.Build.props Directory.Packages.props CloudFreq.sln host.json .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Functions/CloudFreq.Functions.csproj -c Release -r linux-x64 --self-contained false \
        -o /home/site/wwwroot \
    && test -f /home/site/wwwroot/functions.metadata \
    && test -f /home/site/wwwroot/extensions.json \
    && test -f /home/site/wwwroot/host.json \
    && test -f /home/site/wwwroot/libonnxruntime.so

# ---- runtime: the Functions host image, the app in wwwroot ------------------------------------
FROM ${FUNCTIONS_IMAGE} AS runtime
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
    cloudfreq__executionProvider=cpu
COPY --from=build /home/site/wwwroot /home/site/wwwroot
