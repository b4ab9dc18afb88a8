import Foundation

/// The χ² distribution's upper tail, for fit statistics' p-values.
public enum ChiSquare {
  /// P(χ²_df > x) = Q(df/2, x/2), the regularised upper incomplete gamma function.
  ///
  /// Q is evaluated by its power series for x < a + 1 and by its continued fraction (modified
  /// Lentz) otherwise, each to a relative accuracy of about 1e-14 (Press et al., *Numerical
  /// Recipes*, §6.2, formulas 6.2.5 and 6.2.7).
  ///
  /// - Precondition: df > 0, x ≥ 0.
  public static func upperTail(_ x: Double, degreesOfFreedom df: Double) -> Double {
    precondition(df > 0 && x >= 0)
    return regularizedUpperGamma(df / 2, x / 2)
  }

  /// Q(a, x) = Γ(a, x) / Γ(a).
  static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
    if x <= 0 { return 1 }
    let logPrefactor = a * log(x) - x - lgamma(a)
    if x < a + 1 {
      // P(a, x) = e^{−x} x^a / Γ(a) · Σₙ xⁿ / (a (a+1) … (a+n)).
      var term = 1 / a
      var sum = term
      var denominator = a
      for _ in 0..<10_000 {
        denominator += 1
        term *= x / denominator
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      return max(0, min(1, 1 - sum * exp(logPrefactor)))
    }
    // Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))).
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return max(0, min(1, exp(logPrefactor) * h))
  }
}
