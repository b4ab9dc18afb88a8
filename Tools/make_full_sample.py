#!/usr/bin/env python3
"""Builds the shipped full-size program: three 150-question forms of blueprint cpim-full, their
simulated administrations and the truth behind them, as `itembench cycle` then runs them.

What it does, in order (everything seeded; rerunning it reproduces the committed files)
  0. Reset: items this script promoted on an earlier run (Items/responses/cpim-promotions.csv)
     get `status: pretest` back, so every run starts from the same bank.
  1. Truth: 3PL parameters (D = 1) for every item of the bank, drawn in id order with seed
     SEED_TRUTH, and distractor attractiveness weights (Dirichlet(1.2, 1.2, 1.2)) per item:
         a = exp(Normal(ln 1.1, 0.3)) clipped to [0.60, 2.00]
         c = Uniform(0.10, 0.25)
         b = m(level) + Normal(0, 0.9) clipped to [-2.2, 2.2]; m = -0.3 recall, 0 application,
             +0.3 analysis
     Written to Items/responses/cpim-true-parameters.csv (id,a,b,c). The program's scale is
     form A's calibration scale, on which A's group is N(0, 1); A's group is drawn from N(0, 1)
     on the true scale, so true and bank scale coincide up to sampling error.
  2. Prior field-test parameters (what the program knew of its operational items before form A:
     earlier tryouts, on the same scale): the truth with estimation noise, seed SEED_FIELD_TEST,
         a * exp(Normal(0, 0.10)), b + Normal(0, 0.15), c + Normal(0, 0.02) clipped to [0.05, 0.35]
     Written to Items/responses/cpim-field-test-parameters.csv for the operational items.
  3. Form A (cpim-a): `itembench assemble --blueprint cpim-full --assemble-anchors 30
     --objective max-info` at the scale's theta cut from the field-test parameters: 30 anchors (a
     miniature of the blueprint), 100 further scored items, 20 pretest items. Entries are put in
     a seeded administration order (anchors spread through the form) and the form file gets
     `administered: 2026-05-01`.
  4. Simulate A (20,000 candidates, theta ~ N(0, 1)); run `itembench cycle` on A alone; the
     bank after A holds A's pretest items on the scale with a recommendation. Those recommended
     `promote` become operational in their item files (logged in cpim-promotions.csv).
  5. Form B (cpim-b): assembled to A's TCC (objective tcc, reference cpim-a, A's anchors, A's
     promoted pretest items included as scored items, no other item of A) from the banked
     parameters (bank after A) and, for operational items the program has not administered yet,
     the field-test parameters. `administered: 2026-11-01`. Simulate B (15,000, N(0.30, 1.0)),
     run the program on A and B, promote B's pretest items recommended `promote`.
  6. Form C (cpim-c): assembled to A's TCC from the bank after B only (every scored item banked,
     so C is pre-equated before its responses exist): A's anchors, B's promoted items, items of
     A and B (each non-anchor item used at most twice over A, B, C), 20 new pretest items.
     `administered: 2027-05-01`. Simulate C (15,000, N(-0.15, 0.90)); one anchor drifts: the
     anchor of C in domain inventory whose true b is nearest 0 is DRIFT_SHIFT easier for C's
     candidates (written to cpim-true-drift.csv).
  7. The truth of the populations: Items/responses/cpim-true-populations.csv (form, candidates,
     theta mean and SD drawn and sampled, the true raw cut ceil(TCC_true(theta_cut)) over the
     form's scored items, true pass rate P(theta >= theta_cut), the sample's share of
     candidates with theta >= theta_cut, and the raw cut under the default scoring rule: the
     omit rate, rule_tau_at_cut = sum of (1 - omit rate) P(theta_cut) over the scored items as
     administered (drift included) and rule_raw_cut its ceiling) and cpim-true-theta.csv (each
     candidate's theta).

Responses (the format of docs/responses.md; drawn by Tools/response_draws.py): the key with
probability P(theta), otherwise a distractor by the item's weights; each cell omitted (empty)
with probability OMIT_RATE; a candidate runs out of time with probability STOP_RATE, stopping
uniformly within the last STOP_WINDOW positions, every later cell `NR`. Each form has its own generator (seed SEED_FORM +
form index) so one form's file does not depend on another's.

Run from the repository root after `swift build -c release`:
    python3 Tools/make_full_sample.py                        # the whole construction (~2 min)
    python3 Tools/make_full_sample.py --simulate-only        # only the responses and truth files
Needs Python 3 with numpy and PyYAML.
"""
import argparse
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from response_draws import draw_rows  # noqa: E402  (Tools/response_draws.py)

