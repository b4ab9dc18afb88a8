#!/usr/bin/env python3
"""ItemBench vs girth: 2PL calibration of the same simulated 10,000 x 150 data set.

1. Draws true 2PL parameters with a seed (log a ~ N(0, 0.3^2), b ~ N(0, 1)) and writes them as
   an ItemBench parameter CSV.
2. Simulates the responses with `itembench simulate` (xoshiro256**, seeded) into a CSV.
3. Times girth's `twopl_mml` on the matrix (its default quadrature; the CSV parsing into numpy is
   not timed) and `itembench calibrate --model 2pl` as a whole process (reading the CSV, EM,
   standard errors and writing the parameter file are all inside the time).
4. Prints both times, the ratio, and the agreement of the estimates (correlation and largest
   absolute difference of a and of b), plus each program's RMSE against the truth.

Both programs use D = 1: P = 1 / (1 + exp(-a (theta - b))).
Usage: Tools/bench_calibration.py [--candidates N] [--items J] [--seed S] [--itembench PATH]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--itembench", default=".build/release/itembench")
    args = parser.parse_args()

    from girth import twopl_mml  # installed by bench_calibration.sh

    rng = np.random.default_rng(args.seed)
    a_true = np.exp(0.3 * rng.standard_normal(args.items))
    b_true = rng.standard_normal(args.items)
    ids = [f"IT{j + 1:04d}" for j in range(args.items)]

    with tempfile.TemporaryDirectory() as work:
        params = os.path.join(work, "true.csv")
        with open(params, "w") as out:
            out.write("id,a,b,c\n")
            for i, a, b in zip(ids, a_true, b_true):
                out.write(f"{i},{a:.6f},{b:.6f},0\n")
        responses = os.path.join(work, "responses.csv")
        subprocess.run([args.itembench, "simulate", "--params", params, "--candidates", str(args.candidates),
                        "--seed", str(args.seed), "--no-bank", "--out", responses], check=True)
        data = np.loadtxt(responses, delimiter=",", skiprows=1, usecols=range(1, args.items + 1), dtype=np.int8)

        start = time.perf_counter()
        girth_result = twopl_mml(data.T.astype(int))
        girth_seconds = time.perf_counter() - start
        a_girth = np.asarray(girth_result["Discrimination"], dtype=float)
        b_girth = np.asarray(girth_result["Difficulty"], dtype=float)

        estimates = os.path.join(work, "itembench.json")
        start = time.perf_counter()
        subprocess.run([args.itembench, "calibrate", responses, "--model", "2pl", "--no-bank", "-q",
                        "--out", estimates], check=True)
        itembench_seconds = time.perf_counter() - start
        with open(estimates) as f:
            items = {item["id"]: item for item in json.load(f)["items"]}
        a_ib = np.array([items[i]["a"] for i in ids])
        b_ib = np.array([items[i]["b"] for i in ids])

    def agreement(x, y):
        return np.corrcoef(x, y)[0, 1], np.max(np.abs(x - y))

    rmse = lambda x, y: float(np.sqrt(np.mean((x - y) ** 2)))
    print(f"data: {args.candidates} candidates x {args.items} items, 2PL, seed {args.seed}")
    print(f"girth twopl_mml:       {girth_seconds:8.3f} s")
    print(f"itembench calibrate:   {itembench_seconds:8.3f} s  (whole process: read CSV, EM, standard errors, write)")
    print(f"speed-up:              {girth_seconds / itembench_seconds:8.1f} x")
    ra, da = agreement(a_ib, a_girth)
    rb, db = agreement(b_ib, b_girth)
    print(f"agreement a: correlation {ra:.5f}, max |difference| {da:.4f}")
    print(f"agreement b: correlation {rb:.5f}, max |difference| {db:.4f}")
    print(f"RMSE vs truth: itembench a {rmse(a_ib, a_true):.4f} b {rmse(b_ib, b_true):.4f}; "
          f"girth a {rmse(a_girth, a_true):.4f} b {rmse(b_girth, b_true):.4f}")
    ok = girth_seconds / itembench_seconds >= 30 and ra > 0.99 and rb > 0.99
    print("PASS" if ok else "FAIL: need >= 30x and correlations > 0.99")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
