#!/usr/bin/env bash
# CI check of the full-size sample (issue 13): Tools/make_full_sample.py --simulate-only
# regenerates the committed response and truth files of forms cpim-a, cpim-b and cpim-c byte for
# byte (into a copy, so the working tree is untouched). About 10 s of CPU. Needs python3 with
# numpy and PyYAML.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The committed files were drawn with numpy 2.4.6's default_rng (PCG64); numpy keeps the bit
# stream but not every distribution's algorithm across releases, so install that version.
if ! python3 -c 'import numpy, yaml' 2>/dev/null; then
  python3 -m pip install --quiet "numpy==2.4.6" pyyaml
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo"
cp -r Items Tools itembench.yml "$work/repo/"
(cd "$work/repo" && python3 Tools/make_full_sample.py --simulate-only 2>/dev/null)
for file in cpim-a.csv cpim-b.csv cpim-c.csv cpim-true-parameters.csv cpim-true-populations.csv \
  cpim-true-theta.csv cpim-true-drift.csv; do
  cmp "$work/repo/Items/responses/$file" "Items/responses/$file"
done
echo "full_sample.sh: Tools/make_full_sample.py --simulate-only reproduces Items/responses/cpim-*"
