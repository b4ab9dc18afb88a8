#!/usr/bin/env python3
"""DIF power and Type I error of `itembench dif` on simulated data with planted DIF.

Design (numpy default_rng(seed)): 40 2PL items, a ~ U(0.7, 1.6), b ~ N(0, 1) (logistic
metric, D = 1). Reference group θ ~ N(0, 1), focal group θ ~ N(−0.5, 1) (impact: the groups
differ in ability, which DIF statistics must not mistake for DIF). Planted DIF, focal group:
  items 1–2   uniform, b + 0.5   (moderate)
  items 3–4   uniform, b + 1.0   (large)
  items 5–6   non-uniform, a × 0.4 at the same b (crossing curves)
Items 7–40 are identical in both groups: any detection there is a Type I error.

Each replication simulates --n candidates per group, writes the 0/1 responses and the
candidates file, and runs `itembench dif --no-bank --format csv` with and without
--purify. Rates over replications: MH χ² p < .05, ETS class B or C, C; LR uniform /
non-uniform / 2-df p < .05, LR class B or C.

Usage: python3 Tools/dif_simulation.py [--itembench .build/release/itembench] [--reps 100] [--n 1000] [--seed 1]
"""
import argparse
import csv
import io
import pathlib
import subprocess
import tempfile
import time

import numpy as np

GROUPS = {
    "uniform b+0.5 (items 1-2)": [0, 1],
    "uniform b+1.0 (items 3-4)": [2, 3],
    "non-uniform a×0.4 (items 5-6)": [4, 5],
    "no DIF (items 7-40)": list(range(6, 40)),
}


def simulate(rng, a, b, n, mean, shift_b, scale_a):
    theta = rng.normal(mean, 1.0, n)
    aa = a * scale_a
    bb = b + shift_b
    p = 1 / (1 + np.exp(-aa[None, :] * (theta[:, None] - bb[None, :])))
    return (rng.random(p.shape) < p).astype(np.int8)


def run(itembench, directory, purify):
    arguments = [itembench, "dif", str(directory / "responses.csv"), "--no-bank", "--candidates",
                 str(directory / "candidates.csv"), "--format", "csv"]
    if purify:
        arguments.append("--purify")
    result = subprocess.run(arguments, capture_output=True, text=True, check=True)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--itembench", default=".build/release/itembench")
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--n", type=int, default=1000, help="candidates per group")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    items = 40
    a = rng.uniform(0.7, 1.6, items)
    b = rng.normal(0, 1, items)
    shift = np.zeros(items)
    shift[[0, 1]] = 0.5
    shift[[2, 3]] = 1.0
    slope = np.ones(items)
    slope[[4, 5]] = 0.4
    ids = [f"I{j + 1:02d}" for j in range(items)]
    measures = ["mh_p<.05", "ets_BC", "ets_C", "lr_uniform_p<.05", "lr_nonuniform_p<.05", "lr_p<.05", "lr_class_BC"]
    counts = {purify: {group: {m: 0 for m in measures} for group in GROUPS} for purify in (False, True)}
    trials = {group: 0 for group in GROUPS}
    started = time.time()
    with tempfile.TemporaryDirectory() as temporary:
        directory = pathlib.Path(temporary)
        for _ in range(args.reps):
            reference = simulate(rng, a, b, args.n, 0.0, np.zeros(items), np.ones(items))
            focal = simulate(rng, a, b, args.n, -0.5, shift, slope)
            data = np.vstack([reference, focal])
            lines = ["candidate," + ",".join(ids)]
            lines += [f"K{i:05d}," + ",".join(map(str, row)) for i, row in enumerate(data)]
            (directory / "responses.csv").write_text("\n".join(lines) + "\n")
            groups = ["candidate_id,group"] + [f"K{i:05d},{'reference' if i < args.n else 'focal'}" for i in range(2 * args.n)]
            (directory / "candidates.csv").write_text("\n".join(groups) + "\n")
            for purify in (False, True):
                rows = {row["id"]: row for row in run(args.itembench, directory, purify)}
                for group, members in GROUPS.items():
                    for j in members:
                        row = rows[ids[j]]
                        c = counts[purify][group]
                        c["mh_p<.05"] += float(row["mh_p"]) < 0.05
                        c["ets_BC"] += row["ets_class"][:1] in ("B", "C")
                        c["ets_C"] += row["ets_class"][:1] == "C"
                        c["lr_uniform_p<.05"] += float(row["lr_uniform_p"]) < 0.05
                        c["lr_nonuniform_p<.05"] += float(row["lr_nonuniform_p"]) < 0.05
                        c["lr_p<.05"] += float(row["lr_p"]) < 0.05
                        c["lr_class_BC"] += row["lr_class"] in ("B", "C")
            for group, members in GROUPS.items():
                trials[group] += len(members)
    seconds = time.time() - started
    print(f"{args.reps} replications, {args.n} candidates per group, seed {args.seed}, {seconds:.1f} s")
    for purify in (False, True):
        print()
        print(f"### {'with' if purify else 'without'} purification")
        print()
        print("| items | " + " | ".join(measures) + " |")
        print("| --- | " + " | ".join("---:" for _ in measures) + " |")
        for group in GROUPS:
            rates = [counts[purify][group][m] / trials[group] for m in measures]
            print(f"| {group} | " + " | ".join(f"{r:.3f}" for r in rates) + " |")


if __name__ == "__main__":
    main()
