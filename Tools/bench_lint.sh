#!/usr/bin/env bash
# Benchmark: `itembench lint` (release) against `yamllint` on the same generated item bank.
#
# Generates N item files (default 10,000) with a blueprint into a temporary directory, then times
#   itembench lint DIR --reporter json      (every item-writing rule, near-duplicates, …)
#   yamllint -d relaxed DIR                 (YAML style only)
# and prints both wall-clock times and their ratio. Installs yamllint with pip if it is missing.
#
# Usage: Tools/bench_lint.sh [N]        (run from anywhere; builds itembench in release mode)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"

echo "== build (release)"
swift build -c release --product itembench >/dev/null
binary="$(swift build -c release --show-bin-path)/itembench"

if ! command -v yamllint >/dev/null 2>&1; then
  echo "== pip install yamllint"
  python3 -m pip install --quiet yamllint
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bank="$work/Items"

echo "== generate $count items in $bank"
python3 - "$bank" "$count" <<'PY'
import os, random, sys

root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261125)
domains = ["inventory", "demand-planning", "supply-planning", "logistics", "quality", "strategy"]
os.makedirs(os.path.join(root, "blueprints"), exist_ok=True)
with open(os.path.join(root, "blueprints", "bench.yml"), "w") as f:
    f.write("format: 1\nid: bench\nexam: Benchmark exam\nform_length: 120\nscored: 100\npretest: 20\n")
    f.write("weights:\n  unit: percent\n  source: generated\ndomains:\n")
    for index, domain in enumerate(domains):
        weight = 100 - 16 * (len(domains) - 1) if index == 0 else 16
        f.write(f"  - id: {domain}\n    title: {domain.title()}\n    weight: {weight}\n    tolerance: 2\n")

# A vocabulary of a few hundred words, so that stems overlap about as much as real ones do.
nouns = ("order supplier lot buffer capacity forecast schedule warehouse carrier shipment pallet "
         "backlog routing bottleneck kanban container budget tariff contract audit defect sample "
         "process operator machine tooling setup batch queue customer retailer distributor region "
         "plant product component assembly material vendor lead-time variance trend season "
         "inventory stock demand supply planner buyer manager analyst team cost price margin "
         "revenue profit cash invoice payment freight truck rail port dock yard lane route "
         "network node hub depot store shelf bin location zone aisle picker packer label barcode "
         "scanner system database report dashboard metric target goal plan policy rule standard "
         "procedure instruction specification drawing design prototype test inspection gauge "
         "tolerance limit range mean median deviation error bias signal alert exception issue "
         "risk hazard incident recall complaint return refund warranty service repair spare part "
         "tool fixture mold die press line cell station shift crew labor overtime training skill "
         "certificate license permit regulation law tax duty customs broker agent forwarder "
         "insurer bank lender investor owner partner alliance merger acquisition strategy mission "
         "vision value culture change project milestone phase gate review approval decision "
         "option scenario model simulation algorithm heuristic formula equation ratio index "
         "weight score rank priority sequence order-point reorder safety cycle pipeline "
         "anticipation hedge transit consignment dropship backorder stockout shortage surplus "
         "obsolescence shrinkage damage loss theft count cycle-count reconciliation adjustment").split()
verbs = ("increase reduce measure compare estimate schedule allocate release replenish inspect "
         "expedite consolidate negotiate forecast balance sequence approve review calculate "
         "determine identify select evaluate analyze improve monitor control track report "
         "document verify validate confirm adjust correct prevent detect eliminate minimize "
         "maximize optimize standardize automate outsource insource relocate postpone "
         "accelerate delay cancel split merge transfer ship receive store pick pack load").split()
adjectives = ("annual weekly seasonal critical regional central strategic tactical planned "
              "expected average standard actual minimum maximum local global daily monthly "
              "quarterly urgent routine new old primary secondary internal external direct "
              "indirect fixed variable total marginal net gross high low short long fast slow "
              "large small single multiple dependent independent stable volatile lean agile").split()

def sentence(words):
    parts = []
    for _ in range(words):
        parts.append(rng.choice(rng.choice((nouns, nouns, verbs, adjectives))))
    return " ".join(parts)

for number in range(1, count + 1):
    domain = domains[number % len(domains)]
    item_id = f"{domain[:3].upper()}-{number:05d}"
    directory = os.path.join(root, domain)
    os.makedirs(directory, exist_ok=True)
    key = "ABCD"[rng.randrange(4)]
    stem = (f"A {rng.choice(adjectives)} {rng.choice(nouns)} team must {rng.choice(verbs)} the "
            f"{sentence(rng.randrange(18, 40))}. Which action should the planner take first?")
    options = {letter: sentence(rng.randrange(3, 8)).capitalize() for letter in "ABCD"}
    with open(os.path.join(directory, item_id + ".yml"), "w") as f:
        f.write(f"format: 1\nid: {item_id}\nversion: 1\nstatus: operational\ndomain: {domain}\n")
        f.write(f"cognitive_level: {rng.choice(['recall', 'application', 'analysis'])}\n")
        f.write("stem: |\n")
        line = "  "
        for word in stem.split():
            if len(line) + len(word) > 96:
                f.write(line.rstrip() + "\n")
                line = "  "
            line += word + " "
        f.write(line.rstrip() + "\n")
        f.write("options:\n")
        for letter, text in options.items():
            f.write(f"  {letter}: {text}\n")
        f.write(f"key: {key}\nrationale:\n  key: {sentence(12).capitalize()}.\n  distractors:\n")
        for letter in "ABCD":
            if letter != key:
                f.write(f"    {letter}: {sentence(8).capitalize()}.\n")
        f.write(f"references:\n  - Operations management text, chapter {rng.randrange(1, 20)}\n")
        f.write(f"authors: [author{rng.randrange(40)}]\ntags: [{rng.choice(nouns)}]\n")
PY
files=$(find "$bank" -name '*.yml' | wc -l)
echo "   $files YAML files"

# itembench runs once to warm the page cache; then each command runs three times and the best
# wall-clock time is reported (the usual practice on a shared machine), with its CPU time
# (user + system) and the median wall-clock time (how noisy the machine was).
python3 - "$binary" "$bank" "$files" <<'PY'
import os, resource, subprocess, sys, time

binary, bank, files = sys.argv[1], sys.argv[2], sys.argv[3]

def measure(command, warm_up):
    if warm_up:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if result.returncode > 1:
            sys.exit(f"command failed ({result.returncode}): {' '.join(command)}")
        runs.append((wall, cpu))
    runs.sort()
    return runs[0][0], runs[0][1], runs[1][0]

lint = measure([binary, "lint", bank, "--reporter", "json"], warm_up=True)
yamllint = measure(["yamllint", "-d", "relaxed", bank], warm_up=False)  # files already cached
report = subprocess.run([binary, "lint", bank, "--reporter", "json"], capture_output=True, text=True)
findings = report.stdout.count('"rule"')
print(f"== results ({files} files, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f})")
print(f"itembench lint: {lint[0]:.3f} s wall, {lint[1]:.3f} s CPU, median {lint[2]:.3f} s  ({findings} findings)")
print(f"yamllint:       {yamllint[0]:.3f} s wall, {yamllint[1]:.3f} s CPU, median {yamllint[2]:.3f} s")
print(f"ratio yamllint / itembench lint: {yamllint[0] / lint[0]:.1f}x wall, {yamllint[1] / lint[1]:.1f}x CPU")
PY
