#!/usr/bin/env bash
# Benchmark: load a synthetic bank of 10,000 item files with `itembench summary` (release build).
# Usage: Tools/bench_loader.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Tools/make_synthetic_bank.py "$work/bank" "$count"
swift build -c release --product itembench >/dev/null
binary="$(swift build -c release --show-bin-path)/itembench"
"$binary" summary "$work/bank" >/dev/null   # warm the file cache
best=""
for run in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$binary" summary "$work/bank" >/dev/null
  end=$(date +%s.%N)
  elapsed=$(echo "$end - $start" | bc -l)
  if [ -z "$best" ] || (( $(echo "$elapsed < $best" | bc -l) )); then best=$elapsed; fi
done
printf 'loaded %d item files: best of 5 runs %.3f s (itembench summary, release, %s cores)\n' "$count" "$best" "$(nproc)"
