#!/usr/bin/env bash
# Benchmark: linting N items held in ONE file (default 20,000), release build.
#
# Every item's key repeats a stem word that no distractor has, so `stem-key-word-repeat` reports
# every item and locates the word inside the file. Before the line index of issue 17, each such
# finding rescanned the file from its start (O(n²) in the items of a file: 14.5 s for 20,000
# items); now the whole run is linear. Prints the wall-clock time of
#   itembench lint FILE --reporter json
# with every default rule, and the same run with stem-key-word-repeat disabled for comparison.
#
# Usage: Tools/bench_lint_one_file.sh [N]     (run from anywhere; builds itembench in release mode)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"

echo "== build (release)"
swift build -c release --product itembench >/dev/null
binary="$(swift build -c release --show-bin-path)/itembench"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bank="$work/Items"
mkdir -p "$bank/blueprints" "$bank/inventory"
cat > "$bank/blueprints/bench.yml" <<'YAML'
format: 1
id: bench
exam: Benchmark exam
form_length: 100
scored: 100
pretest: 0
weights: {unit: percent, source: generated}
domains:
  - {id: inventory, title: Inventory, weight: 100, tolerance: 2}
YAML

echo "== generate $count items in one file"
python3 - "$bank/inventory/all.yml" "$count" <<'PY'
import sys
path, count = sys.argv[1], int(sys.argv[2])
words = ["buffer", "carrier", "pallet", "kanban", "routing", "tariff", "backlog", "forecast"]
with open(path, "w") as f:
    f.write("format: 1\nitems:\n")
    for i in range(count):
        w = words[i % len(words)]
        f.write(f"  - id: INV-{i + 1:05d}\n    status: operational\n    domain: inventory\n")
        f.write("    cognitive_level: recall\n")
        f.write(f"    stem: Which practice of item {i + 1} keeps the {w} level steady between reviews?\n")
        f.write(f"    options:\n      A: Watching the {w} daily\n      B: Ordering weekly\n")
        f.write("      C: Counting cycles\n      D: Hedging prices\n    key: A\n")
        f.write(f"    rationale:\n      key: Review {i + 1} explains the answer.\n")
        f.write("    references:\n      - Inventory management basics\n")
PY
ls -l "$bank/inventory/all.yml" | awk '{print "   file size: " $5 " bytes"}'

cat > "$work/without.yml" <<'YAML'
disabled_rules: [stem-key-word-repeat]
YAML

# Prints the wall-clock seconds; also writes "user+sys CPU seconds" to $work/cpu (on a loaded
# machine the CPU time is the steadier figure).
time_run() {
  local start end status
  start=$(date +%s.%N)
  set +e
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%U %S" -o "$work/time" "$binary" lint "$bank" "$@" --reporter json > "$work/out.json"
  else
    "$binary" lint "$bank" "$@" --reporter json > "$work/out.json"
  fi
  status=$?
  set -e
  end=$(date +%s.%N)
  [ "$status" -le 1 ] || { echo "lint failed with exit $status" >&2; exit 1; }
  if [ -f "$work/time" ]; then awk '{print $1 + $2}' "$work/time" > "$work/cpu"; else echo "?" > "$work/cpu"; fi
  echo "$end - $start" | bc -l
}

echo "== itembench lint (every default rule)"
with=$(time_run)
findings=$(grep -o '"rule": *"stem-key-word-repeat"' "$work/out.json" | wc -l || true)
with_cpu=$(cat "$work/cpu")
printf '   %.2f s wall, %s s CPU, %s stem-key-word-repeat findings\n' "$with" "$with_cpu" "$findings"
echo "== itembench lint without stem-key-word-repeat"
without=$(time_run --config "$work/without.yml")
without_cpu=$(cat "$work/cpu")
printf '   %.2f s wall, %s s CPU\n' "$without" "$without_cpu"
printf '== %d items in one file: %.2f s with the rule, %.2f s without (ratio %.2f); CPU %s s and %s s; load %s\n' \
  "$count" "$with" "$without" "$(echo "$with / $without" | bc -l)" "$with_cpu" "$without_cpu" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)"
