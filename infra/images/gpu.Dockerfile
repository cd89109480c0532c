# syntax=docker/dockerfile:1
# The GPU image of the CloudFreq host: CUDA 12 + cuDNN 9 runtime (what Microsoft.ML.OnnxRuntime.Gpu
# 1.2x/1.3x is built against), the .NET 10 ASP.NET Core runtime (copied from the aspnet image), and `cloudfreq` published with the
# GPU build switch (-p:OnnxRuntimeGpu=true swaps in Microsoft.ML.OnnxRuntime.Gpu, DESIGN.md section 2).
# The SDK's container publishing cannot express this image (its base must carry CUDA and cuDNN and
# the .NET runtime is installed on top), hence this Dockerfile. Build from the repository root:
#   docker build -f infra/images/gpu.Dockerfile -t cloudfreq-gpu:0.1.0 .
#   az acr build -r REGISTRY -f infra/images/gpu.Dockerfile -t cloudfreq-gpu:0.1.0 .
# It cannot be built on the development machine (no Docker engine, no registry to pull the bases
# from); tests/Infra.Tests checks this file's instructions instead.

ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
ARG DOTNET_VERSION=10.0

# ---- build: restore and publish with the GPU package -------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props CloudFreq.sln ./
COPY src/ src/
RUN dotnet publish src/Cli/CloudFreq.Cli.csproj -c Release -p:OnnxRuntimeGpu=true \
        -r linux-x64 --self-contained false -o /out \
    && test -f /out/libonnxruntime_providers_cuda.so

# ---- runtime: CUDA + cuDNN, the ASP.NET Core runtime, the app as a non-root user ----------------
FROM ${CUDA_IMAGE} AS runtime
ARG DOTNET_VERSION
# What the .NET runtime needs on Ubuntu 24.04 (TLS to Azure Storage, zlib), and curl for the health
# check; no ICU: the app runs with InvariantGlobalization.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl libssl3t64 libstdc++6 zlib1g tzdata \
    && rm -rf /var/lib/apt/lists/*
# The ASP.NET Core runtime, copied from Microsoft's runtime image of the same Ubuntu release.
COPY --from=mcr.microsoft.com/dotnet/aspnet:10.0-noble /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && dotnet --list-runtimes
RUN groupadd --system --gid 1654 app && useradd --system --uid 1654 --gid app --home-dir /app --no-create-home app
WORKDIR /app
COPY --from=build --chown=app:app /out/ /app/
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    DOTNET_EnableDiagnostics=0 \
    CLOUDFREQ_LOG_FORMAT=json \
    cloudfreq__executionProvider=cuda \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/api/health || exit 1
ENTRYPOINT ["dotnet", "/app/cloudfreq.dll"]
CMD ["serve", "--role", "worker", "--no-poller"]
