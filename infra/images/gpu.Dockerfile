# syntax=docker/dockerfile:1
# The GPU image of the self-host (`cloudfreq serve`, DESIGN.md section 2): the CUDA 13 + cuDNN 9 runtime
# (ORT 1.32's CUDA provider asks for libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10
# and cuDNN 9), the .NET 10 ASP.NET Core runtime (copied from the aspnet image), and `cloudfreq` published
# with the GPU build switch (-p:OnnxRuntimeGpu=true swaps in Microsoft.ML.OnnxRuntime.Gpu.Linux).
# The Azure deployment runs the Functions app instead (functions-gpu.Dockerfile); this image is for
# running `serve` on any GPU machine or cluster against a storage account.
# The SDK's container publishing cannot express this image (its base must carry CUDA and cuDNN and
# the .NET runtime is installed on top), hence this Dockerfile. Build from the repository root:
#   docker build -f infra/images/gpu.Dockerfile -t cloudfreq-gpu:0.1.0 .
#   az acr build -r REGISTRY -f infra/images/gpu.Dockerfile -t cloudfreq-gpu:0.1.0 .
# It cannot be built on the development machine (no Docker engine, no registry to pull the bases
# from); tests/Infra.Tests checks this file's instructions instead.

ARG CUDA_IMAGE=nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04
# The ONNX Runtime GPU package this image is made for (Directory.Packages.props; a test keeps them equal).
ARG ONNXRUNTIME_VERSION=1.32.0
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
ARG ONNXRUNTIME_VERSION
LABEL com.cloudfreq.onnxruntime.version="${ONNXRUNTIME_VERSION}" \
      com.cloudfreq.cuda.major="13"
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
