#!/usr/bin/env bash
# CI step of the polytomous models (docs/polytomous.md): installs EqUMP from PyPI into a virtual
# environment and runs Tools/crosscheck/polytomous_crosscheck.sh, which fails when the Science
# GRM/GPCM estimates leave the independent fit (1e-4) or mirt's published values (0.04), or the
# mixed-format true-score equating leaves EqUMP's (1e-6). Run from the repository root.
set -euo pipefail
venv="${EQUMP_VENV:-$PWD/.build-eqump}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import EqUMP" 2>/dev/null; then
  python3 -m venv "$venv" 2>/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
  "$venv/bin/pip" install --quiet EqUMP==0.3.6
fi
EQUMP_VENV="$venv" bash Tools/crosscheck/polytomous_crosscheck.sh
