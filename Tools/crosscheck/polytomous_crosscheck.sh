#!/usr/bin/env bash
# Cross-checks ItemBench's polytomous models against independent references, through the CLI:
#
#  1. `itembench mixed calibrate` on the Science data (4 items, 4 categories) under the GRM and
#     the GPCM against mirt's published estimates and an independent BFGS maximum-likelihood fit
#     on the same quadrature (Tests/Fixtures/polytomous/*-published.json, *-reference.json).
#  2. `itembench mixed equate` (IRT true-score equating of a 3PL + GPCM + GRM form) against
#     EqUMP 0.3.6 on the same parameters (Tools/crosscheck/eqump_mixed_true_score.py).
#
# Usage: Tools/crosscheck/polytomous_crosscheck.sh [--install]
#   --install  creates /work/venvs/eqump with EqUMP from PyPI first (needs network).
# Prints one line per comparison with the largest difference, and exits 1 if any exceeds its
# tolerance (1e-4 against the exact optimum, 0.04 against mirt's printed values, 1e-6 against EqUMP).
set -euo pipefail
cd "$(dirname "$0")/../.."
fixtures=Tests/Fixtures/polytomous
venv=${EQUMP_VENV:-/work/venvs/eqump}
if [[ "${1:-}" == "--install" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet EqUMP==0.3.6
fi
swift build -c release --product itembench >/dev/null
itembench=$(swift build -c release --show-bin-path)/itembench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$fixtures/science.csv" "$work/science4.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keep = ["Comfort", "Work", "Future", "Benefit"]
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out); w.writerow(keep)
    for r in rows: w.writerow([r[k] for k in keep])
PY
status=0
for model in grm gpcm; do
  "$itembench" mixed calibrate "$work/science4.csv" --model "$model" --tolerance 1e-8 --out "$work/$model.json"
  python3 - "$work/$model.json" "$fixtures/science-$model-reference.json" "$fixtures/science-$model-published.json" "$model" <<'PY' || status=1
import json, sys
ours = {i["id"]: i for i in json.load(open(sys.argv[1]))["items"]}
mine = json.load(open(sys.argv[1]))
def compare(items, label, tolerance, ll=None, lltol=None):
    worst = 0.0
    for ref in items:
        o = ours[ref["id"]]
        worst = max(worst, abs(o["a"] - ref["a"]), *[abs(x - y) for x, y in zip(o["thresholds"], ref["thresholds"])])
    ok = worst <= tolerance
    line = f"{sys.argv[4]:5s} vs {label:42s} largest parameter difference {worst:.2e} (tolerance {tolerance:g})"
    if ll is not None:
        d = abs(mine["log_likelihood"] - ll); ok = ok and d <= lltol
        line += f", log-likelihood {mine['log_likelihood']:.6f} vs {ll:.6f} (difference {d:.1e})"
    print(("ok   " if ok else "FAIL ") + line)
    return ok
reference = json.load(open(sys.argv[2]))["fits"]["rect61"]
published = json.load(open(sys.argv[3]))
a = compare(reference["items"], "independent ML fit, 61-point grid", 1e-4, reference["logLikelihood"], 1e-5)
b = compare(published["items"], "mirt published estimates", 0.04, published["logLikelihood"], 0.005)
sys.exit(0 if a and b else 1)
PY
done

if [[ -x "$venv/bin/python" ]]; then
  python3 - "$fixtures/mixed-equating-parameters.json" "$work" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for role in ("base", "new"):
    items = []
    for i in d[role]:
        if i["model"] in ("gpcm", "grm"):
            items.append({"id": i["id"], "model": i["model"], "a": i["a"], "thresholds": i["thresholds"]})
        else:
            items.append({"id": i["id"], "model": i["model"], "a": i["a"], "b": i["b"], "c": i.get("c", 0)})
    json.dump({"format": 1, "model": "mixed", "scaling_constant": d["scalingConstant"], "items": items},
              open(f"{sys.argv[2]}/{role}.json", "w"))
PY
  "$itembench" mixed equate --base "$work/base.json" --new "$work/new.json" --out "$work/ours.csv"
  "$venv/bin/python" Tools/crosscheck/eqump_mixed_true_score.py "$fixtures/mixed-equating-parameters.json" --with-theta >"$work/eqump.csv"
  python3 - "$work/ours.csv" "$work/eqump.csv" <<'PY' || status=1
import csv, sys
ours = {int(r["raw"]): float(r["equated"]) for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))}
rows = list(csv.DictReader(open(sys.argv[2])))
worst, n = 0.0, 0
for r in rows:
    if r.get("method", "eqump") != "eqump":
        continue
    worst = max(worst, abs(ours[int(r["score"])] - float(r["equated"]))); n += 1
ok = n > 0 and worst <= 1e-6
print(("ok   " if ok else "FAIL ") + f"mixed true-score equating vs EqUMP: {n} raw scores, largest difference {worst:.2e} (tolerance 1e-6)")
sys.exit(0 if ok else 1)
PY
else
  echo "skip mixed true-score equating vs EqUMP: no EqUMP at $venv (run with --install)"
fi
exit $status
