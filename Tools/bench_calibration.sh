#!/usr/bin/env bash
# Calibration benchmarks (release build, the machine's cores), in one run:
#   1. Tools/bench_calibration_peers.py at N = 10,000 and 100,000 (and 1,000,000 with --million;
#      peers only up to 100,000) x 150 items: the machine's FMA peak (Tools/peak_flops.c), then
#      ItemBench 2PL and Rasch (--se crossproduct), girth 2PL and Rasch, and Python mirt 1.2.0
#      2PL at its default 21 quadrature points and at 61, all on the same simulated data, each
#      as its own process: wall and CPU seconds, peak RSS, iterations, EM ms per cycle, CPU ratio
#      to ItemBench, RMSE against the truth, and for ItemBench the E-step additions per cycle
#      (listed items x likelihood-row points and posterior windows, from --timing) with their
#      rate as a percentage of the measured peak.
#   2. 2PL and 3PL at 100,000 x 150 (and 1,000,000 with --million): `itembench calibrate` timed
#      as a whole process with --se none and --se crossproduct: user+system CPU seconds (the
#      stable figure on a shared machine), wall seconds, peak RSS, EM iterations, EM and SE wall
#      seconds from --timing, EM wall ms per cycle and the E-step's fraction of peak.
# Installs the peers with pip when missing (girth, mirt==1.2.0: benchmark peers, never runtime
# dependencies). Needs GNU time (/usr/bin/time) for CPU and RSS, and a C compiler (cc).
# Usage: Tools/bench_calibration.sh [--million] [--no-peers] [--peers-only]
set -euo pipefail
cd "$(dirname "$0")/.."

PEERS=1
TABLE=1
SIZES=(100000)
PEER_SIZES=10000,100000
for argument in "$@"; do
  case "$argument" in
    --million) SIZES+=(1000000); PEER_SIZES+=,1000000 ;;
    --no-peers) PEERS=0 ;;
    --peers-only) TABLE=0 ;;
    *) echo "unknown option $argument" >&2; exit 2 ;;
  esac
done

swift build -c release --product itembench >/dev/null
BIN=.build/release/itembench
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [[ $PEERS == 1 ]]; then
  if ! python3 -c "import girth" 2>/dev/null; then
    echo "installing girth (pip)…" >&2
    python3 -m pip install --quiet girth
  fi
  if ! python3 -c "import mirt" 2>/dev/null; then
    echo "installing mirt 1.2.0 (pip)…" >&2
    python3 -m pip install --quiet "mirt==1.2.0"
  fi
  python3 Tools/bench_calibration_peers.py --itembench "$BIN" --sizes "$PEER_SIZES" --peer-max 100000
  echo
fi
[[ $TABLE == 1 ]] || exit 0

cc -O3 -march=native -pthread Tools/peak_flops.c -o "$WORK/peak_flops"
PEAK=$("$WORK/peak_flops" 1.0)
printf 'measured FMA peak %.0f GFLOP/s\n' "$PEAK"
printf '%-4s %9s %-12s %7s %7s %8s %5s %8s %8s %10s %6s\n' \
  model N se cpu_s wall_s rss_MB iter em_s se_s em_ms/iter %peak
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
      ADDS=$(sed -E 's/.*E-step additions ([0-9]+).*/\1/' <<<"$TIMING")
      ITER=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["iterations"])' "$WORK/out.json")
      awk -v m="$MODEL" -v n="$N" -v se="$SE" -v u="$USER" -v s="$SYS" -v w="$WALL" -v r="$RSS" \
        -v i="$ITER" -v em="$EM" -v ses="$SES" -v adds="$ADDS" -v peak="$PEAK" 'BEGIN {
          printf "%-4s %9d %-12s %7.2f %7.2f %8.0f %5d %8.3f %8.3f %10.1f %6.1f\n",
            m, n, se, u + s, w, r / 1024, i, em, ses, 1000 * em / i,
            100 * (adds / (i + 1)) / (em / i) / (peak * 1e9) }'
    done
  done
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
