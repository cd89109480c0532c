# syntax=docker/dockerfile:1
# The GPU image of the Functions app: the Azure Functions host for .NET isolated workers on .NET 10,
# the app published with the GPU build switch (-p:OnnxRuntimeGpu=true: Microsoft.ML.OnnxRuntime.Gpu.Linux,
# DESIGN.md section 2), and only the CUDA 13 and cuDNN 9 libraries that ONNX Runtime 1.32's CUDA
# provider loads, copied from NVIDIA's CUDA runtime image (the Functions base is not a CUDA image, and
# the whole CUDA runtime would add gigabytes the provider never opens). The NVIDIA driver (libcuda.so.1)
# comes from the GPU host through the NVIDIA container runtime, as on Container Apps' GPU profiles.
# Build from the repository root:
#   az acr build -r REGISTRY -f infra/images/functions-gpu.Dockerfile -t cloudfreq-functions-gpu:0.1.0 .
# Not built on the development machine (no Docker engine); tests/Infra.Tests checks its instructions
# against the package facts (ORT version, CUDA major, library names).

ARG FUNCTIONS_IMAGE=mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
# CUDA 13 (libcudart.so.13, libcublas.so.13) with cuDNN 9: what ORT 1.32's CUDA provider asks for.
ARG CUDA_IMAGE=nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04
# The ONNX Runtime GPU package this image is made for (Directory.Packages.props; a test keeps them equal).
ARG ONNXRUNTIME_VERSION=1.32.0

# ---- build: publish the Functions app with the GPU package ------------------------------------
FROM ${DOTNET_SDK_IMAGE} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props CloudFreq.sln host.json .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Functions/CloudFreq.Functions.csproj -c Release -p:OnnxRuntimeGpu=true \
        -r linux-x64 --self-contained false -o /home/site/wwwroot \
    && test -f /home/site/wwwroot/functions.metadata \
    && test -f /home/site/wwwroot/host.json \
    && test -f /home/site/wwwroot/libonnxruntime_providers_cuda.so

# ---- cuda: pick the libraries the CUDA provider needs, symlinks kept (cp -P), so each is stored once --
FROM ${CUDA_IMAGE} AS cuda
# ldd libonnxruntime_providers_cuda.so (ORT 1.32): libcudart.so.13, libcublas.so.13, libcublasLt.so.13,
# libcurand.so.10. cuDNN 9 (libcudnn.so.9) is opened at run time and opens its engine libraries
# libcudnn_*.so.9 itself; its runtime-compiled engines need NVRTC (libnvrtc.so.13, libnvrtc-builtins.so.13).
RUN set -eu; mkdir -p /opt/cuda/lib; \
    for lib in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcudnn.so.9 libnvrtc.so.13; do \
      path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }'); \
      test -n "$path" || { echo "$lib is not in $(cat /etc/os-release | head -1)"; exit 1; }; \
      cp -P "$(dirname "$path")/$lib"* /opt/cuda/lib/; \
    done; \
    cp -P "$(dirname "$(ldconfig -p | awk '$1 == "libcudnn.so.9" { print $NF; exit }')")"/libcudnn_*.so.9* /opt/cuda/lib/; \
    cp -P "$(dirname "$(ldconfig -p | awk '$1 == "libnvrtc.so.13" { print $NF; exit }')")"/libnvrtc-builtins.so.13* /opt/cuda/lib/; \
    ls -la /opt/cuda/lib; du -sh /opt/cuda/lib

# ---- runtime: the Functions host image, the CUDA libraries, the app in wwwroot ------------------
FROM ${FUNCTIONS_IMAGE} AS runtime
ARG ONNXRUNTIME_VERSION
COPY --from=cuda /opt/cuda/lib/ /opt/cuda/lib/
# The CUDA provider finds the libraries through the loader path; the driver comes from the host.
ENV LD_LIBRARY_PATH=/opt/cuda/lib \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
    cloudfreq__executionProvider=cuda
LABEL org.opencontainers.image.title="cloudfreq-functions-gpu" \
      com.cloudfreq.onnxruntime.version="${ONNXRUNTIME_VERSION}" \
      com.cloudfreq.cuda.major="13"
COPY --from=build /home/site/wwwroot /home/site/wwwroot
