#!/usr/bin/env python3
"""ItemBench against its peers on the same simulated data: 2PL and Rasch calibration, in one run.

For each size N (candidates) x J (items, default 150):
1. Draws true 2PL parameters with a seed (log a ~ N(0, 0.3^2), b ~ N(0, 1)) and simulates the
   0/1 responses with `itembench simulate` (xoshiro256**, seeded); the same file feeds everyone.
   The Rasch rows fit the same 2PL data with the Rasch model (a = 1; every program alike).
2. Runs, each as its own process so that its CPU time and peak resident memory are its own
   (os.wait4's rusage: user + system CPU seconds over all threads, ru_maxrss):
     itembench 2pl / rasch   `itembench calibrate --no-bank --timing` with --se crossproduct
                             (EM and SE wall seconds and iterations read from --timing)
     girth 2pl               girth.twopl_mml (its defaults)
     girth rasch             girth.rasch_mml (its defaults)
     mirt 2pl q=21           Python mirt fit_mirt(model="2PL") at its defaults (21 points)
     mirt 2pl q=61           the same at 61 quadrature points, ItemBench's default
   A peer's wall time is that of its fit call alone (the worker times it; loading numpy and
   the data is outside); ItemBench's wall time is the whole process (reading the CSV, EM,
   standard errors, writing the parameter file). CPU and RSS are the whole process for both.
3. Prints one row per program: wall s, CPU s, peak RSS MB, iterations, EM ms per iteration, the
   CPU ratio to ItemBench's fit of the same model, and the RMSE of a and b against the truth
   (a is fixed at 1 in the Rasch rows, so only b and the scale differ there). ItemBench's rows
   also give the work its E-step performed per EM cycle (additions: listed items × points of
   each pattern's likelihood row and posterior window, from --timing's "E-step additions"), that
   work's rate in G additions per second of EM wall time, and the rate as a percentage of the
   measured FMA peak in GFLOP/s (a per-cycle figure within 10x of peak is >= 10%).

Peers run only up to --peer-max candidates (default 100,000: girth takes minutes beyond). The
machine's FMA peak (Tools/peak_flops.c) is measured at the start, on the same cores; run on an
otherwise idle machine, since every figure here is shared with whatever else runs.

Usage: Tools/bench_calibration_peers.py [--sizes 10000,100000] [--items 150] [--peer-max N]
                                        [--peers girth,mirt] [--itembench PATH]
Needs numpy, girth and mirt==1.2.0 (Tools/bench_calibration.sh installs them); benchmark peers,
never runtime dependencies.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

D = 1.0


def run_measured(command, stdout=subprocess.DEVNULL):
    """Runs `command`; returns (exit status, wall seconds, CPU seconds, peak RSS in MB, stderr)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def worker(args):
    """One peer fit in this process: writes {"seconds", "iterations", "a", "b"} as JSON."""
    data = np.load(args.data)
    start = time.perf_counter()
    if args.worker == "girth-2pl":
        from girth import twopl_mml
        result = twopl_mml(data.T.astype(int))
        a, b, iterations = result["Discrimination"], result["Difficulty"], None
    elif args.worker == "girth-rasch":
        from girth import rasch_mml
        result = rasch_mml(data.T.astype(int))
        a, b, iterations = np.ones(data.shape[1]), result["Difficulty"], None
    elif args.worker.startswith("mirt-2pl-"):
        import mirt
        points = int(args.worker.rsplit("-", 1)[1])
        result = mirt.fit_mirt(data.astype(int), model="2PL", n_quadpts=points)
        a = np.asarray(result.model.discrimination).ravel()
        b = np.asarray(result.model.difficulty).ravel()
        iterations = int(result.n_iterations)
    else:
        sys.exit(f"unknown worker {args.worker}")
    seconds = time.perf_counter() - start
    with open(args.out, "w") as out:
        json.dump({"seconds": seconds, "iterations": iterations,
                   "a": [float(x) for x in np.asarray(a).ravel()], "b": [float(x) for x in np.asarray(b).ravel()]}, out)


