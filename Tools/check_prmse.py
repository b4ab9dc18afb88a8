#!/usr/bin/env python3
"""Independent check of Haberman's PRMSE subscore criterion (docs/scores.md).

For each domain of a form: subscore s (the domain's scored items), total x (all scored items),
sample moments with divisor N - 1, Cronbach's alpha from the item-by-item covariance matrix
(alpha = k/(k-1) * (1 - trace(C) / sum(C))),
    PRMSE_s = alpha
    PRMSE_x = corr(true s, x)^2 = (cov(s, x) - (1 - alpha) var(s))^2 / (alpha var(s) var(x))
and the subscore has added value when PRMSE_s > PRMSE_x. Candidates who answered no scored item
are left out; omitted, not-reached and not-presented responses score 0.

    python3 Tools/check_prmse.py                         # form A of the sample (Items/)
    python3 Tools/check_prmse.py --form form-b --responses Items/responses/form-b.csv
    python3 Tools/check_prmse.py --selftest              # the small matrix of the Swift tests

Needs numpy and PyYAML. Written apart from the Swift code (numpy's covariance matrix, not running
sums) so that the two can be compared.
"""
import argparse
import csv
import glob
import os
import sys

import numpy as np
import yaml


def prmse(scores, columns):
    sub = scores[:, columns]
    k = len(columns)
    covariance = np.cov(sub, rowvar=False, ddof=1)
    s = sub.sum(axis=1)
    x = scores.sum(axis=1)
    var_s = s.var(ddof=1)
    var_x = x.var(ddof=1)
    alpha = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    cov_sx = np.cov(s, x, ddof=1)[0, 1]
    prmse_x = (cov_sx - (1 - alpha) * var_s) ** 2 / (alpha * var_s * var_x)
    return alpha, prmse_x


def selftest():
    # 8 candidates x 5 items; domain = items 0, 1, 2.
    scores = np.array([
        [1, 1, 1, 1, 0], [1, 1, 0, 1, 1], [0, 1, 0, 0, 1], [1, 0, 1, 1, 1],
        [0, 0, 0, 1, 0], [1, 1, 1, 0, 1], [0, 0, 1, 0, 0], [1, 1, 1, 1, 1],
    ])
    alpha, prmse_x = prmse(scores, [0, 1, 2])
    print(f"selftest domain [0,1,2]: PRMSE_s {alpha:.10f} PRMSE_x {prmse_x:.10f}")
    alpha, prmse_x = prmse(scores, [3, 4])
    print(f"selftest domain [3,4]:   PRMSE_s {alpha:.10f} PRMSE_x {prmse_x:.10f}")
    # Two independent traits: 16 candidates (a, b), a, b = 0..3; item j of the first domain is
    # correct iff a > j, item j of the second iff b > j (j = 0, 1, 2).
    crossed = np.array([[1 if a > j else 0 for j in range(3)] + [1 if b > j else 0 for j in range(3)]
                        for a in range(4) for b in range(4)])
    alpha, prmse_x = prmse(crossed, [0, 1, 2])
    print(f"selftest crossed [0,1,2]: PRMSE_s {alpha:.10f} PRMSE_x {prmse_x:.10f}")


def main():
    parser = argparse.ArgumentParser(description="Independent PRMSE check")
    parser.add_argument("--items", default="Items")
    parser.add_argument("--form", default="form-a")
    parser.add_argument("--responses", default=os.path.join("Items", "responses", "form-a.csv"))
    parser.add_argument("--selftest", action="store_true")
    args = parser.parse_args()
    if args.selftest:
        selftest()
        return 0
    items = {}
    for path in glob.glob(os.path.join(args.items, "*", "*.yml")):
        if os.sep + "forms" + os.sep in path or os.sep + "blueprints" + os.sep in path or os.sep + "scales" + os.sep in path:
            continue
        with open(path, encoding="utf-8") as handle:
            item = yaml.safe_load(handle)
        if isinstance(item, dict) and "id" in item and "key" in item:
            items[item["id"]] = item
    with open(os.path.join(args.items, "forms", f"{args.form}.yml"), encoding="utf-8") as handle:
        form = yaml.safe_load(handle)
    scored = [entry["id"] for entry in form["items"] if entry.get("role", "scored") != "pretest"]
    with open(args.responses, encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
    header = rows[0]
    position = {name: index for index, name in enumerate(header)}
    matrix = []
    for row in rows[1:]:
        cells = [row[position[item]].strip() for item in scored]
        answered = [cell for cell in cells if cell not in ("", "NR", ".", "NP")]
        if not answered:
            continue
        matrix.append([1 if cell == str(items[item]["key"]) or cell == "1" else 0 for cell, item in zip(cells, scored)])
    scores = np.array(matrix)
    domains = {}
    for index, item in enumerate(scored):
        domains.setdefault(items[item]["domain"], []).append(index)
    print(f"{args.form}: {len(scores)} candidates, {len(scored)} scored items")
    for domain in sorted(domains):
        alpha, prmse_x = prmse(scores, domains[domain])
        verdict = "added value" if alpha > prmse_x else "no added value"
        print(f"{domain}: {len(domains[domain])} items, PRMSE_s {alpha:.4f}, PRMSE_x {prmse_x:.4f}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
