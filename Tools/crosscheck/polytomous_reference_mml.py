#!/usr/bin/env python3
"""Reference marginal maximum likelihood fits of the GRM and the GPCM (numpy + scipy only).

An independent, deliberately plain implementation used to pin the exact maximiser of the
marginal log-likelihood for a *stated* quadrature rule, so that published numbers (mirt,
61 rectangular points; ltm, 21 Gauss-Hermite points; girth, 41 Gauss-Legendre points) can be
told apart from quadrature and convergence differences.

Model (D = 1, theta ~ N(0, 1) fixed, items scored 0..m):
  GRM : P*(X >= k) = 1 / (1 + exp(-a (theta - b_k))), k = 1..m; P_k = P*_k - P*_{k+1}
  GPCM: P(X = k) ∝ exp(sum_{v=1..k} a (theta - b_v)), k = 0..m (empty sum 0)
Marginal log-likelihood: sum_i log sum_q w_q prod_j P_{j, x_ij}(theta_q), missing responses
skipped, weights w_q summing to 1 (for 'gl41' they sum to the normal mass on [-4.5, 4.5],
exactly as girth does).

Optimiser: scipy BFGS on (log a, b) with the analytic gradient, gtol 1e-10 on the gradient of
the log-likelihood; the reported max_abs_gradient is with respect to (a, b).

Usage:
  python3 Tools/crosscheck/polytomous_reference_mml.py all [fixture-dir]
      writes <dataset>-<model>-reference.json for Science (Comfort, Work, Future, Benefit)
      and Environment, each with fits under rect61, gh21 and gl41, plus the log-likelihood
      of the published / peer parameters evaluated under each rule.
  python3 Tools/crosscheck/polytomous_reference_mml.py fit CSV COLS MODEL QUAD
  python3 Tools/crosscheck/polytomous_reference_mml.py loglik CSV COLS PARAMS.json QUAD
"""
import csv
import json
import math
import os
import sys

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logsumexp, roots_legendre


# ---------------------------------------------------------------------------------------------
# quadrature rules

def quadrature(name):
    if name == "rect61":  # mirt default for 1 factor; ItemBench's Quadrature.normal()
        theta = np.linspace(-6.0, 6.0, 61)
        w = np.exp(-0.5 * theta ** 2)
        return theta, w / w.sum()
    if name.startswith("gh"):  # ltm: GHk points, theta = sqrt(2) x, w = w / sqrt(pi)
        n = int(name[2:])
        x, w = np.polynomial.hermite.hermgauss(n)
        return math.sqrt(2.0) * x, w / math.sqrt(math.pi)
    if name == "gl41":  # girth default: Gauss-Legendre on [-4.5, 4.5] times the N(0,1) pdf
        x, w = roots_legendre(41)
        theta = 4.5 * x
        w = 4.5 * w * np.exp(-0.5 * theta ** 2) / math.sqrt(2 * math.pi)
        return theta, w
    raise SystemExit(f"unknown quadrature {name}")


QUAD_TEXT = {
    "rect61": "61 equally spaced points on [-6, 6], weights N(0,1) density normalised to sum 1 (mirt default for one factor)",
    "gh21": "21-point Gauss-Hermite: theta_q = sqrt(2) x_q, w_q = w_q^GH / sqrt(pi) (ltm default GHk = 21)",
    "gl41": "41-point Gauss-Legendre on [-4.5, 4.5], weights w_q^GL * N(0,1) pdf, not renormalised (girth default)",
}


# ---------------------------------------------------------------------------------------------
# data

def read_csv(path, columns):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    data = np.full((len(rows), len(columns)), -1, dtype=int)
    for i, row in enumerate(rows):
        for j, c in enumerate(columns):
            if row[c] != "":
                data[i, j] = int(row[c])
    return data


def patterns(data):
    uniq, counts = np.unique(data, axis=0, return_counts=True)
    return uniq, counts.astype(float)


# ---------------------------------------------------------------------------------------------
# item kernels: log P[q, k] and d log P[q, k] / d(a, b_1..b_m)