SEED_TRUTH = 20260401
SEED_FIELD_TEST = 20260402
SEED_ORDER = 20260403
SEED_FORM = 20260500
D = 1.0
LEVEL_MEAN = {"recall": -0.3, "application": 0.0, "analysis": 0.3}
OMIT_RATE = 0.01
STOP_RATE = 0.03
STOP_WINDOW = 25
DRIFT_SHIFT = -0.50
DRIFT_DOMAIN = "inventory"
SCALE = "Items/scales/cpim-full.yml"
RESPONSES = "Items/responses"
FORMS = [
    # form id, administration id, date, candidate prefix, candidates, theta mean, theta sd
    ("cpim-a", "2026-05-cpim-a", "2026-05-01", "A", 20000, 0.00, 1.00),
    ("cpim-b", "2026-11-cpim-b", "2026-11-01", "B", 15000, 0.30, 1.00),
    ("cpim-c", "2027-05-cpim-c", "2027-05-01", "C", 15000, -0.15, 0.90),
]
TITLES = {
    "cpim-a": "Full form A (base form: defines the program's scale)",
    "cpim-b": "Full form B (assembled to form A's TCC; post-equated through its anchors)",
    "cpim-c": "Full form C (assembled to form A's TCC from banked items; pre- and post-equated)",
}


def run(command, ok=(0,)):
    print("+ " + " ".join(command), file=sys.stderr)
    result = subprocess.run(command, text=True, capture_output=True)
    if result.returncode not in ok:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        sys.exit(f"error: {' '.join(command[:2])} exited {result.returncode}")
    return result


def write_text(path, text):
    """Writes atomically: a temporary file in the same directory, then a rename."""
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(temporary, path)


def load_items(root="Items"):
    """Item files by id (and their paths), skipping forms, blueprints and data folders."""
    items, paths = {}, {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and d not in ("responses", "scales", "parameters", "forms", "blueprints",
                                       "standard-setting"))
        for name in sorted(files):
            if name.endswith(".yml") and not name.startswith("."):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as handle:
                    data = yaml.safe_load(handle)
                if isinstance(data, dict) and "stem" in data:
                    items[data["id"]] = data
                    paths[data["id"]] = path
    return items, paths


def set_status(path, old, new):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    updated, count = re.subn(rf"(?m)^status: {old}$", f"status: {new}", text)
    if count != 1:
        sys.exit(f"error: {path}: expected one 'status: {old}' line")
    write_text(path, updated)


def theta_cut():
    with open(SCALE, encoding="utf-8") as handle:
        return float(yaml.safe_load(handle)["cut"]["theta"])


def prob(a, b, c, theta):
    return c + (1.0 - c) / (1.0 + np.exp(-D * a * (theta - b)))


def draw_truth(items):
    ids = sorted(items)
    rng = np.random.default_rng(SEED_TRUTH)
    n = len(ids)
    a = np.clip(np.exp(rng.normal(np.log(1.1), 0.3, n)), 0.60, 2.00)
    c = rng.uniform(0.10, 0.25, n)
    level = np.array([LEVEL_MEAN[items[i]["cognitive_level"]] for i in ids])
    b = np.clip(level + rng.normal(0.0, 0.9, n), -2.2, 2.2)
    weights = {i: rng.dirichlet([1.2, 1.2, 1.2]) for i in ids}
    truth = {i: (round(float(a[k]), 3), round(float(b[k]), 3), round(float(c[k]), 3)) for k, i in enumerate(ids)}
    return truth, weights


