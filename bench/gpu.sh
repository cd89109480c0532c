#!/usr/bin/env bash
# GPU figures (issue 17): on a machine with an NVIDIA GPU, builds the GPU flavour of the benches and
# the CLI (-p:OnnxRuntimeGpu=true: Microsoft.ML.OnnxRuntime.Gpu.Linux, ~550 MB restore, needs CUDA 13
# and cuDNN 9) beside the CPU flavour, then prints, CUDA beside CPU: clean images/s (clean-run), the
# PGD step (pgd-step), the hybrid suite (hybrid-run) and the corruption cost, and the extrapolated wall
# time of paper-full for one ResNet-18-class model on CIFAR-10 (10,000 images) from the CLI's dry run.
# Budget: under 8 minutes in all (each step has its own timeout). Never run by CI.
#
#   bench/gpu.sh                  (CLOUDFREQ_SHARED=/path/to/shared when ../shared is elsewhere)
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
start=$SECONDS

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "bench/gpu.sh: nvidia-smi not found: this machine has no NVIDIA GPU driver, so there is nothing to measure on CUDA." >&2
  echo "Run it on a machine with an NVIDIA GPU (CUDA 13 and cuDNN 9 runtime libraries for ONNX Runtime 1.32)." >&2
  exit 2
fi
if ! gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1) || [ -z "$gpu" ]; then
  echo "bench/gpu.sh: nvidia-smi found but it sees no usable GPU: $gpu" >&2
  exit 2
fi
shared=${CLOUDFREQ_SHARED:-$repo/../shared}
if [ ! -d "$shared/data/cifar10-test" ]; then
  echo "bench/gpu.sh: $shared/data/cifar10-test not found; set CLOUDFREQ_SHARED to the shared data folder." >&2
  exit 2
fi
export CLOUDFREQ_SHARED=$(cd "$shared" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# ONNX Runtime's CUDA provider loads these at session creation; say so early rather than fail later.
for lib in libcudart.so.13 libcublas.so.13 libcudnn.so.9; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || echo "warning: $lib not in the loader cache; CUDA sessions may fail to start (LD_LIBRARY_PATH?)"
done

echo "GPU: $gpu; CPU: $(nproc) cores"
# Two flavours in their own artifacts folders (inside the repo, so the benches find CloudFreq.sln),
# so the GPU restore never touches the default build's obj/.
artifacts=$repo/artifacts/gpu-bench
build() { # flavour, extra properties...
  local flavour=$1; shift
  for project in bench/CloudFreq.Bench src/Cli; do
    if ! timeout "$(capped 200)" dotnet build "$project" -c Release --artifacts-path "$artifacts/$flavour" "$@" >"$artifacts/$flavour-build.log" 2>&1; then
      echo "bench/gpu.sh: the $flavour build of $project failed (see $artifacts/$flavour-build.log)" >&2
      tail -5 "$artifacts/$flavour-build.log" >&2
      exit 1
    fi
  done
}
mkdir -p "$artifacts"
build cpu
build gpu -p:OnnxRuntimeGpu=true
echo "built both flavours in $((SECONDS - start)) s"
bench() { echo "$artifacts/$1/bin/CloudFreq.Bench/release/CloudFreq.Bench.dll"; }
cli() { echo "$artifacts/$1/bin/CloudFreq.Cli/release/cloudfreq.dll"; }

# Every step's timeout is cut to what is left of the 8-minute budget; a step with too little left is skipped.
budget=470
capped() { # wanted seconds -> seconds to give (0 = skip)
  local left=$((budget - (SECONDS - start)))
  if [ "$left" -lt 15 ]; then echo 0; elif [ "$1" -lt "$left" ]; then echo "$1"; else echo "$left"; fi
}

# One mode on both devices: the same binary options, CLOUDFREQ_BENCH_DEVICE picks the provider.
both() { # seconds, mode args...
  local wanted=$1; shift
  for device in cpu cuda; do
    local limit; limit=$(capped "$wanted")
    [ "$limit" -gt 0 ] || { echo "--- $1 on $device: skipped, the 8-minute budget is spent"; continue; }
    local flavour=cpu; [ "$device" = cuda ] && flavour=gpu
    echo "--- $1 on $device"
    CLOUDFREQ_BENCH_DEVICE=$device timeout "$limit" dotnet "$(bench $flavour)" "$@" 2>&1 | grep -vE '^\s*$' | tail -n 12 \
      || echo "($1 on $device failed or ran past ${limit} s)"
  done
}

resnet18=bench/CloudFreq.Bench/models/resnet18_cifar.onnx
if [ ! -f "$resnet18" ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  timeout 120 /usr/bin/python3 bench/tools/export_resnet18_cifar.py >/dev/null 2>&1 || true
fi
[ -f bench/CloudFreq.Bench/models/resnet18_imagenet.onnx ] || ! /usr/bin/python3 -c 'import torch' 2>/dev/null \
  || timeout 120 /usr/bin/python3 bench/tools/export_resnet18_imagenet.py >/dev/null 2>&1 || true

echo "=== paper-full, one ResNet-18-class model on CIFAR-10 (10,000 images): extrapolated from the dry run's calibration"
model=$resnet18
[ -f "$model" ] || { model=$CLOUDFREQ_SHARED/models/cifar10/resnet_2b.onnx; echo "(resnet18_cifar.onnx missing and no PyTorch to export it: resnet_2b instead)"; }
for device in cpu cuda; do
  flavour=cpu; [ "$device" = cuda ] && flavour=gpu
  echo "--- $device"
  limit=$(capped 120)
  [ "$limit" -gt 0 ] || { echo "skipped, the 8-minute budget is spent"; continue; }
  timeout "$limit" dotnet "$(cli $flavour)" evaluate --data "$CLOUDFREQ_SHARED/data/cifar10-test" --model "$model" \
    --suite paper-full --device "$device" --batch-size 256 --calibration-seconds 0.5 --out "$artifacts/paper-full-$device" --dry-run 2>&1 | grep -E '^(total|model setup|model  |[a-z0-9_]+ +[0-9]+ +[0-9,]+ )' \
    || echo "(dry run on $device failed or ran past $limit s)"
done
echo "(the dry run times model passes only; transforms (hybrids, corruptions) run on the CPU and come on top)"
echo "=== clean images/s: resnet_2b on the 10,000 CIFAR-10 test JPEGs, batch 256, 1 repeat"
both 90 clean-run 256 1
echo "=== PGD step (ms/image): forward, CE gradient, whole step; batch 128"
both 120 pgd-step --batch 128 --repeats 3
echo "=== hybrid suite: 2,000 pairs x 12 masks at 32 px (resnet_2b), 20 pairs x 18 masks at 224 px (resnet18_imagenet)"
both 60 hybrid-run 1 256 --images 2000
both 60 hybrid-run 1 64 --size 224 --images 20
echo "=== corruption cost: the corruptions are C# on the CPU on either device (only their scoring moves to the GPU)"
limit=$(capped 60)
[ "$limit" -gt 0 ] && timeout "$limit" dotnet "$(bench cpu)" corruption-cost --size 224 2>&1 | grep -E 'all 19|\(' || echo "(corruption-cost failed or ran past 60 s)"

echo "bench/gpu.sh finished in $((SECONDS - start)) s"