def grm_logp(a, b, theta):
    m = len(b)
    ps = expit(a * (theta[:, None] - b[None, :]))            # Q x m, P*_1..P*_m
    ones = np.ones((len(theta), 1))
    zeros = np.zeros((len(theta), 1))
    pstar = np.hstack([ones, ps, zeros])                     # Q x (m+2)
    p = pstar[:, :-1] - pstar[:, 1:]                         # Q x (m+1)
    p = np.maximum(p, 1e-300)
    w = ps * (1 - ps)                                        # Q x m
    dstar_a = np.hstack([zeros, w * (theta[:, None] - b[None, :]), zeros])
    dp_a = dstar_a[:, :-1] - dstar_a[:, 1:]
    grads = np.zeros((len(theta), m + 1, m + 1))
    grads[:, :, 0] = dp_a / p
    for v in range(m):                                       # b_{v+1} enters P*_{v+1}
        d = np.zeros((len(theta), m + 2))
        d[:, v + 1] = -a * w[:, v]
        grads[:, :, v + 1] = (d[:, :-1] - d[:, 1:]) / p
    return np.log(p), grads


def gpcm_logp(a, b, theta):
    m = len(b)
    k = np.arange(m + 1)
    cum_b = np.concatenate([[0.0], np.cumsum(b)])
    z = a * (k[None, :] * theta[:, None] - cum_b[None, :])   # Q x (m+1)
    logp = z - logsumexp(z, axis=1, keepdims=True)
    p = np.exp(logp)
    dz = np.zeros((len(theta), m + 1, m + 1))
    dz[:, :, 0] = k[None, :] * theta[:, None] - cum_b[None, :]
    for v in range(m):
        dz[:, v + 1:, v + 1] = -a
    mean = np.einsum("qk,qkp->qp", p, dz)
    return logp, dz - mean[:, None, :]


KERNEL = {"grm": grm_logp, "gpcm": gpcm_logp}


# ---------------------------------------------------------------------------------------------
# marginal log-likelihood and gradient

def loglik_and_grad(params, pats, counts, ncat, model, theta, w):
    n_items = pats.shape[1]
    logw = np.log(w)
    logs, grads = [], []
    off = 0
    total = np.tile(logw, (pats.shape[0], 1))                # patterns x Q
    for j in range(n_items):
        m = ncat[j] - 1
        a, b = params[off], params[off + 1: off + 1 + m]
        lp, g = KERNEL[model](a, b, theta)
        logs.append(lp)
        grads.append(g)
        obs = pats[:, j] >= 0
        total[obs] += lp[:, pats[obs, j]].T
        off += m + 1
    marg = logsumexp(total, axis=1)
    ll = float(np.dot(counts, marg))
    post = np.exp(total - marg[:, None]) * counts[:, None]   # patterns x Q, weighted
    grad = np.zeros_like(params)
    off = 0
    for j in range(n_items):
        m = ncat[j] - 1
        obs = pats[:, j] >= 0
        # expected counts r[q, k]
        r = np.zeros((len(theta), m + 1))
        for kk in range(m + 1):
            sel = obs & (pats[:, j] == kk)
            r[:, kk] = post[sel].sum(axis=0)
        grad[off: off + m + 1] = np.einsum("qk,qkp->p", r, grads[j])
        off += m + 1
    return ll, grad


def unpack(params, ncat, names):
    out, off = [], 0
    for j, name in enumerate(names):
        m = ncat[j] - 1
        out.append({"id": name, "a": float(params[off]),
                    "thresholds": [float(x) for x in params[off + 1: off + 1 + m]]})
        off += m + 1
    return out


def pack(items, names):
    by_id = {it["id"]: it for it in items}
    vals = []
    for name in names:
        vals.append(by_id[name]["a"])
        vals.extend(by_id[name]["thresholds"])
    return np.array(vals, dtype=float)


