#!/usr/bin/env bash
# CI step for the technical report (issue 15): installs Debian's chromium, runs the cycle (which
# writes the program's report, output/report.html) and the two-form report on the shipped
# sample, and checks both in the headless browser
# (Tools/ci/check_report.py): no console messages, every section and plot present, the plotted
# conversion points equal to output/tables/<form>.csv, screenshots under output/.
# Run from the repository root. Exits non-zero on any failure.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  echo "report.sh: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi


swift build -c release --product itembench
BIN=$(swift build -c release --show-bin-path)/itembench

# The program run writes output/report.html (every administration); its progress line for the
# report step gives the render time.
progress="$(mktemp)"
"$BIN" cycle --output output >/dev/null 2>"$progress"
grep '\] report:' "$progress" || true
rm -f "$progress"
python3 Tools/ci/check_report.py output/report.html output/tables output --bank Items --program

# The two-form report from the run's calibrations (and its drift history), beside it.
start=$(date +%s.%N)
"$BIN" report --cycle-output output --out output/report-forms.html --timing
end=$(date +%s.%N)
echo "report.sh: itembench report (from the cycle's parameters) took $(python3 -c "print(f'{$end - $start:.2f}')") s"
python3 Tools/ci/check_report.py output/report-forms.html output/tables output/report-forms-screenshots --bank Items