def field_test(truth, operational):
    rng = np.random.default_rng(SEED_FIELD_TEST)
    ids = sorted(truth)
    noise = rng.normal(size=(len(ids), 3))
    rows = {}
    for k, i in enumerate(ids):
        a, b, c = truth[i]
        if i in operational:
            rows[i] = (a * math.exp(0.10 * noise[k, 0]), b + 0.15 * noise[k, 1], min(0.35, max(0.05, c + 0.02 * noise[k, 2])))
    return rows


def parameter_csv(path, rows):
    lines = ["id,a,b,c"] + [f"{i},{a:.3f},{b:.3f},{c:.3f}" for i, (a, b, c) in sorted(rows.items())]
    write_text(path, "\n".join(lines) + "\n")


def bank_parameters(bank_path):
    """(a, b, c), status and recommendation of every item in a bank-scale file."""
    with open(bank_path, encoding="utf-8") as handle:
        bank = yaml.safe_load(handle)
    return {e["id"]: e for e in bank["items"]}


def order_form(form_id, entries):
    """A seeded administration order: anchors spread evenly, the rest shuffled around them."""
    rng = np.random.default_rng(SEED_ORDER + [f[0] for f in FORMS].index(form_id))
    anchors = [e for e in entries if e["role"] == "anchor"]
    others = [e for e in entries if e["role"] != "anchor"]
    anchors = [anchors[k] for k in rng.permutation(len(anchors))]
    others = [others[k] for k in rng.permutation(len(others))]
    n = len(entries)
    slots = {round((k + 0.5) * n / len(anchors) - 0.5) for k in range(len(anchors))}
    ordered, ai, oi = [], 0, 0
    for position in range(n):
        if position in slots and ai < len(anchors):
            ordered.append(anchors[ai]); ai += 1
        else:
            ordered.append(others[oi]); oi += 1
    return ordered


def write_form(form_id, assembled_path, date, notes):
    with open(assembled_path, encoding="utf-8") as handle:
        assembled = yaml.safe_load(handle)
    entries = order_form(form_id, [{"id": e["id"], "role": e["role"]} for e in assembled["items"]])
    lines = [
        "format: 1", f"id: {form_id}", f"title: \"{TITLES[form_id]}\"", "blueprint: cpim-full",
        f'administered: "{date}"', "notes: >-",
    ]
    words, line = notes.split(), "  "
    for word in words:
        if len(line) + len(word) > 98:
            lines.append(line.rstrip()); line = "  "
        line += word + " "
    lines.append(line.rstrip())
    lines.append("items:")
    lines += [f"  - {{id: {e['id']}, role: {e['role']}}}" for e in entries]
    write_text(f"Items/forms/{form_id}.yml", "\n".join(lines) + "\n")


def read_form(form_id):
    with open(f"Items/forms/{form_id}.yml", encoding="utf-8") as handle:
        form = yaml.safe_load(handle)
    return [(e["id"], e["role"]) for e in form["items"]]


def drift_item(entries, items, truth):
    anchors = [i for i, r in entries if r == "anchor" and items[i]["domain"] == DRIFT_DOMAIN]
    return min(anchors, key=lambda i: (abs(truth[i][1]), i))


def as_administered(params, drift):
    """The parameters as the form's candidates meet them: the drifting item's b shifted by the
    drift (id, b_shift), rounded to 3 decimals as the truth is; `params` itself is not changed."""
    if not drift:
        return params
    a, b, c = params[drift[0]]
    return {**params, drift[0]: (a, round(b + drift[1], 3), c)}


def simulate(index, entries, items, truth, weights, drift=None):
    form_id, _, _, prefix, count, mean, sd = FORMS[index]
    rng = np.random.default_rng(SEED_FORM + index)
    ids = [i for i, _ in entries]
    params = as_administered({i: truth[i] for i in ids}, drift)
    a = np.array([params[i][0] for i in ids])
    b = np.array([params[i][1] for i in ids])
    c = np.array([params[i][2] for i in ids])
    theta, rows, counts = draw_rows(rng, prefix, count, mean, sd, a, b, c, [items[i]["key"] for i in ids],
                                    [weights[i] for i in ids], OMIT_RATE, STOP_RATE, STOP_WINDOW, D)
    write_text(f"{RESPONSES}/{form_id}.csv", "candidate_id," + ",".join(ids) + "\n" + "\n".join(rows) + "\n")
    cells = count * len(ids)
    print(f"{form_id}.csv: {count} candidates, theta mean {theta.mean():.3f} sd {theta.std(ddof=1):.3f}, "
          f"omits {100 * counts['omitted'] / cells:.2f}%, not reached {100 * counts['not_reached'] / cells:.2f}% "
          f"({counts['stopped']} candidates stopped)", file=sys.stderr)
    return theta


