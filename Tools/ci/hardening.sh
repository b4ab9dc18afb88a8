#!/usr/bin/env bash
# CI step of the hardening work (issue 17): each libFuzzer target for a bounded time (60 s by
# default; FUZZ_SECONDS overrides). Exits non-zero when a target crashes. Run from the
# repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
Tools/fuzz/run.sh "${FUZZ_SECONDS:-60}"
