#!/usr/bin/env bash
# Calibration benchmarks (release build, the machine's cores):
#   1. itembench bench calibrate: 2PL and 3PL on 100,000 x 150 simulated candidates, end to end.
#   2. Tools/bench_calibration.py: ItemBench vs girth (twopl_mml) on the same 10,000 x 150 data.
# Installs girth with pip if it is missing. Usage: Tools/bench_calibration.sh [--girth-only]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product itembench >/dev/null
BIN=.build/release/itembench

if [[ "${1:-}" != "--girth-only" ]]; then
  "$BIN" bench calibrate --model 2pl --candidates 100000 --items 150
  echo
  "$BIN" bench calibrate --model 3pl --candidates 100000 --items 150
  echo
fi

if ! python3 -c "import girth" 2>/dev/null; then
  echo "installing girth (pip)…" >&2
  python3 -m pip install --quiet girth
fi
python3 Tools/bench_calibration.py --itembench "$BIN"
