#!/usr/bin/env bash
# Builds ItemBench's libFuzzer targets (swiftc -sanitize=fuzzer, release) and runs each for a
# bounded time on a seed corpus made from the shipped files. Prints, per target, the executions
# and whether it crashed; exits 1 when any target found a crash (the input is kept under
# .build-fuzz/artifacts/ to become a regression test).
#
# Usage: Tools/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]    (default 60 s, every target)
# Targets: FuzzItemFiles FuzzResponses FuzzParameters FuzzScale FuzzSettings
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzItemFiles FuzzResponses FuzzParameters FuzzScale FuzzSettings)

work="$root/.build-fuzz"
mkdir -p "$work/artifacts"

echo "== build fuzz targets (release, -sanitize=fuzzer)"
(cd Tools/fuzz && swift build -c release --build-path "$work/build" \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >/dev/null)
bin="$(cd Tools/fuzz && swift build -c release --build-path "$work/build" --show-bin-path)"

# Seed corpora from the shipped files (small files whole; large response files as their first
# lines, which libFuzzer can mutate within its length limit).
seed() {
  local target="$1" dir="$work/corpus/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$target" in
    FuzzItemFiles)
      # Every file is read to the end (awk, not head): under pipefail a reader that stops early
      # kills find with SIGPIPE and the script with exit 141 once there are more files than that.
      find Items -name '*.yml' | LC_ALL=C sort | awk 'NR <= 200' | while read -r f; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done
      find Tests/ItemBankTests/Fixtures Tests/BlueprintCoverageTests/Fixtures -name '*.yml' 2>/dev/null | LC_ALL=C sort | awk 'NR <= 100' |
        while read -r f; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    FuzzResponses)
      for f in Items/responses/*.csv; do head -c 3000 "$f" > "$dir/$(basename "$f")"; done
      printf 'candidate,Q1,Q2,Q3\nc1,A,B,\nc2,B,NR,D\nc3,.,A,C\n' > "$dir/letters.csv"
      printf 'Q1,Q2,Q3\n1,0,\n0,1,1\n' > "$dir/binary.csv" ;;
    FuzzParameters)
      find Tests/EquatingTests/Fixtures -name '*.json' | while read -r f; do cp "$f" "$dir/$(basename "$f")"; done
      printf 'id,a,b,c,se_a,se_b,se_c\nQ1,1.2,-0.5,0.2,0.1,0.05,\nQ2,0.8,1,0,,,\n' > "$dir/params.csv"
      printf '{"model": "slip", "items": [{"id": "S1", "a": 1.5, "b": 0.25, "parameters": {"a": 1.5, "b": 0.25, "d": 0.9}, "se": {"d": 0.02}}, {"id": "S2", "a": 0.8, "b": -1, "c": 0.2, "model": "3pl"}]}\n' > "$dir/slip.json" ;;
    FuzzScale)
      cp Items/scales/*.yml "$dir/"
      printf 'format: 1\nrange: {min: 0, max: 100}\npassing_score: 70\ncut: {raw: 24}\nmapping: piecewise-raw\nrounding: floor\ndecimals: 1\nclamp: false\n' > "$dir/piecewise.yml" ;;
    FuzzSettings)
      cp itembench.yml "$dir/project.yml"
      cp Examples/demo/itembench.yml "$dir/demo-project.yml"
      printf 'disabled_rules: [negative-stem]\noption-count: {count: 4, severity: error}\ncustom_rules:\n  no-trick: {regex: "(?i)trick", fields: [stem], message: avoid, severity: warning}\n' > "$dir/lint.yml"
      {
        printf 'format: 1\nmodel: 3pl\nscaling_constant: 1.000000\nparameterization: "3PL"\nscale:\n'
        printf '  defined_by: a1\n  reference_form: f1\n  population: {mean: 0.000000, sd: 1.000000}\n'
        printf 'administrations:\n  - {id: a1, form: f1, date: "2026-05-01", candidates: 200, placement: defines-scale, anchors: [], dropped: []}\n'
        printf '  - {id: a2, form: f2, date: null, candidates: 150, placement: linked, method: stocking-lord, A: 1.02, B: -0.1, anchors: [Q1], dropped: []}\n'
        printf 'reference:\n  - {id: Q1, a: 1.1, b: 0.4, c: 0.2}\n'
        printf 'items:\n  - {id: Q1, status: operational, a: 1.1, b: 0.4, c: 0.2, se_a: 0.05, se_b: 0.05, se_c: 0.02, r_ab: 0.7, r_ac: 0.8, r_bc: 0.9, administration: a1, placement: defines-scale, role: scored, dropped_as_anchor: []}\n'
        printf 'history:\n  - {id: Q1, event: observed, a: 1.2, b: 0.3, c: 0.2, se_a: null, se_b: null, se_c: null, administration: a2, placement: linked, role: anchor, drift_z: -1.7}\n'
      } > "$dir/bank.yml" ;;
  esac
}

status=0
summary=""
for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target for ${seconds} s"
  log="$work/$target.log"
  set +e
  # The Swift runtime's backtracer would take the crash signal before libFuzzer could write the
  # crashing input to artifacts/; with it off, libFuzzer keeps the input.
  SWIFT_BACKTRACE=enable=no "$bin/$target" "$work/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" >"$log" 2>&1
  code=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ "$code" -ne 0 ]; then
    status=1
    summary+="$target: $runs executions, CRASH (exit $code; see $log and $work/artifacts/)"$'\n'
    grep -m 5 -E 'ERROR|Fatal error|SUMMARY|Test unit written' "$log" || true
  else
    summary+="$target: $runs executions, no crash"$'\n'
  fi
done
echo "== fuzzing summary (${seconds} s per target)"
printf '%s' "$summary"
exit "$status"
