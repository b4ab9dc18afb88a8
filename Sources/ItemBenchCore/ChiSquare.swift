import Foundation

/// The chi-square distribution's upper tail, for goodness-of-fit tests (key balance in lint and
/// coverage, S-X² item fit).
public enum ChiSquare {
  /// `P(X ≥ x)` for `X ~ χ²(k)`: the regularised upper incomplete gamma function `Q(k/2, x/2)`.
  ///
  /// `Q(a, x) = Γ(a, x) / Γ(a)` is evaluated by its power series for `x < a + 1` (as `1 − P`) and
  /// by its continued fraction (modified Lentz) otherwise, each to a relative accuracy of 1e-14
  /// or 500 terms — the textbook split (Press et al., *Numerical Recipes*, 3rd ed., §6.2).
  ///
  /// - Parameters:
  ///   - x: the statistic, `x ≥ 0` (negative values give 1).
  ///   - degreesOfFreedom: `k > 0` (whole or fractional).
  /// - Returns: a probability in `[0, 1]`.
  public static func upperTail(_ x: Double, degreesOfFreedom k: Double) -> Double {
    precondition(k > 0, "chi-square needs a positive number of degrees of freedom")
    guard x > 0, x.isFinite else { return x.isInfinite && x > 0 ? 0 : 1 }
    return regularizedUpperGamma(a: k / 2, x: x / 2)
  }

  /// `P(X ≥ x)` for `X ~ χ²(k)` with whole `k ≥ 1`.
  public static func upperTail(_ x: Double, degreesOfFreedom k: Int) -> Double {
    upperTail(x, degreesOfFreedom: Double(k))
  }

  /// `Q(a, x) = 1 − P(a, x)`, the regularised upper incomplete gamma function, for `a > 0`, `x ≥ 0`.
  static func regularizedUpperGamma(a: Double, x: Double) -> Double {
    if x <= 0 { return 1 }
    let logPrefix = -x + a * log(x) - lgamma(a)
    if x < a + 1 {
      // P(a, x) = e^{-x} x^a / Γ(a) · Σ_{n≥0} x^n / (a (a+1) … (a+n))
      var term = 1 / a
      var sum = term
      var denominator = a
      for _ in 0..<500 {
        denominator += 1
        term *= x / denominator
        sum += term
        if abs(term) < abs(sum) * 1e-14 { break }
      }
      return Swift.min(1, Swift.max(0, 1 - exp(logPrefix) * sum))
    }
    // Q(a, x) = e^{-x} x^a / Γ(a) · 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …)))
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1...500 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-14 { break }
    }
    return Swift.min(1, Swift.max(0, exp(logPrefix) * h))
  }
}