def project_text(upto, output):
    lines = [
        "# ItemBench project file: `itembench cycle` reads it from the working directory.",
        "# The shipped full-size program (docs/sample-bank.md, docs/cycle.md): three 150-question",
        "# forms of blueprint cpim-full; built by Tools/make_full_sample.py. The small demonstration",
        "# program is Examples/demo/itembench.yml (`itembench cycle --config Examples/demo/itembench.yml`).",
        "format: 2", "bank: Items", f"output: {output}", "blueprint: cpim-full", f"scale: {SCALE}",
        "administrations:",
    ]
    for form_id, adm, date, *_ in FORMS[:upto]:
        lines.append(f'  - {{id: {adm}, form: {form_id}, responses: {RESPONSES}/{form_id}.csv, date: "{date}"}}')
    lines += [
        "calibration: {model: 3pl, scaling_constant: 1}",
        "linking: {method: stocking-lord, placement: separate}",
        "drift: {alpha: 0.05, action: drop, minimum_anchors: 5}",
        "equating: {method: true-score}",
    ]
    return "\n".join(lines) + "\n"


def run_program(itembench, upto, work):
    project = os.path.join(work, f"project-{upto}.yml")
    output = os.path.join(work, f"out-{upto}")
    write_text(project, project_text(upto, output))
    run([itembench, "cycle", "--config", project, "-q"], ok=(0, 1))
    return os.path.join(output, "bank.yml")


def promote(bank, pretest_ids, paths, log, form_id):
    promoted = []
    for i in sorted(pretest_ids):
        entry = bank.get(i)
        if entry and entry.get("recommendation") == "promote":
            set_status(paths[i], "pretest", "operational")
            promoted.append(i)
            log.append((i, form_id))
    print(f"{form_id}: {len(promoted)} of {len(pretest_ids)} pretest items promoted", file=sys.stderr)
    return promoted


def includes(ids):
    return [x for i in ids for x in ("--include", i)]


def assemble(itembench, work, form_id, parameters, extra):
    out = os.path.join(work, f"assembly-{form_id}")
    command = [itembench, "assemble", "--blueprint", "cpim-full", "--parameters", parameters, "--forms", "1",
               "--form-id", form_id, "--out-dir", out, "--scale", SCALE, "--seed", "1", "--reproducible",
               "--force"] + extra
    result = run(command)
    print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "", file=sys.stderr)
    shutil.copyfile(os.path.join(out, "assembly-report.md"), os.path.join(work, f"{form_id}-assembly-report.md"))
    return os.path.join(out, f"{form_id}.yml")


PRETEST_PER_DOMAIN = {  # largest-remainder split of 20 over the cpim-full weights
    "supply-chains-strategy": 3, "sales-operations-planning": 2, "demand": 2, "supply": 3,
    "detailed-schedules": 2, "inventory": 3, "distribution": 2, "quality-technology-improvement": 3,
}


def choose_pretest(items, used, form_index):
    """20 pretest items for a form, spread over the domains as PRETEST_PER_DOMAIN: in each domain
    a seeded draw from the pretest items not tried on an earlier form, never two enemies."""
    rng = np.random.default_rng(SEED_ORDER + 10 + form_index)
    chosen = []
    for domain, count in PRETEST_PER_DOMAIN.items():
        pool = sorted(i for i, item in items.items()
                      if item["domain"] == domain and item["status"] == "pretest" and i not in used)
        picked = []
        for k in rng.permutation(len(pool)):
            candidate = pool[k]
            enemies = set(items[candidate].get("enemies") or [])
            if enemies & set(chosen + picked):
                continue
            picked.append(candidate)
            if len(picked) == count:
                break
        if len(picked) < count:
            sys.exit(f"error: domain {domain} has only {len(picked)} untried pretest items, {count} needed")
        chosen += sorted(picked)
    return chosen


