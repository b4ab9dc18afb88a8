#!/usr/bin/env python3
"""Puts the full-size program's results next to the simulation's truth.

Reads the program run's output (`itembench cycle`, default folder output/): program.csv (pass
rates, lowest passing raw scores, pre-equated cuts) and drift-history.csv; and the truth that
Tools/make_full_sample.py wrote: Items/responses/cpim-true-populations.csv (true raw cut
ceil(TCC_true(theta_cut)) over each form's scored items, the sample's share of candidates with
theta >= theta_cut) and cpim-true-drift.csv (the planted drift).

A pass rate is compared with the sample's true share above the cut; the observed rate differs
from it by misclassification near the cut (decision accuracy is in program.csv). The raw cut is
the lowest raw score whose equated value reaches the base form's cut; the truth's is the lowest
raw score at or above the form's true TCC at theta_cut.

Run:  python3 Tools/compare_full_sample.py [output]      (standard library only)
"""
import csv
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "output"
RESPONSES = "Items/responses"


def rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


truth = {r["form"]: r for r in rows(f"{RESPONSES}/cpim-true-populations.csv")}
program = rows(f"{OUT}/program.csv")
print("| form | candidates | true theta | pass rate | true share above cut | lowest passing raw | pre-equated | true raw cut |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
for r in program:
    t = truth.get(r["form"])
    if t is None:
        continue
    print(f"| {r['form']} | {r['candidates']} | N({float(t['theta_mean']):.2f}, {float(t['theta_sd']):.2f}) "
          f"| {100 * float(r['pass_rate']):.1f}% | {100 * float(t['sample_pass_rate']):.1f}% "
          f"| {r['lowest_passing_raw']} | {r['pre_equated_lowest_passing_raw'] or '–'} | {t['true_raw_cut']} |")

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