def rmse(estimate, truth):
    return float(np.sqrt(np.mean((np.asarray(estimate) - truth) ** 2)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--peer-max", type=int, default=100_000)
    parser.add_argument("--peers", default="girth,mirt")
    parser.add_argument("--itembench", default=".build/release/itembench")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    peers = [p for p in args.peers.split(",") if p]
    with tempfile.TemporaryDirectory() as work:
        peak = os.path.join(work, "peak_flops")
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run(["cc", "-O3", "-march=native", "-pthread", os.path.join(here, "peak_flops.c"), "-o", peak],
                       check=True)
        gflops = float(subprocess.run([peak, "1.0"], check=True, capture_output=True, text=True).stdout)
        print(f"machine: {os.cpu_count()} CPUs; measured FMA peak {gflops:.0f} GFLOP/s (Tools/peak_flops.c); "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"{'program':<18} {'N':>9} {'wall_s':>8} {'cpu_s':>8} {'rss_MB':>7} {'iter':>5} {'ms/iter':>8} "
              f"{'cpu_ratio':>9} {'rmse_a':>7} {'rmse_b':>7} {'adds/iter':>10} {'Gadd/s':>7} {'%peak':>6}")
        for size in [int(s) for s in args.sizes.split(",") if s]:
            rng = np.random.default_rng(args.seed)
            a_true = np.exp(0.3 * rng.standard_normal(args.items))
            b_true = rng.standard_normal(args.items)
            ids = [f"IT{j + 1:04d}" for j in range(args.items)]
            params = os.path.join(work, "true.csv")
            with open(params, "w") as out:
                out.write("id,a,b,c\n")
                for i, a, b in zip(ids, a_true, b_true):
                    out.write(f"{i},{a:.6f},{b:.6f},0\n")
            responses = os.path.join(work, f"responses-{size}.csv")
            subprocess.run([args.itembench, "simulate", "--params", params, "--candidates", str(size),
                            "--seed", str(args.seed), "--no-bank", "--out", responses], check=True)
            ours = {}
            for model in ("2pl", "rasch"):
                estimates = os.path.join(work, f"itembench-{model}.json")
                status, wall, cpu, rss, err = run_measured(
                    [args.itembench, "calibrate", responses, "--no-bank", "--model", model, "--se", "crossproduct",
                     "--timing", "--out", estimates])
                if status != 0:
                    sys.exit(f"itembench calibrate failed ({status}): {err[-500:]}")
                with open(estimates) as handle:
                    items = json.load(handle)["items"]
                em = re.search(r"EM ([0-9.]+) s", err)
                iterations = re.search(r"converged after ([0-9]+) iterations", err)
                n_iter = int(iterations.group(1)) if iterations else None
                per = 1000 * float(em.group(1)) / n_iter if em and n_iter else None
                ours[model] = cpu
                a_est = [i.get("a", 1.0) for i in items]
                b_est = [i["b"] for i in items]
                adds = re.search(r"E-step additions ([0-9]+)", err)
                # The E-steps of EM are n_iter + 1 (the last one gives the final log-likelihood).
                per_adds = int(adds.group(1)) / (n_iter + 1) if adds and n_iter else float("nan")
                rate = per_adds / (per / 1000) / 1e9 if per else float("nan")
                print(f"{'itembench ' + model:<18} {size:>9} {wall:>8.2f} {cpu:>8.2f} {rss:>7.0f} {n_iter or '-':>5} "
                      f"{per if per is not None else float('nan'):>8.2f} {1.0:>9.2f} "
                      f"{rmse(a_est, a_true if model == '2pl' else 1.0):>7.4f} {rmse(b_est, b_true):>7.4f} "
                      f"{per_adds:>10.3g} {rate:>7.1f} {100 * rate / gflops:>6.1f}",
                      flush=True)
            if size > args.peer_max or not peers:
                continue
            data_path = os.path.join(work, f"data-{size}.npy")
            data = np.loadtxt(responses, delimiter=",", skiprows=1, usecols=range(1, args.items + 1), dtype=np.int8)
            np.save(data_path, data)
            del data
            runs = []
            if "girth" in peers:
                runs += [("girth-2pl", "2pl"), ("girth-rasch", "rasch")]
            if "mirt" in peers:
                runs += [("mirt-2pl-21", "2pl"), ("mirt-2pl-61", "2pl")]
            for name, model in runs:
                result_path = os.path.join(work, f"{name}.json")
                status, _, cpu, rss, err = run_measured(
                    [sys.executable, os.path.abspath(__file__), "--worker", name, "--data", data_path,
                     "--out", result_path])
                if status != 0:
                    print(f"{name:<18} {size:>9} failed ({status}): {err.strip().splitlines()[-1:]}", flush=True)
                    continue
                with open(result_path) as handle:
                    result = json.load(handle)
                n_iter = result["iterations"]
                per = 1000 * result["seconds"] / n_iter if n_iter else float("nan")
                print(f"{name.replace('-', ' ', 1):<18} {size:>9} {result['seconds']:>8.2f} {cpu:>8.2f} {rss:>7.0f} "
                      f"{n_iter or '-':>5} {per:>8.2f} {cpu / ours[model]:>9.1f} "
                      f"{rmse(result['a'], a_true if model == '2pl' else 1.0):>7.4f} {rmse(result['b'], b_true):>7.4f}",
                      flush=True)


if __name__ == "__main__":
    main()
