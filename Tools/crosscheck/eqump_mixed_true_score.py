#!/usr/bin/env python3
"""IRT true-score equating of a mixed-format new form to a base form with EqUMP.

Both forms must already be on one theta scale (no linking is done). For every integer raw
score x of the new form the script prints the base-form true score tau_base(theta_x), where
theta_x solves tau_new(theta) = x, as CSV:

    score,equated
    0,0.0
    ...

Input JSON (the shape ItemBench uses):

    {"scalingConstant": 1.702,
     "base": [ITEM, ...],
     "new":  [ITEM, ...]}

    ITEM = {"id": "I1", "model": "3pl", "a": 1.0, "b": 0.0, "c": 0.2}     (3pl)
         | {"id": "I2", "model": "2pl", "a": 1.0, "b": 0.0}               (2pl; c ignored if given as 0)
         | {"id": "P1", "model": "gpcm", "a": 0.9, "thresholds": [b1, ..., bm]}
         | {"id": "P2", "model": "grm",  "a": 0.9, "thresholds": [b1, ..., bm]}

  3pl : P(theta) = c + (1 - c) / (1 + exp(-D a (theta - b)))
  gpcm: P_k(theta) ∝ exp(sum_{v=1..k} D a (theta - b_v)), k = 0..m (empty sum 0)
  grm : P*(X >= k) = 1 / (1 + exp(-D a (theta - b_k))), P_k = P*_k - P*_{k+1}
These are exactly EqUMP's IRF models "3PL", "2PL", "GPCM" (params {"a", "b": [b_1..b_m]}) and
"GRM" (params {"a", "b": [b_1..b_m]}), with EqUMP's D set to scalingConstant; items are scored
0..m (EqUMP's default scores).

What EqUMP does and does not do here (EqUMP 0.3.6, EqUMP.equating.tse, defined in EqUMP/equating/TSE/tse.py):
  * tse(ts, items_new, items_old, common_new, common_old, anchor="internal") finds theta with
    scipy brentq on the fixed bracket [-10, 10] (xtol 1e-7) and returns (theta, tau_old(theta)).
    With anchor="internal" the common-item lists are not used, so they are passed empty.
  * It has no rule for scores outside the range of the new form's true-score function: a score
    x <= sum of the new form's c parameters (every x <= 0 when there are no 3PL items) or
    x >= the maximum score gives no sign change on [-10, 10] and brentq raises ValueError.
    For those scores this script applies the usual convention (Kolen & Brennan, 2014, sec. 6.4):
    x in [0, sum c_new] maps linearly onto [0, sum c_base] (0 -> 0 when sum c_new = 0), and the
    maximum new score maps to the maximum base score. These rows are computed here, NOT by
    EqUMP; --with-theta marks them with method "boundary".
  * Interior scores whose theta would lie outside [-10, 10] would also fail in EqUMP; they are
    reported on stderr and written with an empty 'equated' cell.

Usage:
  /work/venvs/eqump/bin/python Tools/crosscheck/eqump_mixed_true_score.py PARAMS.json [--with-theta]
"""
import json
import sys
import warnings
from importlib.metadata import version

from EqUMP.base import IRF
# EqUMP's README writes `from EqUMP.equating.TSE import tse`, but in 0.3.6 that name is the
# module EqUMP/equating/TSE/tse.py (calling it raises "'module' object is not callable");
# the function is re-exported as EqUMP.equating.tse.
from EqUMP.equating import tse


def make_item(item, D):
    model = item["model"].lower()
    if model == "3pl":
        return IRF({"a": float(item["a"]), "b": float(item["b"]), "c": float(item.get("c", 0.0))}, "3PL", D=D)
    if model == "2pl":
        if float(item.get("c", 0.0)) != 0.0:
            raise SystemExit(f"item {item['id']}: a 2pl item with c != 0")
        return IRF({"a": float(item["a"]), "b": float(item["b"])}, "2PL", D=D)
    if model in ("gpcm", "grm"):
        thresholds = [float(x) for x in item["thresholds"]]
        if model == "grm" and any(t2 <= t1 for t1, t2 in zip(thresholds, thresholds[1:])):
            # EqUMP would silently sort them (with a UserWarning); refuse instead.
            raise SystemExit(f"item {item['id']}: GRM thresholds must increase strictly")
        return IRF({"a": float(item["a"]), "b": thresholds}, "GPCM" if model == "gpcm" else "GRM", D=D)
    raise SystemExit(f"item {item['id']}: unsupported model {item['model']!r} (3pl, 2pl, gpcm, grm)")


def form(items, D):
    out = {}
    for item in items:
        if item["id"] in out:
            raise SystemExit(f"duplicate item id {item['id']}")
        out[item["id"]] = make_item(item, D)
    return out


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    with_theta = "--with-theta" in argv[1:]
    with open(argv[0]) as f:
        spec = json.load(f)
    D = float(spec["scalingConstant"])
    base = form(spec["base"], D)
    new = form(spec["new"], D)

    c_new = sum(float(i.get("c", 0.0)) for i in spec["new"] if i["model"].lower() in ("3pl", "2pl"))
    c_base = sum(float(i.get("c", 0.0)) for i in spec["base"] if i["model"].lower() in ("3pl", "2pl"))
    max_new = sum(it.n_categories - 1 for it in new.values())
    max_base = sum(it.n_categories - 1 for it in base.values())
    print(f"EqUMP {version('EqUMP')}; D = {D}; new max {max_new}, sum c {c_new:.6g}; "
          f"base max {max_base}, sum c {c_base:.6g}", file=sys.stderr)

    print("score,equated" + (",theta,method" if with_theta else ""))
    for x in range(0, max_new + 1):
        theta, method = "", "eqump"
        if x >= max_new:
            equated, method = float(max_base), "boundary"
        elif x <= c_new:
            equated = x * (c_base / c_new) if c_new > 0 else 0.0
            method = "boundary"
        else:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # surface any EqUMP parameter warning
                    th, equated = tse(ts=float(x), items_new=new, items_old=base,
                                      common_new=[], common_old=[], anchor="internal")
                theta = repr(th)
            except ValueError as problem:
                print(f"score {x}: EqUMP tse failed ({problem}); theta outside [-10, 10]?", file=sys.stderr)
                equated, method = "", "failed"
        cells = [str(x), repr(equated) if equated != "" else ""]
        if with_theta:
            cells += [theta, method]
        print(",".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
