#!/usr/bin/env bash
# CI step of form assembly (docs/assembly.md): installs COIN-OR CBC, builds ItemBench with the
# CBC trait and runs the comparison tests: on the shipped bank and on a synthetic bank of 1,000
# items the built-in solver's objective must be within 1 % of the optimum CBC proves (both are
# printed). Run from the repository root.
set -euo pipefail
if ! pkg-config --exists cbc 2>/dev/null; then
  apt-get update
  apt-get install -y coinor-libcbc-dev
fi
swift build --traits CBC --build-path .build-cbc --build-tests
swift test --traits CBC --build-path .build-cbc --skip-build --filter "FormAssemblyTests|CBCComparisonTests|AnchorMiniatureTests" 2>&1 | tee .build-cbc/assembly-tests.log
# The filter must have run the CBC comparison (a build without the trait would skip it silently).
grep -q "CBCComparisonTests" .build-cbc/assembly-tests.log || grep -q "syntheticThousandItemBankThreeFormsMaxInformation" .build-cbc/assembly-tests.log
grep -E "built-in .* CBC " .build-cbc/assembly-tests.log || true
