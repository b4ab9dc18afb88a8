#!/usr/bin/env bash
# Form-assembly benchmark (docs/assembly.md), release build, this machine.
#
# Synthetic bank of 1,000 items (Tools/make_synthetic_bank.py, seed 42), blueprint cpim-full
# (150 items: 130 scored + 20 pretest), objective: minimax TCC deviation from the bank's
# reference form 'base' at θ = -1, -0.5, 0, 0.5, 1, and maximin information at θ = 0.
# Runs the built-in solver for 1 and 3 parallel forms (targets: 1 form ≤ 5 s, 3 forms ≤ 60 s),
# then, when pkg-config finds CBC, the same runs with COIN-OR CBC (build with the CBC trait in
# .build-cbc). Prints one row per run: solver status, objective, bound, gap, seconds.
#
# usage: Tools/bench_assembly.sh [--items N] [--cbc-time-limit S]
set -euo pipefail
cd "$(dirname "$0")/.."
items=1000
cbc_limit=120
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items="$2"; shift 2 ;;
    --cbc-time-limit) cbc_limit="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Tools/make_synthetic_bank.py "$work/bank" --items "$items" --seed 42
swift build -c release --product itembench >/dev/null
builtin=.build/release/itembench
cbc=""
if pkg-config --exists cbc 2>/dev/null; then
  swift build -c release --product itembench --traits CBC --build-path .build-cbc >/dev/null
  cbc=.build-cbc/release/itembench
fi

printf '| run | solver | forms | status | objective | bound | gap | seconds |\n| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |\n'
run() {  # label binary solver forms objective-args...
  local label="$1" bin="$2" solver="$3" forms="$4"
  shift 4
  local out="$work/out-$label-$solver-$forms"
  local limit=60
  [ "$solver" = cbc ] && limit="$cbc_limit"
  "$bin" assemble --bank "$work/bank/Items" --blueprint cpim-full --parameters "$work/bank/parameters.csv" \
    --forms "$forms" --out-dir "$out" --solver "$solver" --time-limit "$limit" "$@" >/dev/null
  python3 - "$out/assembly-report.json" "$label" "$solver" "$forms" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
s = report["solver"]
fmt = lambda x: "–" if x is None else "%.6g" % x
print("| %s | %s | %s | %s | %s | %s | %s | %.2f |" % (sys.argv[2], sys.argv[3], sys.argv[4], s["status"],
      fmt(s["objective"]), fmt(s["bound"]), fmt(s["absolute_gap"]), s["seconds"]))
PY
}
for forms in 1 3; do
  run tcc "$builtin" builtin "$forms" --reference base
  run max-info "$builtin" builtin "$forms" --objective max-info --theta-cut 0
done
if [ -n "$cbc" ]; then
  for forms in 1 3; do
    run tcc "$cbc" cbc "$forms" --reference base
    run max-info "$cbc" cbc "$forms" --objective max-info --theta-cut 0
  done
else
  echo "(CBC not found by pkg-config: install coinor-libcbc-dev for the CBC rows)"
fi
