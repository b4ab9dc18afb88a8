#!/usr/bin/env bash
# Proves that ItemBench's SwiftPM plugins and its in-process extension API work (issue 7):
#   1. `swift package plugin --list` lists the command plugins;
#   2. `swift package lint-items` lints Items/ (when the package has it) and a given bank, passes
#      the linter's arguments and exit status through, and answers --help;
#   3. `swift package calibrate` and `swift package export-equating` run `itembench calibrate` /
#      `itembench cycle` (each checked once the subcommand exists in Sources/itembench);
#   4. a package that adopts ItemLintBuildPlugin (a copy of Tools/PluginDemo) prints the findings
#      of its bad items as `file:line:column: warning:` during `swift build`, stays silent when
#      nothing changed, re-lints when an item changes, and fails on an error-severity finding;
#   5. the example extension package (Tools/ExampleExtension) builds and its tests pass.
#
# Usage: Tools/check_plugins.sh        (from anywhere; CI calls it from .ci/run)
# Scratch files go to .build-plugins/ (ignored by git); build caches there are kept between
# runs. The closing line reads `check_plugins: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/.build-plugins
mkdir -p "$WORK"
LOG=$WORK/logs
rm -rf "$LOG" && mkdir -p "$LOG"

passed=0
failed=0
START=$SECONDS

ok() { passed=$((passed + 1)); echo "  ok: $*"; }
bad() { failed=$((failed + 1)); echo "  FAILED: $*"; }
skip() { echo "  skipped: $*"; }
step() { echo "== $* (t=$((SECONDS - START))s)"; }

# run NAME COMMAND...: runs COMMAND with output in $LOG/NAME.log; sets $status.
run() {
  local name=$1
  shift
  "$@" >"$LOG/$name.log" 2>&1
  status=$?
}

# expect_status NAME WANT: WANT is a number, or `nonzero`.
expect_status() {
  local name=$1 want=$2
  if [[ $want == nonzero && $status -ne 0 ]] || [[ $want == "$status" ]]; then
    ok "$name exits $status"
  else
    bad "$name exited $status, expected $want (log: $LOG/$name.log)"
    tail -n 30 "$LOG/$name.log" | sed 's/^/    | /'
  fi
}

# expect_log NAME REGEX [DESCRIPTION]: the log of NAME has a line matching REGEX (grep -E).
expect_log() {
  if grep -Eq -- "$2" "$LOG/$1.log"; then
    ok "$1: ${3:-$2}"
  else
    bad "$1: no line matches '$2' (log: $LOG/$1.log)"
    tail -n 30 "$LOG/$1.log" | sed 's/^/    | /'
  fi
}

# expect_no_log NAME REGEX [DESCRIPTION]: no line of the log of NAME matches REGEX.
expect_no_log() {
  if grep -Eq -- "$2" "$LOG/$1.log"; then
    bad "$1: unexpected line matching '$2' (log: $LOG/$1.log)"
    grep -E -- "$2" "$LOG/$1.log" | awk 'NR <= 5' | sed 's/^/    | /'
  else
    ok "$1: ${3:-no line matches $2}"
  fi
}

has_subcommand() { [[ -f Sources/itembench/Commands/$1Command.swift ]]; }

DEMO_ITEMS=Sources/ExamContent/Items

# --- 1. the plugins are visible -----------------------------------------------------------------
step "swift package plugin --list"
run plugin-list swift package plugin --list
expect_status plugin-list 0
for pair in lint-items:LintItemsPlugin calibrate:CalibratePlugin export-equating:ExportEquatingPlugin; do
  expect_log plugin-list "${pair%%:*}.+\(plugin .+${pair#*:}.+ItemBench" "lists ${pair%%:*}"
done

# --- 2. lint-items ------------------------------------------------------------------------------
step "swift package lint-items (builds the itembench tool for plugins on first use)"
run lint-items-help swift package lint-items --help
expect_status lint-items-help 0
expect_log lint-items-help "USAGE: swift package lint-items" "plugin usage"
expect_log lint-items-help "--reporter" "the options of itembench lint follow"

# A bank with warnings only: the demo's items (absolute path, outside Items/).
run lint-items-warnings swift package lint-items "$ROOT/Tools/PluginDemo/$DEMO_ITEMS"
expect_status lint-items-warnings 0
expect_log lint-items-warnings "INV-0002\.yml:[0-9]+:[0-9]+: warning: " "reports the bad item's warning"

# Arguments pass through: --strict turns the warning into a failure, JSON reporter.
run lint-items-strict swift package lint-items --strict "$ROOT/Tools/PluginDemo/$DEMO_ITEMS"
expect_status lint-items-strict nonzero
expect_log lint-items-strict "error: 'itembench lint .*' exited with status 1" "Diagnostics.error with the tool's status"
run lint-items-json swift package lint-items --reporter json "$ROOT/Tools/PluginDemo/$DEMO_ITEMS"
expect_status lint-items-json 0
expect_log lint-items-json '"(rule|ruleID|rule_id)"' "--reporter json is passed through"

