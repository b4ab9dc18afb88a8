#!/usr/bin/env bash
# Benchmark: load a synthetic bank of 10,000 item files with `itembench summary` (release build).
# Usage: Tools/bench_loader.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Tools/make_synthetic_bank.py "$work/bank" --items "$count"
swift build -c release --product itembench >/dev/null
binary="$(swift build -c release --show-bin-path)/itembench"
"$binary" summary "$work/bank" >/dev/null   # warm the file cache
# Best and median wall-clock time of 5 runs, with the CPU time (user + system) of the best run
# and the load average: on a shared machine the best run is the one least disturbed.
python3 - "$binary" "$work/bank" "$count" <<'PY'
import os, resource, subprocess, sys, time

binary, bank, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = []
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([binary, "summary", bank], stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs.append((wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)))
runs.sort()
print(f"loaded {count} item files: best of 5 runs {runs[0][0]:.3f} s wall, {runs[0][1]:.3f} s CPU, "
      f"median {runs[2][0]:.3f} s (itembench summary, release, {os.cpu_count()} cores, "
      f"load average {os.getloadavg()[0]:.2f})")
PY
