#!/usr/bin/env bash
# Benchmark of the equating commands in release mode on two synthetic 3PL forms
# (N items each, N/4 anchors, D = 1.7). Usage: Tools/bench-equating.sh [N]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
swift build -c release --product itembench >/dev/null
BIN="$(swift build -c release --show-bin-path)/itembench"
python3 - "$N" "$WORK" <<'PY'
import json, math, random, sys
n, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
def item(i, shift=0.0):
    return {"a": round(0.6 + 1.2 * rng.random(), 6), "b": round(-2.5 + 5 * i / (n - 1) + shift + 0.3 * (rng.random() - 0.5), 6),
            "c": round(0.05 + 0.2 * rng.random(), 6)}
base = [dict(id="A%04d" % i, **item(i)) for i in range(n)]
new = [dict(id="B%04d" % i, **item(i, 0.4)) for i in range(n)]
for k in range(n // 4):  # anchors: every 4th base item, re-expressed on the new scale (A = 1.2, B = 0.3)
    b = base[4 * k]
    new[4 * k] = {"id": b["id"], "a": round(b["a"] * 1.2, 6), "b": round((b["b"] - 0.3) / 1.2, 6), "c": b["c"]}
for name, items in (("base", base), ("new", new)):
    doc = {"format": 1, "model": "3pl", "scaling_constant": 1.7, "form": name, "date": "2026-11-01",
           "latent": {"mean": 0, "sd": 1}, "items": items}
    json.dump(doc, open(f"{work}/{name}.json", "w"))
open(f"{work}/scale.yml", "w").write("range: [200, 350]\npassing_score: 300\ncut: {theta: 0.3}\nmapping: piecewise-raw\n")
PY
run() {
  local label="$1"; shift
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null || [ $? -eq 1 ]
  end=$EPOCHREALTIME
  awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%-44s %8.3f s\n", l, e - s }'
}
echo "itembench equating benchmark: $N items per form, $((N / 4)) anchors, release build"
for method in mean-sigma haebara stocking-lord; do
  run "link --method $method" "$BIN" link --base "$WORK/base.json" --new "$WORK/new.json" --method "$method" --out "$WORK/linked.json"
done
run "link --method haebara --symmetric" "$BIN" link --base "$WORK/base.json" --new "$WORK/new.json" --method haebara --symmetric
run "scale-table (true-score)" "$BIN" scale-table --base "$WORK/base.json" --new "$WORK/linked.json" --scale "$WORK/scale.yml" --out "$WORK/t.csv"
run "scale-table (observed-score)" "$BIN" scale-table --base "$WORK/base.json" --new "$WORK/linked.json" --scale "$WORK/scale.yml" --method observed-score --out "$WORK/o.csv"