def true_raw_cut(entries, truth, cut):
    scored = [i for i, r in entries if r != "pretest"]
    tau = sum(float(prob(*truth[i], cut)) for i in scored)
    return tau, math.ceil(tau - 1e-9)


def rule_raw_cut(entries, truth, cut, drift=None):
    """The expected raw score at theta_cut under the default scoring rule (omitted wrong
    everywhere, not-reached wrong in scores but left out of calibration), which is what a TCC
    calibrated from the responses estimates: each scored item contributes (1 - OMIT_RATE) P(theta)
    with the item as administered (the drifted b on the drifting form). Not-reached responses do
    not enter: calibration leaves them out, so the fitted TCC does not carry them."""
    params = as_administered(truth, drift)
    scored = [i for i, r in entries if r != "pretest"]
    tau = sum((1.0 - OMIT_RATE) * float(prob(*params[i], cut)) for i in scored)
    return tau, math.ceil(tau - 1e-9)


def pseudo_true_3pl(a, b, c, mean, sd):
    """The 3PL an unlimited calibration converges to when every omit counts wrong: the response
    curve is then (1 - OMIT_RATE) P(theta), which no 3PL matches (its upper asymptote is below
    1), and marginal maximum likelihood tends to the 3PL closest to it in Kullback-Leibler
    divergence over the form's population N(mean, sd). Found by Fisher scoring on the expected
    log-likelihood sum_q w_q [p*_q log P_q + (1 - p*_q) log(1 - P_q)] over 121 equally spaced
    points on mean +- 6 sd with normal weights, from the true (a, b, c), halving a step until the objective does
    not decrease and 0 < c < 1, until the largest step is below 1e-10 (at most 200 iterations); no prior on c (at these sample sizes the Beta(5, 17)
    prior weighs about 20 candidates)."""
    q = np.linspace(mean - 6 * sd, mean + 6 * sd, 121)
    w = np.exp(-0.5 * ((q - mean) / sd) ** 2)
    w /= w.sum()
    target = (1.0 - OMIT_RATE) * prob(a, b, c, q)
    def curve(psi):
        return psi[2] + (1.0 - psi[2]) / (1.0 + np.exp(-D * psi[0] * (q - psi[1])))

    def objective(psi):
        p = curve(psi)
        return float(w @ (target * np.log(p) + (1.0 - target) * np.log(1.0 - p)))

    psi = np.array([a, b, c], dtype=float)
    value = objective(psi)
    for _ in range(200):
        pa, pb, pc = psi
        e = 1.0 / (1.0 + np.exp(-D * pa * (q - pb)))
        p = pc + (1.0 - pc) * e
        dp = np.stack([(1.0 - pc) * e * (1.0 - e) * D * (q - pb),
                       -(1.0 - pc) * e * (1.0 - e) * D * pa,
                       1.0 - e])
        scale = w / (p * (1.0 - p))
        step = np.linalg.solve((dp * scale) @ dp.T, dp @ (scale * (target - p)))
        # Halve the step until the expected log-likelihood does not decrease and c stays in (0, 1).
        for _ in range(30):
            trial = psi + step
            if 0.0 < trial[2] < 1.0 and trial[0] > 0.0 and objective(trial) >= value:
                break
            step = step / 2
        else:
            break
        psi, value = trial, objective(trial)
        if np.max(np.abs(step)) < 1e-10:
            break
    return tuple(psi)


def fitted_raw_cut(entries, truth, cut, mean, sd, drift=None):
    """The raw cut of the pseudo-true TCC (``pseudo_true_3pl`` for each scored item as
    administered) at theta_cut: what the program's table tends to at unlimited sample size."""
    params = as_administered(truth, drift)
    scored = [i for i, r in entries if r != "pretest"]
    tau = sum(float(prob(*pseudo_true_3pl(*params[i], mean, sd), cut)) for i in scored)
    return tau, math.ceil(tau - 1e-9)


