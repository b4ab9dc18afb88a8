#!/usr/bin/env python3
"""Writes Items/responses/form-a-candidates.csv, the sample's candidate background file.

Truth (docs/dif.md): each candidate of Items/responses/form-a.csv is put in the focal group
with probability 0.4, independently of everything else (numpy default_rng(20261201)). The
group therefore has neither impact nor DIF on any item: every item flagged by
`itembench dif` on the sample is a false alarm, about 5% of the items at the .05 level.

Usage: python3 Tools/make_sample_candidates.py
"""
import csv
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESPONSES = ROOT / "Items" / "responses" / "form-a.csv"
OUTPUT = ROOT / "Items" / "responses" / "form-a-candidates.csv"


def main():
    with RESPONSES.open(newline="") as handle:
        rows = list(csv.reader(handle))
    ids = [row[0] for row in rows[1:] if row and not row[0].startswith("#")]
    rng = np.random.default_rng(20261201)
    focal = rng.random(len(ids)) < 0.4
    lines = [
        "# Simulated candidate background for form-a (Tools/make_sample_candidates.py).",
        "# group: focal with probability 0.4 independently of the responses (no impact, no DIF).",
        "candidate_id,group",
    ]
    lines += [f"{cid},{'focal' if f else 'reference'}" for cid, f in zip(ids, focal)]
    OUTPUT.write_text("\n".join(lines) + "\n")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(ids)} candidates, {int(focal.sum())} focal")


if __name__ == "__main__":
    main()
