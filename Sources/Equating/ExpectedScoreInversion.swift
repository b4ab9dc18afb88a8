import Foundation

/// The θ at which a strictly increasing expected-score curve (a test characteristic curve)
/// reaches a given score.
///
/// Method: Newton–Raphson θ ← θ − (τ(θ) − x)/τ′(θ) from θ = 0, safeguarded by a bracket
/// [lo, hi] with τ(lo) < x < τ(hi) (found by doubling outwards from ±1, up to |θ| = 2¹⁰): a Newton
/// step that leaves the bracket, or a vanishing τ′, is replaced by bisection. Converged when
/// |Δθ| ≤ 1e-12·(1 + |θ|) or |τ(θ) − x| ≤ 1e-13·(upper limit). Throws ``EquatingError`` if
/// neither happens within 200 iterations or no bracket is found.
enum ExpectedScoreInversion {
  /// The θ with τ(θ) = x, or nil when x is not strictly between the limits of τ.
  static func theta(
    forScore x: Double, lowerLimit: Double, upperLimit: Double, value: (Double) -> Double,
    valueAndDerivative: (Double) -> (value: Double, derivative: Double)
  ) throws -> Double? {
    guard x > lowerLimit, x < upperLimit else { return nil }
    var lo = -1.0
    while value(lo) >= x {
      lo *= 2
      guard lo >= -1024 else {
        throw EquatingError("cannot find θ for true score \(formatNumber(x)): τ(θ) ≥ it down to θ = −1024")
      }
    }
    var hi = 1.0
    while value(hi) <= x {
      hi *= 2
      guard hi <= 1024 else {
        throw EquatingError("cannot find θ for true score \(formatNumber(x)): τ(θ) ≤ it up to θ = 1024")
      }
    }
    var theta = min(max(0, lo), hi)
    if theta <= lo || theta >= hi { theta = (lo + hi) / 2 }
    let tolerance = 1e-13 * upperLimit
    for _ in 0..<200 {
      let (tau, slope) = valueAndDerivative(theta)
      let residual = tau - x
      if abs(residual) <= tolerance { return theta }
      if residual < 0 { lo = theta } else { hi = theta }
      var next = slope > 0 ? theta - residual / slope : .nan
      if !(next > lo && next < hi) { next = (lo + hi) / 2 }
      if abs(next - theta) <= 1e-12 * (1 + abs(theta)) { return next }
      theta = next
    }
    throw EquatingError(
      "Newton–Raphson inversion of the test characteristic curve did not converge for true score \(formatNumber(x))")
  }
}
