#!/bin/sh
# The GPU checks of issue 7, in one run, on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9 (what
# onnxruntime_gpu 1.29 needs; FACTS.md), Java 17 and Maven that reaches Maven Central once (the
# onnxruntime_gpu jar is 642 MB). From the repository root:
#   sh scripts/gpu-check.sh [OUTDIR]          (default: target/gpu-check)
# Writes OUTDIR/report.txt: the card, every shipped model's test tensors reproduced on CPU and on GPU
# (max abs difference to the package's reference each), and the benchmark on GPU beside the CPU.
set -e
O=${1:-target/gpu-check}
mkdir -p "$O"
mvn -B -q package -DskipTests -Pgpu
J=target/condseg.jar
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(hostname)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: none"
  java -version 2>&1 | head -1
  for m in models/*/; do
    id=$(basename "$m")
    for d in cpu gpu; do
      echo "## models validate $id --device $d"
      java -jar $J models validate "$id" --device $d 2>&1 || echo "(failed: $?)"
    done
  done
  for d in gpu cpu; do
    echo "## benchmark --device $d --threads 1 (512x512x16)"
    java -jar $J benchmark --device $d --threads 1 --size 512x512x16 --repeats 15 2>&1
    echo "## benchmark --device $d --threads 1 (512x512x256)"
    java -jar $J benchmark --device $d --threads 1 --size 512x512x256 --repeats 3 2>&1
  done
} | tee "$O/report.txt"