# A bank with an error-severity finding fails.
rm -rf "$WORK/error-bank" && mkdir -p "$WORK/error-bank"
cp "Tools/PluginDemo/$DEMO_ITEMS/inventory/INV-0001.yml" "$WORK/error-bank/INV-0001.yml"
sed -i.orig 's/^key: .*/key: Z/' "$WORK/error-bank/INV-0001.yml" && rm -f "$WORK/error-bank/INV-0001.yml.orig"
run lint-items-errors swift package lint-items "$WORK/error-bank"
expect_status lint-items-errors nonzero
expect_log lint-items-errors "INV-0001\.yml:[0-9]+:[0-9]+: error: " "reports the error finding"
expect_log lint-items-errors "error: 'itembench lint .*' exited with status 1" "fails through Diagnostics.error"

if [[ -d Items ]]; then
  run lint-items-default swift package lint-items
  expect_status lint-items-default 0
  expect_log lint-items-default "." "lints Items/ (output above)"
else
  run lint-items-default swift package lint-items
  expect_status lint-items-default nonzero
  expect_log lint-items-default "error: no Items/ directory" "no Items/ yet: a clear error"
fi

# --- 3. calibrate and export-equating -----------------------------------------------------------
step "swift package calibrate"
run calibrate-permission swift package calibrate --help
expect_status calibrate-permission nonzero
expect_log calibrate-permission "wants permission to write to the package directory" "asks for write permission"
run calibrate-help swift package --allow-writing-to-package-directory calibrate --help
expect_status calibrate-help 0
expect_log calibrate-help "USAGE: swift package .*calibrate" "plugin usage"
if has_subcommand Calibrate; then
  expect_log calibrate-help "--model" "the options of itembench calibrate follow"
  CALIBRATE_FIXTURE=Tools/PluginDemo/calibration
  run calibrate-run swift package --allow-writing-to-package-directory calibrate \
    "$CALIBRATE_FIXTURE/responses.csv" --model rasch --no-bank -q --out "$WORK/rasch.json"
  expect_status calibrate-run 0
  if [[ -f $WORK/rasch.json ]] && grep -q '"model" *: *"rasch"' "$WORK/rasch.json"; then
    ok "calibrate-run wrote a Rasch parameter file"
  else
    bad "calibrate-run: no Rasch parameter file at $WORK/rasch.json"
  fi
  run calibrate-bad swift package --allow-writing-to-package-directory calibrate \
    "$CALIBRATE_FIXTURE/responses.csv" --model 9pl --no-bank
  expect_status calibrate-bad nonzero
  expect_log calibrate-bad "error: 'itembench calibrate .*' exited with status [1-9]" "a usage error fails the plugin"
else
  skip "itembench calibrate is not in this tree yet (Sources/itembench/Commands/CalibrateCommand.swift)"
fi

step "swift package export-equating"
run export-permission swift package export-equating
expect_status export-permission nonzero
expect_log export-permission "wants permission to write to the package directory" "asks for write permission"
run export-help swift package --allow-writing-to-package-directory export-equating --help
expect_status export-help 0
expect_log export-help "--output-folder <name>" "plugin usage"
run export-outside swift package --allow-writing-to-package-directory export-equating --output-folder ../elsewhere
expect_status export-outside nonzero
expect_log export-outside "error: --output-folder must be a relative path inside the package" "refuses a folder outside the package"
rm -rf "$WORK/equating-tables"
run export-run swift package --allow-writing-to-package-directory export-equating \
  --output-folder .build-plugins/equating-tables
if has_subcommand Cycle; then
  expect_status export-run 0
  expect_log export-run "Wrote [0-9]+ table file\(s\) to \.build-plugins/equating-tables/tables/" "reports the tables"
  if compgen -G "$WORK/equating-tables/tables/*" >/dev/null; then
    ok "export-run wrote $(ls "$WORK/equating-tables/tables" | wc -l | tr -d ' ') file(s) into .build-plugins/equating-tables/tables/"
  else
    bad "export-run: nothing in $WORK/equating-tables/tables/"
  fi
else
  skip "itembench cycle is not in this tree yet: checking only that the failure is reported"
  expect_status export-run nonzero
  expect_log export-run "error: 'itembench cycle --steps calibrate,link,equate,tables --output .*' exited with status" "reports the tool's failure"
fi

