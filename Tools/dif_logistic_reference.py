#!/usr/bin/env python3
"""Independent fit of the logistic-regression DIF models with statsmodels.

Prints, for the grouped data set used by Tests/FairnessAnalysisTests/LogisticRegressionTests
(cells: matching score x = 0..10, group g = 0/1, 20 candidates each, successes below), the
log-likelihoods and coefficients of
  model 0: logit P = b0 + b1 x
  model 1: + b2 g
  model 2: + b3 x g
fitted by statsmodels' binomial GLM (IRLS), and the Nagelkerke R^2 of each model, so that the
Swift test compares ItemBench's fits with a peer package's. Usage: python3 Tools/dif_logistic_reference.py
"""
import math

import numpy as np
import statsmodels.api as sm

SUCCESSES = {
    0: [3, 1], 1: [4, 2], 2: [5, 3], 3: [7, 4], 4: [9, 6], 5: [11, 7],
    6: [12, 10], 7: [14, 11], 8: [16, 13], 9: [17, 16], 10: [18, 18],
}
TRIALS = 20


def main():
    rows = []
    for x, (s0, s1) in SUCCESSES.items():
        rows.append((x, 0, s0))
        rows.append((x, 1, s1))
    x = np.array([r[0] for r in rows], dtype=float)
    g = np.array([r[1] for r in rows], dtype=float)
    y = np.array([r[2] for r in rows], dtype=float)
    n = np.full_like(y, TRIALS)
    endog = np.column_stack([y, n - y])
    total = n.sum()
    p = y.sum() / total
    ll_null = y.sum() * math.log(p) + (total - y.sum()) * math.log(1 - p)
    designs = {
        "model0": np.column_stack([np.ones_like(x), x]),
        "model1": np.column_stack([np.ones_like(x), x, g]),
        "model2": np.column_stack([np.ones_like(x), x, g, x * g]),
    }
    for name, design in designs.items():
        fit = sm.GLM(endog, design, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=200)
        # GLM's llf includes log binomial coefficients; remove them to get the Bernoulli sum.
        constant = sum(math.lgamma(TRIALS + 1) - math.lgamma(s + 1) - math.lgamma(TRIALS - s + 1) for s in y)
        ll = fit.llf - constant
        cox_snell = 1 - math.exp(2 * (ll_null - ll) / total)
        nagelkerke = cox_snell / (1 - math.exp(2 * ll_null / total))
        print(name, "ll", repr(ll), "params", [repr(v) for v in fit.params], "R2N", repr(nagelkerke))
    print("null ll", repr(ll_null))


if __name__ == "__main__":
    main()
