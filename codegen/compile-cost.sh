#!/usr/bin/env bash
# Compile cost of the generated ovh-api crate, dependencies already built:
# each configuration is built once to warm its dependencies, then ovh-api alone is cleaned
# and rebuilt under `time`. Usage: codegen/compile-cost.sh [cargo build args...]
# (default: no features, default features, full).
set -euo pipefail
cd "$(dirname "$0")/.."

measure() {
  local label=$1
  shift
  cargo build -q -p ovh-api "$@" >/dev/null 2>&1 || cargo build -p ovh-api "$@"
  cargo clean -q -p ovh-api
  local start end
  start=$(date +%s%N)
  cargo build -q -p ovh-api "$@"
  end=$(date +%s%N)
  printf '%-36s %7.1f s\n' "$label" "$(( (end - start) / 1000000 ))e-3"
}

if [ $# -gt 0 ]; then
  measure "cargo build -p ovh-api $*" "$@"
else
  measure "cargo build -p ovh-api (no features)" --no-default-features
  measure "cargo build -p ovh-api (default)"
  measure "cargo build -p ovh-api --features full" --features full
fi