def fit(data, names, model, quad):
    theta, w = quadrature(quad)
    pats, counts = patterns(data)
    ncat = [int(data[:, j].max()) + 1 for j in range(data.shape[1])]
    start = []
    for j in range(data.shape[1]):
        m = ncat[j] - 1
        col = data[:, j][data[:, j] >= 0]
        # logits of cumulative proportions as starting thresholds
        cum = np.array([(col >= k).mean() for k in range(1, m + 1)])
        bs = -np.log(cum / (1 - cum))
        if model == "gpcm":
            bs = np.sort(bs)
        start.append(0.0)              # log a = 0
        start.extend(bs)
    start = np.array(start)
    a_idx = []
    off = 0
    for j in range(data.shape[1]):
        a_idx.append(off)
        off += ncat[j]

    def to_ab(x):
        p = x.copy()
        p[a_idx] = np.exp(x[a_idx])
        return p

    def f(x):
        p = to_ab(x)
        ll, g = loglik_and_grad(p, pats, counts, ncat, model, theta, w)
        g = g.copy()
        g[a_idx] *= p[a_idx]           # chain rule for log a
        return -ll, -g

    res = minimize(f, start, jac=True, method="BFGS", options={"gtol": 1e-10, "maxiter": 5000})
    # polish with a few Newton-free BFGS restarts from the optimum (cheap, tightens gtol)
    for _ in range(3):
        res = minimize(f, res.x, jac=True, method="BFGS", options={"gtol": 1e-10, "maxiter": 5000})
    p = to_ab(res.x)
    ll, g = loglik_and_grad(p, pats, counts, ncat, model, theta, w)
    return {"quadrature": quad, "quadratureRule": QUAD_TEXT.get(quad, quad),
            "logLikelihood": ll, "maxAbsGradient": float(np.abs(g).max()),
            "optimizer": f"scipy {__import__('scipy').__version__} BFGS on (log a, b), analytic gradient, gtol 1e-10",
            "items": unpack(p, ncat, names)}


def loglik_at(data, names, model, items, quad):
    theta, w = quadrature(quad)
    pats, counts = patterns(data)
    ncat = [int(data[:, j].max()) + 1 for j in range(data.shape[1])]
    ll, _ = loglik_and_grad(pack(items, names), pats, counts, ncat, model, theta, w)
    return ll


# ---------------------------------------------------------------------------------------------

DATASETS = {
    "science": ("science.csv", ["Comfort", "Work", "Future", "Benefit"]),
    "environment": ("environment.csv", ["LeadPetrol", "RiverSea", "RadioWaste", "AirPollution", "Chemicals", "Nuclear"]),
}


def run_all(fixtures):
    for ds, (csv_name, cols) in DATASETS.items():
        data = read_csv(os.path.join(fixtures, csv_name), cols)
        for model in ("grm", "gpcm"):
            fits = {q: fit(data, cols, model, q) for q in ("rect61", "gh21", "gl41")}
            evaluated = []
            for suffix in ("published", "peer", "peer-girth"):
                path = os.path.join(fixtures, f"{ds}-{model}-{suffix}.json")
                if not os.path.exists(path):
                    continue
                with open(path) as f:
                    doc = json.load(f)
                evaluated.append({
                    "file": os.path.basename(path),
                    "logLikelihoodReported": doc.get("logLikelihood"),
                    "logLikelihoodUnder": {q: loglik_at(data, cols, model, doc["items"], q)
                                           for q in ("rect61", "gh21", "gl41")}})
            out = {
                "peer": "Tools/crosscheck/polytomous_reference_mml.py (independent numpy/scipy MML, this repository)",
                "command": f"python3 Tools/crosscheck/polytomous_reference_mml.py all {fixtures}",
                "data": f"{csv_name}, columns {', '.join(cols)} (n = {data.shape[0]})",
                "settings": {"model": model.upper(), "D": 1,
                             "latentDistribution": "N(0,1), fixed",
                             "parameterisation": ("P*(X>=k|theta) = 1/(1+exp(-a(theta-b_k))), k=1..m" if model == "grm"
                                                  else "P(X=k|theta) ∝ exp(sum_{v=1..k} a(theta-b_v)), k=0..m")},
                "fits": fits,
                "logLikelihoodOfOtherFiles": evaluated,
            }
            with open(os.path.join(fixtures, f"{ds}-{model}-reference.json"), "w") as f:
                json.dump(out, f, indent=2, ensure_ascii=False)
                f.write("\n")
            print(ds, model, {q: round(v["logLikelihood"], 6) for q, v in fits.items()})


def main(argv):
    if len(argv) >= 1 and argv[0] == "all":
        run_all(argv[1] if len(argv) > 1 else "Tests/Fixtures/polytomous")
    elif len(argv) == 5 and argv[0] == "fit":
        cols = argv[2].split(",")
        print(json.dumps(fit(read_csv(argv[1], cols), cols, argv[3], argv[4]), indent=2))
    elif len(argv) == 5 and argv[0] == "loglik":
        cols = argv[2].split(",")
        with open(argv[3]) as f:
            doc = json.load(f)
        model = doc["settings"]["model"].lower()
        print(loglik_at(read_csv(argv[1], cols), cols, model, doc["items"], argv[4]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
