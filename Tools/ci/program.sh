#!/usr/bin/env bash
# CI check for the exam program (issues 11 and 13): the shipped full-size three-administration
# program (./itembench.yml, release build) runs, its outputs are byte-identical across two runs
# (the run time is printed), form C's pre-equated table from the bank file alone
# (`scale-table --pre-equate`) equals the one the program wrote, and a killed run leaves the
# previous output in place. Needs only the Swift toolchain; run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."

swift build -c release >/dev/null
bin=.build/release/itembench
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== the program, twice: byte-identical outputs"
start=$(date +%s.%N)
"$bin" cycle -q --output "$work/one" >/dev/null
end=$(date +%s.%N)
echo "program.sh: itembench cycle (full-size program, release) took $(python3 -c "print(f'{$end - $start:.2f}')") s"
"$bin" cycle -q --output "$work/two" >/dev/null
diff -r "$work/one" "$work/two"

if command -v python3 >/dev/null; then
  echo "== the run against the simulation's truth (Tools/compare_full_sample.py)"
  python3 Tools/compare_full_sample.py "$work/one"
fi

echo "== form C pre-equated from the bank after form B alone equals the program's pre-equated table"
"$bin" scale-table --pre-equate cpim-c --bank-scale "$work/one/2026-11-cpim-b/bank.yml" \
  --scale Items/scales/cpim-full.yml --out "$work/cpim-c-pre.csv" >/dev/null
# The bank file carries parameters to 6 decimals and the run uses them unrounded, so equated
# values may differ in the 4th decimal (seen at 3 of 131 raw scores); raw, scaled score and
# pass/fail must be identical, theta, equated and CSEM within 5e-4.
python3 - "$work/cpim-c-pre.csv" "$work/one/2027-05-cpim-c/tables/cpim-c-pre-equated.csv" <<'PY'
import sys
def rows(path):
    lines = [l.rstrip("\n").split(",") for l in open(path) if not l.startswith("#")]
    return lines[0], lines[1:]
(h1, a), (h2, b) = rows(sys.argv[1]), rows(sys.argv[2])
assert h1 == h2 and len(a) == len(b), "tables differ in shape"
for x, y in zip(a, b):
    for name, u, v in zip(h1, x, y):
        if name in ("raw", "scaled", "pass") or not u or not v:
            assert u == v, f"{name} differs at raw {x[0]}: {u} vs {v}"
        else:
            assert abs(float(u) - float(v)) <= 5e-4, f"{name} differs at raw {x[0]}: {u} vs {v}"
print(f"pre-equated tables agree ({len(a)} rows)")
PY

echo "== a killed run leaves the previous output complete"
before="$(cd "$work/one" && find . -type f | sort | xargs sha256sum)"
"$bin" cycle -q --output "$work/one" >/dev/null &
pid=$!
sleep 1
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
after="$(cd "$work/one" && find . -type f | sort | xargs sha256sum)"
[ "$before" = "$after" ] || { echo "error: the output changed after a killed run"; exit 1; }
echo "program checks passed"
