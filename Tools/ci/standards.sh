#!/usr/bin/env bash
# CI checks of standard setting and candidate scores (docs/standard-setting.md, docs/scores.md):
#  1. Tools/simulate_panel.py reproduces the shipped panel files byte for byte;
#  2. `itembench scores` on form A gives the PRMSE values that Tools/check_prmse.py computes
#     independently (to 5e-5), with the same added-value decisions.
# Run from the repository root. Needs python3 with numpy and PyYAML (installed with pip if
# missing) and the Swift toolchain.
set -euo pipefail

# The python3 on PATH may not be Debian's (pyenv here), so its own pip installs what is missing.
if ! python3 -c 'import numpy, yaml' 2>/dev/null; then
  python3 -m pip install --quiet numpy pyyaml
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 Tools/simulate_panel.py --out "$work/panel"
for file in form-a-angoff.csv form-a-bookmark.csv form-a-hofstee.csv; do
  cmp "$work/panel/$file" "Items/standard-setting/$file"
done
echo "simulate_panel.py reproduces Items/standard-setting/"

swift build
bin=.build/debug/itembench
"$bin" cycle --config Examples/demo/itembench.yml --output "$work/cycle" --quiet
"$bin" scores Items/responses/form-a.csv --form form-a --table "$work/cycle/tables/form-a.csv" \
  --params "$work/cycle/parameters/form-a.json" --out "$work/scores" > /dev/null
python3 Tools/check_prmse.py > "$work/prmse.txt"
python3 - "$work/scores/scores.json" "$work/prmse.txt" <<'PY'
import json, re, sys
swift = {d["domain"]: d for d in json.load(open(sys.argv[1]))["domains"]}
failures = 0
for line in open(sys.argv[2]):
    match = re.match(r"(\S+): (\d+) items, PRMSE_s (\S+), PRMSE_x (\S+): (.*)$", line.strip())
    if not match:
        continue
    domain, _, s, x, verdict = match.groups()
    d = swift[domain]
    ok = abs(d["prmse_subscore"] - float(s)) < 5e-5 and abs(d["prmse_total"] - float(x)) < 5e-5
    ok = ok and d["added_value"] == (verdict == "added value")
    print(f"{domain}: swift {d['prmse_subscore']:.4f}/{d['prmse_total']:.4f}, python {s}/{x}: {'ok' if ok else 'MISMATCH'}")
    failures += 0 if ok else 1
sys.exit(1 if failures else 0)
PY
echo "PRMSE agrees with Tools/check_prmse.py"