# --- 4. the build-tool plugin in an adopting package --------------------------------------------
step "swift build of a package adopting ItemLintBuildPlugin (copy of Tools/PluginDemo)"
# The copy sits two levels below the root, like the original, so its `../..` dependency holds.
DEMO=$WORK/PluginDemo
rm -rf "$DEMO" && mkdir -p "$DEMO"
(cd Tools/PluginDemo && tar cf - --exclude .build --exclude Package.resolved .) | (cd "$DEMO" && tar xf -)
DEMO_BUILD=(swift build --package-path "$DEMO" --scratch-path "$WORK/demo-scratch")
build_start=$SECONDS
run demo-build "${DEMO_BUILD[@]}"
echo "  (first build of the demo package: $((SECONDS - build_start)) s)"
expect_status demo-build 0
expect_log demo-build "^$DEMO/$DEMO_ITEMS/inventory/INV-0002\.yml:[0-9]+:[0-9]+: warning: .*\(negative-stem\)" "warning with absolute file:line:column and rule id"
expect_log demo-build "^$DEMO/SharedItems/demand/DEM-0001\.yml:[0-9]+:[0-9]+: warning: " "configured path (itembench-plugin.json) is linted"
expect_no_log demo-build "INV-0001\.yml:[0-9]+:[0-9]+: (warning|error)" "no finding on the good item"

# SwiftPM relinks the tool once in the build after a clean one (it re-wraps the modules' ASTs),
# and a changed tool rightly means a new lint; after that an unchanged build must be silent.
run demo-settle "${DEMO_BUILD[@]}"
expect_status demo-settle 0
run demo-rebuild "${DEMO_BUILD[@]}"
expect_status demo-rebuild 0
expect_no_log demo-rebuild "Linting|warning: " "nothing changed: no lint, no output"

# An error-severity finding fails the build; fixing it makes the build pass again.
cp "$DEMO/$DEMO_ITEMS/inventory/INV-0001.yml" "$WORK/INV-0001.yml.good"
sed -i.orig 's/^key: .*/key: Z/' "$DEMO/$DEMO_ITEMS/inventory/INV-0001.yml" && rm -f "$DEMO/$DEMO_ITEMS/inventory/INV-0001.yml.orig"
run demo-error "${DEMO_BUILD[@]}"
expect_status demo-error nonzero
expect_log demo-error "INV-0001\.yml:[0-9]+:[0-9]+: error: " "error finding in the build log"
cp "$WORK/INV-0001.yml.good" "$DEMO/$DEMO_ITEMS/inventory/INV-0001.yml"
run demo-fixed "${DEMO_BUILD[@]}"
expect_status demo-fixed 0
expect_log demo-fixed "Linting" "item changed: linted again"

# A new item file is picked up.
cp "$DEMO/$DEMO_ITEMS/inventory/INV-0002.yml" "$DEMO/$DEMO_ITEMS/inventory/INV-0003.yml"
sed -i.orig 's/^id: .*/id: INV-0003/' "$DEMO/$DEMO_ITEMS/inventory/INV-0003.yml" && rm -f "$DEMO/$DEMO_ITEMS/inventory/INV-0003.yml.orig"
run demo-new-item "${DEMO_BUILD[@]}"
expect_status demo-new-item 0
expect_log demo-new-item "INV-0003\.yml:[0-9]+:[0-9]+: warning: " "new item file linted"

# --- 5. the example extension package -----------------------------------------------------------
step "swift test --package-path Tools/ExampleExtension"
run extension-tests swift test --package-path Tools/ExampleExtension --scratch-path "$WORK/extension-scratch"
expect_status extension-tests 0
expect_log extension-tests "Test run with [0-9]+ tests? in [0-9]+ suites? passed" "Swift Testing run passed"

# The extension's rule in a command-line tool built on the libraries (Tools/ExampleExtension's
# extras-lint): it fires on an item whose id does not match its domain, not on the good one.
rm -rf "$WORK/prefix-bank" && mkdir -p "$WORK/prefix-bank"
cp "Tools/PluginDemo/$DEMO_ITEMS/inventory/INV-0001.yml" "$WORK/prefix-bank/INV-0001.yml"
sed 's/^id: INV-0001/id: DEM-0009/' "Tools/PluginDemo/$DEMO_ITEMS/inventory/INV-0001.yml" >"$WORK/prefix-bank/DEM-0009.yml"
run extension-cli swift run --package-path Tools/ExampleExtension --scratch-path "$WORK/extension-scratch" \
  extras-lint "$WORK/prefix-bank"
expect_status extension-cli 0
expect_log extension-cli "DEM-0009\.yml:2:5: warning: item id 'DEM-0009' does not start with 'INV-'.*\(id-domain-prefix\)" "custom rule fires on the bad item"
expect_no_log extension-cli "INV-0001\.yml:.*id-domain-prefix" "and not on the good one"

echo "== done in $((SECONDS - START)) s; logs in $LOG"
echo "check_plugins: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
