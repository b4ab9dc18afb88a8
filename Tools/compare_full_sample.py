#!/usr/bin/env python3
"""Puts the full-size program's results next to the simulation's truth.

Reads the program run's output (`itembench cycle`, default folder output/): program.csv (pass
rates, lowest passing raw scores, pre-equated cuts), drift-history.csv and the forms' parameters
on the bank scale (parameters/<form>.json for the base form, <form>-on-<base>-scale.json for the
others); and the truth that Tools/make_full_sample.py wrote: Items/responses/cpim-true-
populations.csv and cpim-true-drift.csv (the planted drift).

A pass rate is compared with the sample's true share above the cut; the observed rate differs
from it by misclassification near the cut (decision accuracy is in program.csv). The raw cut is
the lowest raw score whose equated value reaches the base form's cut. Three truths stand beside
it, each the ceiling of a true score at theta_cut over the form's scored items:
  - all answered: sum of P(theta_cut) under the true parameters, as if nobody omitted;
  - under the rule: sum of (1 - omit rate) P(theta_cut), the expected score when omits count
    wrong (the default scoring rule; not-reached responses are left out of calibration, so the
    fitted TCC does not carry them), with the drifted item as administered on form C;
  - fitted 3PL: the same curves projected onto the 3PL family (the pseudo-true parameters an
    unlimited calibration without a c prior converges to; no 3PL has an upper asymptote below 1).
The program's own TCC at theta_cut (the fitted parameters on the bank scale) is printed too, so
the step from it to the lowest passing raw score can be read off.

Run:  python3 Tools/compare_full_sample.py [output]      (standard library only)
"""
import csv
import json
import math
import os
import re
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "output"
RESPONSES = "Items/responses"


def rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def scored_ids(form):
    """The ids of a form file's scored and anchor items (standard library only: the form files
    list one flow mapping per item, `- {id: X, role: R}`)."""
    with open(f"Items/forms/{form}.yml", encoding="utf-8") as handle:
        entries = re.findall(r"\{id: ([^,}]+), role: ([a-z]+)\}", handle.read())
    return [i for i, role in entries if role != "pretest"]


def program_tau(form, base, theta):
    """The program's TCC at theta over the form's scored items, from its bank-scale parameters."""
    name = f"{form}.json" if form == base else f"{form}-on-{base}-scale.json"
    path = os.path.join(OUT, "parameters", name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    d = float(document.get("scaling_constant", 1))
    items = {i["id"]: i for i in document["items"]}
    total = 0.0
    for i in scored_ids(form):
        a, b, c = items[i]["a"], items[i]["b"], items[i].get("c", 0.0)
        total += c + (1 - c) / (1 + math.exp(-d * a * (theta - b)))
    return total


truth = {r["form"]: r for r in rows(f"{RESPONSES}/cpim-true-populations.csv")}
program = rows(f"{OUT}/program.csv")
base = program[0]["form"] if program else None
print("| form | candidates | true theta | pass rate | true share above cut | lowest passing raw | pre-equated "
      "| true raw cut: all answered | under the rule | fitted 3PL | program's TCC at the cut |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in program:
    t = truth.get(r["form"])
    if t is None:
        continue
    tau = program_tau(r["form"], base, float(t["theta_cut"]))
    print(f"| {r['form']} | {r['candidates']} | N({float(t['theta_mean']):.2f}, {float(t['theta_sd']):.2f}) "
          f"| {100 * float(r['pass_rate']):.1f}% | {100 * float(t['sample_pass_rate']):.1f}% "
          f"| {r['lowest_passing_raw']} | {r['pre_equated_lowest_passing_raw'] or '–'} "
          f"| {t['true_raw_cut']} ({float(t['true_tau_at_cut']):.2f}) "
          f"| {t['rule_raw_cut']} ({float(t['rule_tau_at_cut']):.2f}) "
          f"| {t['fitted_raw_cut']} ({float(t['fitted_tau_at_cut']):.2f}) "
          f"| {'–' if tau is None else f'{tau:.2f}'} |")

planted = rows(f"{RESPONSES}/cpim-true-drift.csv")
planted_ids = {(p["form"], p["id"]) for p in planted}
forms = {r["administration"]: r["form"] for r in program}
print()
print("| administration | anchors screened | flagged | dropped | planted drift |")
print("| --- | ---: | --- | --- | --- |")
by_adm = {}
for r in rows(f"{OUT}/drift-history.csv"):
    by_adm.setdefault(r["administration"], []).append(r)
for adm, records in by_adm.items():
    flagged = [r["anchor"] for r in records if r["flagged"] == "true"]
    dropped = [r["anchor"] for r in records if r["action"] == "dropped"]
    plant = [f"{p['id']} b {float(p['b_shift']):+.2f}" for p in planted if p["form"] == forms.get(adm)]
    print(f"| {adm} | {len(records)} | {', '.join(flagged) or 'none'} | {', '.join(dropped) or 'none'} "
          f"| {', '.join(plant) or 'none'} |")
