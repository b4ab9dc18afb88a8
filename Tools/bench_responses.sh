#!/usr/bin/env bash
# Benchmark: read a 100,000 × 150 response CSV and run the classical item analysis, in release.
#
#   Tools/bench_responses.sh            # 100,000 candidates × 150 items (env N, ITEMS to change)
#
# Generates (once, seeded) a 0/1 file and an option-letter file with a matching generated bank
# under $BENCH_DIR (default /tmp/itembench-bench), builds `itembench` in release mode and times
# `itembench analyze --timing` three times on each. `--timing` prints the time spent reading
# the CSV into the response matrix and the time of the analysis on standard error.
# Needs python3 with numpy to generate the data.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
ITEMS=${ITEMS:-150}
DIR=${BENCH_DIR:-/tmp/itembench-bench}
mkdir -p "$DIR"
BINARY="01-${N}x${ITEMS}.csv"
LETTERS="letters-${N}x${ITEMS}.csv"

if [[ ! -f "$DIR/$BINARY" || ! -f "$DIR/$LETTERS" ]]; then
  echo "== generating $N x $ITEMS responses in $DIR"
  python3 - "$DIR" "$N" "$ITEMS" "$BINARY" "$LETTERS" <<'PY'
import os, sys
import numpy as np
directory, n, k, binary, letters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rng = np.random.default_rng(20260501)
a = rng.lognormal(0.0, 0.25, k)
b = rng.normal(0.0, 1.0, k)
theta = rng.normal(0.0, 1.0, n)
p = 1 / (1 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
x = (rng.random((n, k)) < p).astype(np.uint8)
# 2% omitted (empty), the last 3 items not reached for 1% of candidates.
omit = rng.random((n, k)) < 0.02
nr = np.zeros((n, k), dtype=bool)
nr[rng.random(n) < 0.01, k - 3:] = True
ids = [f"Q{j + 1:04d}" for j in range(k)]
keys = rng.integers(0, 4, k)
wrong = rng.integers(1, 4, (n, k))
choice = np.where(x == 1, keys[None, :], (keys[None, :] + wrong) % 4)
def write(path, cell):
    with open(path, "w") as f:
        f.write("candidate," + ",".join(ids) + "\n")
        for i in range(n):
            row = [("NR" if nr[i, j] else "" if omit[i, j] else cell(i, j)) for j in range(k)]
            f.write(f"C{i + 1:07d}," + ",".join(row) + "\n")
write(os.path.join(directory, binary), lambda i, j: "1" if x[i, j] else "0")
write(os.path.join(directory, letters), lambda i, j: "ABCD"[choice[i, j]])
bank = os.path.join(directory, "Items", "bench")
os.makedirs(bank, exist_ok=True)
for j, item in enumerate(ids):
    with open(os.path.join(bank, item + ".yml"), "w") as f:
        f.write(f"id: {item}\nstatus: operational\ndomain: bench\ncognitive_level: recall\n"
                f"stem: Benchmark item {j + 1}?\noptions: {{A: a, B: b, C: c, D: d}}\nkey: {'ABCD'[keys[j]]}\n")
PY
fi
PARAMS="params-${ITEMS}.csv"
if [[ ! -f "$DIR/$PARAMS" ]]; then
  # The generating 2PL parameters (same seed and draws as above), for score and fit.
  python3 - "$DIR/$PARAMS" "$ITEMS" <<'PY'
import sys
import numpy as np
path, k = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(20260501)
a = rng.lognormal(0.0, 0.25, k)
b = rng.normal(0.0, 1.0, k)
with open(path, "w") as f:
    f.write("id,a,b,c\n")
    for j in range(k):
        f.write(f"Q{j + 1:04d},{a[j]:.6f},{b[j]:.6f},0\n")
PY
fi
ls -la "$DIR/$BINARY" "$DIR/$LETTERS" "$DIR/$PARAMS"

echo "== swift build -c release"
swift build -c release --product itembench 2>&1 | tail -1
BIN=.build/release/itembench

for file in "$BINARY" "$LETTERS"; do
  if [[ "$file" == "$LETTERS" ]]; then bank=(--bank "$DIR/Items"); else bank=(--no-bank); fi
  echo "== itembench analyze $file"
  for run in 1 2 3; do
    start=$(date +%s.%N)
    "$BIN" analyze "$DIR/$file" "${bank[@]}" --timing --format csv --out "$DIR/analysis.csv" 2>&1 | grep -v "items flagged"
    end=$(date +%s.%N)
    echo "   run $run: end to end $(echo "$end - $start" | bc) s"
  done
done

time_command() {
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "   $label: $(echo "$end - $start" | bc) s"
}

echo "== itembench score / fit / information on $BINARY (end to end, including reading)"
for method in eap map ml; do
  time_command "score --method $method" "$BIN" score "$DIR/$BINARY" --no-bank --params "$DIR/$PARAMS" --method "$method" --format csv --out "$DIR/scores.csv"
done
time_command "fit (S-X², 2PL)" "$BIN" fit "$DIR/$BINARY" --no-bank --params "$DIR/$PARAMS" --format csv --out "$DIR/fit.csv"
time_command "information (161 points)" "$BIN" information --params "$DIR/$PARAMS" --from -4 --to 4 --step 0.05 --format csv --out "$DIR/information.csv"
