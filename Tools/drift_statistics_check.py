#!/usr/bin/env python3
"""Independent computation of the drift screen's statistics for a hand-made anchor
(Tests/EquatingTests/DriftStatisticsTests.swift uses these numbers).

Banked parameters psi0 = (a, b, c) with covariance S0; the new calibration's estimate on its own
scale with covariance S, moved to the bank scale by theta* = A theta + B:
psi1 = (a/A, A b + B, c), S1 = J S J' with J = diag(1/A, A, 1).

- ICC displacement: D = sum_m w_m [P(theta_m; psi1) - P(theta_m; psi0)] over the new group's
  distribution N(mu, sigma^2) on its own scale (41 points on mu +- 5 sigma, normal density
  weights renormalised) moved to the bank scale; its delta-method standard error uses gradients
  by central finite differences here (the Swift code uses the analytic ones).
- Lord's chi-square: d' (S0 + S1)^-1 d with d = psi1 - psi0 (numpy.linalg.solve).
- The chi-square(3) upper 5% point (scipy if present, else the published 7.8147).

Run: python3 Tools/drift_statistics_check.py
"""
import numpy as np

D = 1.0
A, B = 1.1, 0.2
banked = np.array([1.2, 0.3, 0.2])
S0 = np.array([[0.010, 0.004, 0.002], [0.004, 0.040, 0.008], [0.002, 0.008, 0.003]])
new_own = np.array([1.05, 0.15, 0.17])  # on the new calibration's own scale
S = np.array([[0.012, 0.005, 0.0025], [0.005, 0.050, 0.009], [0.0025, 0.009, 0.0035]])
mu, sigma = 0.0, 1.0

J = np.diag([1 / A, A, 1.0])
linked = np.array([new_own[0] / A, A * new_own[1] + B, new_own[2]])
S1 = J @ S @ J.T

u = np.linspace(mu - 5 * sigma, mu + 5 * sigma, 41)
w = np.exp(-0.5 * ((u - mu) / sigma) ** 2)
w /= w.sum()
theta = A * u + B


def mean_icc(p):
    a, b, c = p
    return float(np.sum(w * (c + (1 - c) / (1 + np.exp(-D * a * (theta - b))))))


def gradient(p, h=1e-6):
    g = np.zeros(3)
    for k in range(3):
        e = np.zeros(3)
        e[k] = h
        g[k] = (mean_icc(p + e) - mean_icc(p - e)) / (2 * h)
    return g


delta = mean_icc(linked) - mean_icc(banked)
g0, g1 = gradient(banked), gradient(linked)
se = np.sqrt(g0 @ S0 @ g0 + g1 @ S1 @ g1)
d = linked - banked
lord = float(d @ np.linalg.solve(S0 + S1, d))
try:
    from scipy.stats import chi2

    critical = chi2.ppf(0.95, 3)
except ImportError:
    critical = 7.814727903251178

print("linked psi1:", np.round(linked, 12))
print("S1:", np.round(S1, 12).tolist())
print(f"ICC displacement {delta:.10f}  se {se:.10f}  z {delta / se:.8f}")
print(f"Lord chi-square {lord:.8f} (3 df), critical {critical:.6f}")

# A 2PL anchor (c = 0, not estimated): Lord's chi-square over (a, b), 2 df.
banked2 = np.array([0.9, -0.4])
S0_2 = np.array([[0.006, -0.002], [-0.002, 0.011]])
new2_own = np.array([1.1, -0.9])
S_2 = np.array([[0.008, -0.003], [-0.003, 0.009]])
J2 = np.diag([1 / A, A])
linked2 = np.array([new2_own[0] / A, A * new2_own[1] + B])
d2 = linked2 - banked2
lord2 = float(d2 @ np.linalg.solve(S0_2 + J2 @ S_2 @ J2.T, d2))
print(f"2PL Lord chi-square {lord2:.8f} (2 df)")