def write_truth(items, truth, thetas, drift):
    cut = theta_cut()
    lines = ["form,candidates,theta_mean,theta_sd,sample_theta_mean,sample_theta_sd,theta_cut,true_tau_at_cut,"
             "true_raw_cut,true_pass_rate,sample_pass_rate,omit_rate,rule_tau_at_cut,rule_raw_cut,"
             "fitted_tau_at_cut,fitted_raw_cut"]
    for index, (form_id, _, _, _, count, mean, sd) in enumerate(FORMS):
        entries = read_form(form_id)
        tau, raw = true_raw_cut(entries, truth, cut)
        form_drift = drift if form_id == "cpim-c" else None
        rule_tau, rule_raw = rule_raw_cut(entries, truth, cut, form_drift)
        fitted_tau, fitted_raw = fitted_raw_cut(entries, truth, cut, mean, sd, form_drift)
        pass_rate = 0.5 * math.erfc((cut - mean) / (sd * math.sqrt(2)))
        theta = thetas[form_id]
        lines.append(f"{form_id},{count},{mean:.2f},{sd:.2f},{theta.mean():.4f},{theta.std(ddof=1):.4f},{cut:.4f},"
                     f"{tau:.3f},{raw},{pass_rate:.4f},{np.mean(theta >= cut):.4f},{OMIT_RATE:.2f},{rule_tau:.3f},{rule_raw},"
                     f"{fitted_tau:.3f},{fitted_raw}")
    write_text(f"{RESPONSES}/cpim-true-populations.csv", "\n".join(lines) + "\n")
    theta_lines = ["candidate_id,theta"]
    for form_id, _, _, prefix, count, _, _ in FORMS:
        theta_lines += [f"{prefix}{j + 1:05d},{t:.4f}" for j, t in enumerate(thetas[form_id])]
    write_text(f"{RESPONSES}/cpim-true-theta.csv", "\n".join(theta_lines) + "\n")
    item, shift = drift
    a, b, c = truth[item]
    write_text(f"{RESPONSES}/cpim-true-drift.csv",
               f"form,id,a,b,c,b_shift,b_on_form\ncpim-c,{item},{a:.3f},{b:.3f},{c:.3f},{shift:.3f},{b + shift:.3f}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--itembench", default=".build/release/itembench")
    parser.add_argument("--simulate-only", action="store_true", help="keep the forms; rewrite responses and truth")
    args = parser.parse_args()
    if not os.path.isfile("itembench.yml") or not os.path.isdir("Items"):
        sys.exit("error: run from the repository root")
    items, paths = load_items()
    truth, weights = draw_truth(items)
    parameter_csv(f"{RESPONSES}/cpim-true-parameters.csv", truth)
    thetas = {}

    if args.simulate_only:
        for index, (form_id, *_rest) in enumerate(FORMS):
            entries = read_form(form_id)
            drift = (drift_item(entries, items, truth), DRIFT_SHIFT) if form_id == "cpim-c" else None
            thetas[form_id] = simulate(index, entries, items, truth, weights, drift)
        write_truth(items, truth, thetas, (drift_item(read_form("cpim-c"), items, truth), DRIFT_SHIFT))
        return

    if not os.access(args.itembench, os.X_OK):
        sys.exit(f"error: {args.itembench} not found; run `swift build -c release` first")
    log_path = f"{RESPONSES}/cpim-promotions.csv"
    if os.path.exists(log_path):
        with open(log_path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if items[row["id"]]["status"] == "operational":
                    set_status(paths[row["id"]], "operational", "pretest")
        items, paths = load_items()
    operational = {i for i, item in items.items() if item["status"] == "operational"}
    prior = field_test(truth, operational)
    parameter_csv(f"{RESPONSES}/cpim-field-test-parameters.csv", prior)
    log = []
    for form_id, *_rest in FORMS:
        if os.path.exists(f"Items/forms/{form_id}.yml"):
            os.remove(f"Items/forms/{form_id}.yml")
    os.makedirs("docs/sample-assembly", exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="full-sample-") as work:
        # Form A: the base form, most informative at the cut, with an assembled anchor set.
        pretest_a = choose_pretest(items, set(), 0)
        path = assemble(args.itembench, work, "cpim-a", f"{RESPONSES}/cpim-field-test-parameters.csv",
                        ["--objective", "max-info", "--assemble-anchors", "30"] + includes(pretest_a))
        write_form("cpim-a", path, FORMS[0][2],
                   "Base form of the full-size program, assembled by Tools/make_full_sample.py with itembench "
                   "assemble (max-info at the theta cut, 30 assembled anchors) from the prior field-test parameters. "
                   "Its calibration defines the program's scale.")
        entries_a = read_form("cpim-a")
        thetas["cpim-a"] = simulate(0, entries_a, items, truth, weights)
        bank = bank_parameters(run_program(args.itembench, 1, work))
        promoted_a = promote(bank, [i for i, r in entries_a if r == "pretest"], paths, log, "cpim-a")

        # Form B: to A's TCC from the bank after A plus field-test values for items not yet given.
        params_b = dict(prior)
        params_b.update({i: (e["a"], e["b"], e["c"]) for i, e in bank.items()})
        parameter_csv(os.path.join(work, "params-b.csv"), params_b)
        # A's unique items and its pretest items not promoted are excluded; the promoted ones and
        # 20 new pretest items are included.
        pretest_b = choose_pretest(items, set(pretest_a), 1)
        excluded = [i for i, r in entries_a if r == "scored" or (r == "pretest" and i not in promoted_a)]
        extra = ["--objective", "tcc", "--reference", "cpim-a", "--anchors", "cpim-a"]
        extra += includes(promoted_a + pretest_b) + [x for i in excluded for x in ("--exclude", i)]
        path = assemble(args.itembench, work, "cpim-b", os.path.join(work, "params-b.csv"), extra)
        write_form("cpim-b", path, FORMS[1][2],
                   "Second full form, assembled by Tools/make_full_sample.py with itembench assemble to form A's TCC "
                   "(A's anchors; A's pretest items recommended promote now scored; no other item of A) from the "
                   "bank after A and prior field-test parameters. Post-equated through its anchors.")
        entries_b = read_form("cpim-b")
        thetas["cpim-b"] = simulate(1, entries_b, items, truth, weights)
        bank = bank_parameters(run_program(args.itembench, 2, work))
        promoted_b = promote(bank, [i for i, r in entries_b if r == "pretest"], paths, log, "cpim-b")

        # Form C: to A's TCC from banked items only, so it is pre-equated.
        banked = {i: (e["a"], e["b"], e["c"]) for i, e in bank.items() if e["status"] != "retired"}
        parameter_csv(os.path.join(work, "params-c.csv"), banked)
        extra = ["--objective", "tcc", "--reference", "cpim-a", "--anchors", "cpim-a", "--previous", "cpim-a",
                 "--previous", "cpim-b", "--max-uses", "2"]
        pretest_c = choose_pretest(items, set(pretest_a) | set(pretest_b), 2)
        extra += includes(promoted_b + pretest_c)
        path = assemble(args.itembench, work, "cpim-c", os.path.join(work, "params-c.csv"), extra)
        write_form("cpim-c", path, FORMS[2][2],
                   "Third full form, assembled by Tools/make_full_sample.py with itembench assemble to form A's TCC "
                   "from the bank after A and B only (A's anchors, B's pretest items recommended promote, items of "
                   "A and B), so it is pre-equated before its responses exist, then post-equated.")
        entries_c = read_form("cpim-c")
        drift = (drift_item(entries_c, items, truth), DRIFT_SHIFT)
        thetas["cpim-c"] = simulate(2, entries_c, items, truth, weights, drift)
        for form_id in ("cpim-a", "cpim-b", "cpim-c"):
            shutil.copyfile(os.path.join(work, f"{form_id}-assembly-report.md"),
                            f"docs/sample-assembly/{form_id}-assembly-report.md")
    write_text(log_path, "id,pretested_on\n" + "".join(f"{i},{f}\n" for i, f in log))
    write_truth(items, truth, thetas, drift)
    write_text("itembench.yml", project_text(3, "output"))
    print("done: forms cpim-a, cpim-b, cpim-c; responses and truth in Items/responses/; itembench.yml",
          file=sys.stderr)


if __name__ == "__main__":
    main()
