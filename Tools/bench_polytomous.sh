#!/usr/bin/env bash
# Polytomous calibration speed: `itembench mixed calibrate` (release) against girth's grm_mml and
# pcm_mml (its generalized partial credit estimator) on the same simulated data, in one run. CPU seconds (user + system) are the stable
# figure on a shared machine; wall seconds are printed too.
#
# Usage: Tools/bench_polytomous.sh [CANDIDATES] [ITEMS]   (default 10000 20; 4 score categories)
# Needs girth in /work/venvs/girth (python3 -m venv /work/venvs/girth && /work/venvs/girth/bin/pip
# install girth), or GIRTH_PYTHON pointing at a Python that has it.
set -euo pipefail
cd "$(dirname "$0")/.."
candidates=${1:-10000}
items=${2:-20}
python=${GIRTH_PYTHON:-/work/venvs/girth/bin/python}
swift build -c release --product itembench >/dev/null
itembench=$(swift build -c release --show-bin-path)/itembench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" - "$candidates" "$items" "$work" <<'PY'
import numpy as np, sys, csv
n, j, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(20261203)
theta = rng.standard_normal(n)
a = rng.uniform(0.7, 1.8, j)
b = np.sort(rng.normal(0, 1, (j, 3)), axis=1)
# GRM responses: P(X >= k) = expit(a (theta - b_k)).
cum = 1 / (1 + np.exp(-a[None, :, None] * (theta[:, None, None] - b[None, :, :])))
u = rng.uniform(size=(n, j, 1))
scores = (u < cum).sum(axis=2)
np.save(f"{out}/scores.npy", scores.T.astype(int))
with open(f"{out}/scores.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow([f"I{i+1}" for i in range(j)]); w.writerows(scores.tolist())
PY
measure() { # label, command...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  t1=$(date +%s.%N)
  read -r user sys <"$work/time"
  local cpu wall
  cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  wall=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
  echo "$label $cpu $wall"
}
echo "N = $candidates, J = $items, 4 categories (GRM data)"
printf '%-34s %10s %10s\n' "run" "CPU s" "wall s"
for model in grm gpcm; do
  read -r _ ours_cpu ours_wall < <(measure ours "$itembench" mixed calibrate "$work/scores.csv" --model "$model" --out "$work/$model.json")
  peer=${model/gpcm/pcm} # girth's generalized partial credit estimator is pcm_mml (it estimates slopes)
  read -r _ peer_cpu peer_wall < <(measure girth "$python" -c "import numpy as np, girth; girth.${peer}_mml(np.load('$work/scores.npy'))")
  printf '%-34s %10s %10s\n' "itembench mixed calibrate --model $model" "$ours_cpu" "$ours_wall"
  printf '%-34s %10s %10s\n' "girth ${peer}_mml" "$peer_cpu" "$peer_wall"
  python3 -c "print(f'  girth / itembench: {$peer_cpu / $ours_cpu:.1f}x CPU, {$peer_wall / $ours_wall:.1f}x wall')"
done
