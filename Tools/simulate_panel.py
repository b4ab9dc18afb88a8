#!/usr/bin/env python3
"""Simulates the sample standard-setting panel for form A (Angoff, Bookmark and Hofstee inputs).

Truth (documented in docs/standard-setting.md)
  The borderline ("minimally competent") candidate sits at TRUE_THETA = 0.10 on the simulation's
  theta scale (the scale of Items/responses/true-parameters.csv; form A's population is N(0, 1),
  which is also the scale calibration puts form A on). Items follow the 3PL with D = 1:
      P(correct | theta) = c + (1 - c) / (1 + exp(-a * (theta - b)))
  Ten raters R01 ... R10. Rater r has in mind a borderline candidate at TRUE_THETA + delta_r:
      round 1: delta_r ~ Normal(0, 0.25), except R07, a severe rater, at delta = +1.00
      round 2: delta_r halved (discussion and impact data pull the panel together)

Modified Angoff (Items/standard-setting/form-a-angoff.csv, columns rater,round,item,rating)
  Every rater rates every scored item of form A (form order) in both rounds:
      round 1: rating = P_j(TRUE_THETA + delta_r) + e_rj,          e_rj ~ Normal(0, 0.10)
      round 2: rating = P_j(TRUE_THETA + delta_r / 2) + e_rj / 2 + u_rj,  u_rj ~ Normal(0, 0.03)
  clipped to [0.05, 0.95] and rounded to the nearest 0.05 (panels rate in steps of 5%).

Bookmark (Items/standard-setting/form-a-bookmark.csv, columns rater,round,page)
  The ordered item booklet: form A's scored items by their true RP67 location
  b + ln((0.67 - c) / (1 - 0.67)) / a (RP on the full 3PL probability), ties by id. Rater r's
  judged borderline theta is TRUE_THETA + delta_r (round 1) or TRUE_THETA + delta_r / 2 (round 2)
  plus Normal(0, 0.10); the placement is the last page whose location is at most that theta
  (at least page 1).

Hofstee (Items/standard-setting/form-a-hofstee.csv,
         columns rater,min_cut_percent,max_cut_percent,min_fail_percent,max_fail_percent)
  min_cut_percent ~ Uniform(50, 58), max_cut_percent = min + Uniform(6, 12),
  min_fail_percent ~ Uniform(25, 40), max_fail_percent = min + Uniform(15, 25), all rounded to
  whole percentages.

Seed 20261201, one numpy Generator (PCG64), used in this order: deltas, Angoff round-1 errors,
Angoff round-2 errors, Bookmark noise (round 1 then 2), Hofstee. '\n' line endings, no
timestamps: byte-identical on every run with the same numpy.

Run from the repository root (needs numpy and PyYAML):
    python3 Tools/simulate_panel.py                 # writes Items/standard-setting/
    python3 Tools/simulate_panel.py --truth          # also prints the true cut on form A
"""
import argparse
import csv
import math
import os
import sys

import numpy as np
import yaml

SEED = 20261201
TRUE_THETA = 0.10
RATERS = [f"R{index:02d}" for index in range(1, 11)]
SEVERE_RATER = "R07"
SEVERE_DELTA = 1.00
RP = 0.67


def scored_items(items_dir):
    with open(os.path.join(items_dir, "forms", "form-a.yml"), encoding="utf-8") as handle:
        form = yaml.safe_load(handle)
    return [entry["id"] for entry in form["items"] if entry.get("role", "scored") != "pretest"]


def true_parameters(items_dir):
    table = {}
    with open(os.path.join(items_dir, "responses", "true-parameters.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table[row["id"]] = (float(row["a"]), float(row["b"]), float(row["c"]))
    return table


def probability(parameters, theta):
    a, b, c = parameters
    return c + (1 - c) / (1 + math.exp(-a * (theta - b)))


def step(value):
    clipped = min(max(value, 0.05), 0.95)
    return round(clipped * 20) / 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="Items")
    parser.add_argument("--out", default=os.path.join("Items", "standard-setting"))
    parser.add_argument("--truth", action="store_true", help="print the true cut on form A")
    args = parser.parse_args()
    items = scored_items(args.items)
    parameters = true_parameters(args.items)
    rng = np.random.default_rng(SEED)

    deltas = {rater: float(rng.normal(0, 0.25)) for rater in RATERS}
    deltas[SEVERE_RATER] = SEVERE_DELTA
    errors1 = {rater: rng.normal(0, 0.10, len(items)) for rater in RATERS}
    errors2 = {rater: rng.normal(0, 0.03, len(items)) for rater in RATERS}
    angoff = []
    for round_number in (1, 2):
        for rater in RATERS:
            delta = deltas[rater] if round_number == 1 else deltas[rater] / 2
            for index, item in enumerate(items):
                mean = probability(parameters[item], TRUE_THETA + delta)
                noise = errors1[rater][index] if round_number == 1 else errors1[rater][index] / 2 + errors2[rater][index]
                angoff.append((rater, round_number, item, step(mean + noise)))

    def location(item):
        a, b, c = parameters[item]
        return b + math.log((RP - c) / (1 - RP)) / a

    booklet = sorted(items, key=lambda item: (location(item), item))
    locations = [location(item) for item in booklet]
    bookmark = []
    for round_number in (1, 2):
        for rater in RATERS:
            delta = deltas[rater] if round_number == 1 else deltas[rater] / 2
            judged = TRUE_THETA + delta + float(rng.normal(0, 0.10))
            page = max(1, sum(1 for value in locations if value <= judged))
            bookmark.append((rater, round_number, page))

    hofstee = []
    for rater in RATERS:
        low_cut = float(rng.uniform(50, 58))
        high_cut = low_cut + float(rng.uniform(6, 12))
        low_fail = float(rng.uniform(25, 40))
        high_fail = low_fail + float(rng.uniform(15, 25))
        hofstee.append((rater, round(low_cut), round(high_cut), round(low_fail), round(high_fail)))

    os.makedirs(args.out, exist_ok=True)

    def write(name, header, rows):
        path = os.path.join(args.out, name)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(",".join(header) + "\n")
            for row in rows:
                handle.write(",".join(format_cell(cell) for cell in row) + "\n")

    def format_cell(cell):
        if isinstance(cell, float):
            return f"{cell:.2f}"
        return str(cell)

    write("form-a-angoff.csv", ["rater", "round", "item", "rating"], angoff)
    write("form-a-bookmark.csv", ["rater", "round", "page"], bookmark)
    write("form-a-hofstee.csv", ["rater", "min_cut_percent", "max_cut_percent", "min_fail_percent", "max_fail_percent"], hofstee)
    if args.truth:
        tau = sum(probability(parameters[item], TRUE_THETA) for item in items)
        print(f"true borderline theta {TRUE_THETA}: true raw cut on form A tau = {tau:.4f}")
        for rater in RATERS:
            print(f"{rater}: delta round 1 {deltas[rater]:+.4f}, round 2 {deltas[rater] / 2:+.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
