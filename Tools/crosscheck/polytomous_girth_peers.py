#!/usr/bin/env python3
"""Peer fits of the GRM and the GPCM with girth (Python), for Tests/Fixtures/polytomous/.

Usage (girth installed, e.g. python3 -m venv /work/venvs/girth && /work/venvs/girth/bin/pip install girth==0.8.0):
  /work/venvs/girth/bin/python Tools/crosscheck/polytomous_girth_peers.py [fixture-dir]

Writes <dataset>-grm-peer-girth.json and <dataset>-gpcm-peer-girth.json.

girth's conventions (read from girth 0.8.0 source):
  grm_mml: P*(X>=k) = expit(a (theta - b_k)); 'Difficulty' rows are b_1..b_m  -> thresholds as is.
           Thresholds are obtained from girth's integral equations (expected = observed category
           proportions at the current a), a by a bounded 1-D search in [0.2, 5]; outer loop stops
           when no a moves by more than 1e-3. So this is an approximation to the MML estimate.
  pcm_mml: P(X=k) ∝ exp(sum_{v<=k} a (theta - b_v)) (kernel[0] = 0, cumsum); per-item a is
           estimated, i.e. this is the GPCM; 'Difficulty' rows are b_1..b_m -> thresholds as is.
           SLSQP per item, bounds a in [0.25, 4], b in [-6, 6]; same 1e-3 stopping rule.
  Quadrature: 41-point Gauss-Legendre on [-4.5, 4.5] times the N(0,1) pdf (girth defaults).
  Log-likelihood: girth reports AIC only; with the latent distribution fixed its 'null' AIC is
  -2 * logL (k = 0), so logLikelihood = -AIC['null'] / 2.
"""
import csv
import json
import os
import sys

import numpy as np
import girth
from importlib.metadata import version

DATASETS = {
    "science": ("science.csv", ["Comfort", "Work", "Future", "Benefit"]),
    "environment": ("environment.csv", ["LeadPetrol", "RiverSea", "RadioWaste", "AirPollution", "Chemicals", "Nuclear"]),
}


def read(path, cols):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    data = np.array([[int(r[c]) for c in cols] for r in rows], dtype=int)  # no missing cells here
    return data.T  # girth wants [n_items, n_participants]


def main(fixtures):
    for ds, (csv_name, cols) in DATASETS.items():
        data = read(os.path.join(fixtures, csv_name), cols)
        for model, fn, call in (("grm", girth.grm_mml, "girth.grm_mml(data)"),
                                ("gpcm", girth.pcm_mml, "girth.pcm_mml(data)")):
            res = fn(data.copy())
            items = []
            for j, c in enumerate(cols):
                b = [float(x) for x in np.asarray(res["Difficulty"][j]) if np.isfinite(x)]
                items.append({"id": c, "a": float(res["Discrimination"][j]), "thresholds": b})
            out = {
                "peer": f"girth {version('girth')} (numpy {np.__version__})",
                "command": f"data = <{csv_name} columns {','.join(cols)}>.T (items x persons, 0-based); res = {call}; "
                           "a = res['Discrimination']; thresholds = res['Difficulty']; logLik = -res['AIC']['null']/2",
                "data": f"{csv_name}, columns {', '.join(cols)} (n = {data.shape[1]})",
                "logLikelihood": -float(res["AIC"]["null"]) / 2.0,
                "settings": {
                    "model": model.upper(), "D": 1, "latentDistribution": "N(0,1), fixed",
                    "quadrature": "41-point Gauss-Legendre on [-4.5, 4.5] x N(0,1) pdf (girth defaults)",
                    "estimation": ("girth grm_mml: thresholds from integral equations, a by bounded 1-D search, stop at max|delta a| < 1e-3"
                                   if model == "grm" else
                                   "girth pcm_mml (per-item slope = GPCM): SLSQP per item, bounds a [0.25,4], b [-6,6], stop at max|delta a| < 1e-3"),
                    "parameterisation": ("P*(X>=k|theta) = 1/(1+exp(-a(theta-b_k))), k=1..m" if model == "grm"
                                         else "P(X=k|theta) ∝ exp(sum_{v=1..k} a(theta-b_v)), k=0..m"),
                },
                "items": items,
            }
            with open(os.path.join(fixtures, f"{ds}-{model}-peer-girth.json"), "w") as f:
                json.dump(out, f, indent=2, ensure_ascii=False)
                f.write("\n")
            print(ds, model, round(out["logLikelihood"], 4),
                  [(i["id"], round(i["a"], 3), [round(x, 3) for x in i["thresholds"]]) for i in items])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/polytomous")
