/// Levenberg–Marquardt minimisation of a sum of squares Σᵢ rᵢ(p)² in one or two parameters, with
/// an analytic Jacobian. Used for the Haebara and Stocking–Lord criteria, which are exactly such
/// sums (weighted squared differences of item or test characteristic curves).
///
/// Each iteration solves (JᵀJ + λ·diag(JᵀJ))·δ = −Jᵀr (Marquardt, 1963). A step is accepted when
/// it lowers the criterion (then λ ← λ/10), otherwise λ ← 10·λ and the step is retried; steps that
/// leave the feasible region (`isFeasible`, e.g. A ≤ 0) are rejected the same way.
///
/// Convergence: an accepted step with maxᵢ |δᵢ| / (1 + |pᵢ|) < 1e-10, or a gradient
/// maxᵢ |(Jᵀr)ᵢ| < 1e-15, or no further decrease possible at λ > 1e12 (the criterion is at its
/// floating-point minimum). At most `maxIterations` (default 500) Jacobian evaluations;
/// otherwise ``Outcome/converged`` is false.
enum LeastSquares {
  struct Outcome {
    var parameters: [Double]
    /// Σ r² at ``parameters``.
    var value: Double
    var iterations: Int
    var converged: Bool
  }

  /// `evaluate(p)` returns the residuals and, when `jacobian` is true, the Jacobian rows
  /// (∂rᵢ/∂p, one row per residual, `p.count` entries each).
  static func levenbergMarquardt(
    start: [Double], maxIterations: Int = 500,
    isFeasible: ([Double]) -> Bool = { _ in true },
    evaluate: ([Double], _ jacobian: Bool) -> (residuals: [Double], jacobian: [[Double]])
  ) -> Outcome {
    precondition(start.count == 1 || start.count == 2)
    let k = start.count
    var p = start
    var (r, J) = evaluate(p, true)
    var value = sumOfSquares(r)
    var lambda = 1e-3
    var iterations = 0
    while iterations < maxIterations {
      iterations += 1
      // Normal equations.
      var h = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
      var g = [Double](repeating: 0, count: k)
      for (ri, row) in zip(r, J) {
        for i in 0..<k {
          g[i] += row[i] * ri
          for j in 0..<k { h[i][j] += row[i] * row[j] }
        }
      }
      if g.allSatisfy({ abs($0) < 1e-15 }) {
        return Outcome(parameters: p, value: value, iterations: iterations, converged: true)
      }
      var accepted = false
      while !accepted {
        guard lambda <= 1e12 else {
          // No direction lowers the criterion any more: p is a minimum to machine precision.
          return Outcome(parameters: p, value: value, iterations: iterations, converged: true)
        }
        var damped = h
        for i in 0..<k { damped[i][i] += lambda * max(h[i][i], 1e-300) }
        guard let delta = solve(damped, g.map { -$0 }) else {
          lambda *= 10
          continue
        }
        let trial = zip(p, delta).map { $0 + $1 }
        guard trial.allSatisfy(\.isFinite), isFeasible(trial) else {
          lambda *= 10
          continue
        }
        let trialResiduals = evaluate(trial, false).residuals
        let trialValue = sumOfSquares(trialResiduals)
        if trialValue.isFinite && trialValue <= value {
          let small = zip(delta, p).allSatisfy { abs($0) / (1 + abs($1)) < 1e-10 }
          p = trial
          (r, J) = evaluate(p, true)
          value = sumOfSquares(r)
          lambda = max(lambda / 10, 1e-12)
          accepted = true
          if small { return Outcome(parameters: p, value: value, iterations: iterations, converged: true) }
        } else {
          lambda *= 10
        }
      }
    }
    return Outcome(parameters: p, value: value, iterations: iterations, converged: false)
  }

  static func sumOfSquares(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

  /// Solves a 1×1 or 2×2 linear system; nil if singular.
  static func solve(_ m: [[Double]], _ v: [Double]) -> [Double]? {
    if m.count == 1 {
      guard m[0][0] != 0 else { return nil }
      return [v[0] / m[0][0]]
    }
    let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
    guard det != 0, det.isFinite else { return nil }
    return [(v[0] * m[1][1] - m[0][1] * v[1]) / det, (m[0][0] * v[1] - v[0] * m[1][0]) / det]
  }
}
