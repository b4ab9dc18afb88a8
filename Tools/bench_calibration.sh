#!/usr/bin/env bash
# Calibration benchmarks (release build, the machine's cores):
#   1. For 2PL and 3PL at 100,000 x 150 (and 1,000,000 x 150 with --million): simulated data
#      (itembench bench calibrate --keep), then `itembench calibrate` timed as a whole process
#      with --se none and --se crossproduct: user+system CPU seconds (the stable figure on a
#      shared machine), wall seconds, peak RSS, EM iterations, EM and SE wall seconds from
#      --timing, and the EM wall time per iteration.
#   2. Tools/bench_calibration.py: ItemBench vs girth (twopl_mml) on the same 10,000 x 150 data.
# Installs girth with pip if it is missing (a benchmark peer, never a runtime dependency).
# Needs GNU time (/usr/bin/time) for CPU and RSS.
# Usage: Tools/bench_calibration.sh [--girth-only | --no-girth] [--million]
set -euo pipefail
cd "$(dirname "$0")/.."

GIRTH=1
SIZES=(100000)
for argument in "$@"; do
  case "$argument" in
    --girth-only) SIZES=() ;;
    --no-girth) GIRTH=0 ;;
    --million) SIZES+=(1000000) ;;
    *) echo "unknown option $argument" >&2; exit 2 ;;
  esac
done

swift build -c release --product itembench >/dev/null
BIN=.build/release/itembench
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [[ ${#SIZES[@]} -gt 0 ]]; then
  printf '%-4s %9s %-12s %7s %7s %8s %5s %8s %8s %10s\n' \
    model N se cpu_s wall_s rss_MB iter em_s se_s em_ms/iter
fi
for N in "${SIZES[@]}"; do
  for MODEL in 2pl 3pl; do
    DATA="$WORK/$MODEL-$N"
    "$BIN" bench calibrate --model "$MODEL" --candidates "$N" --items 150 --se none \
      --keep "$DATA" >/dev/null
    for SE in none crossproduct; do
      /usr/bin/time -f '%U %S %e %M' -o "$WORK/time" "$BIN" calibrate "$DATA/responses.csv" \
        --no-bank --model "$MODEL" --se "$SE" -q --timing --out "$WORK/out.json" 2>"$WORK/timing"
      read -r USER SYS WALL RSS <"$WORK/time"
      TIMING=$(grep '^timing:' "$WORK/timing")
      EM=$(sed -E 's/.*EM ([0-9.]+) s.*/\1/' <<<"$TIMING")
      SES=$(sed -E 's/.*standard errors ([0-9.]+) s.*/\1/' <<<"$TIMING")
      ITER=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["iterations"])' "$WORK/out.json")
      awk -v m="$MODEL" -v n="$N" -v se="$SE" -v u="$USER" -v s="$SYS" -v w="$WALL" -v r="$RSS" \
        -v i="$ITER" -v em="$EM" -v ses="$SES" 'BEGIN {
          printf "%-4s %9d %-12s %7.2f %7.2f %8.0f %5d %8.3f %8.3f %10.1f\n",
            m, n, se, u + s, w, r / 1024, i, em, ses, 1000 * em / i }'
    done
  done
done
if [[ ${#SIZES[@]} -gt 0 ]]; then
  echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
  echo
fi

if [[ $GIRTH == 1 ]]; then
  if ! python3 -c "import girth" 2>/dev/null; then
    echo "installing girth (pip)…" >&2
    python3 -m pip install --quiet girth
  fi
  python3 Tools/bench_calibration.py --itembench "$BIN"
fi
