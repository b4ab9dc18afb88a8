import Foundation
import ItemResponseTheory

/// The test characteristic curve τ(θ) = Σⱼ Pⱼ(θ) of a form: the expected number-correct score at θ.
///
/// Each Pⱼ is the item's own response function (``ItemResponseFunction``: the a/b/c formula, or
/// a registered model's). τ increases strictly from Σⱼ of the lower asymptotes (Σⱼ cⱼ for the
/// 3PL) as θ → −∞ to Σⱼ of the upper asymptotes (n for the 3PL) as θ → +∞, so every true score
/// strictly between those limits has exactly one θ.
public struct TestCharacteristicCurve: Sendable {
  public let items: [ItemParameters]
  public let scalingConstant: Double

  public init(items: [ItemParameters], scalingConstant: Double) {
    self.items = items
    self.scalingConstant = scalingConstant
  }

  /// Σⱼ of the items' lower asymptotes (Σⱼ cⱼ), the limit of τ as θ → −∞.
  public var lowerAsymptote: Double { items.reduce(0) { $0 + $1.lowerAsymptote } }
  /// Σⱼ of the items' upper asymptotes (n, the number of items, for the 3PL family), the limit
  /// as θ → +∞.
  public var maximum: Double { items.reduce(0) { $0 + $1.upperAsymptote } }

  /// τ(θ) = Σⱼ Pⱼ(θ).
  public func value(at theta: Double) -> Double {
    items.reduce(0) { $0 + $1.probability(at: theta, scalingConstant: scalingConstant) }
  }

  /// τ(θ) and τ′(θ) = Σⱼ Pⱼ′(θ) (for the 3PL, Pⱼ′ = D·aⱼ·(1 − cⱼ)·ψⱼ·(1 − ψⱼ)).
  public func valueAndDerivative(at theta: Double) -> (value: Double, derivative: Double) {
    var value = 0.0
    var derivative = 0.0
    for item in items {
      let term = item.probabilityAndDerivative(at: theta, scalingConstant: scalingConstant)
      value += term.probability
      derivative += term.derivative
    }
    return (value, derivative)
  }

  /// The θ with τ(θ) = `trueScore`, or nil when the score is not strictly between Σc and n.
  ///
  /// Method: Newton–Raphson θ ← θ − (τ(θ) − x)/τ′(θ) from θ = 0, safeguarded by a bracket
  /// [lo, hi] with τ(lo) < x < τ(hi) (found by doubling outwards from ±1, up to |θ| = 2¹⁰): a Newton
  /// step that leaves the bracket, or a vanishing τ′, is replaced by bisection. Converged when
  /// |Δθ| ≤ 1e-12·(1 + |θ|) or |τ(θ) − x| ≤ 1e-13·n. Throws ``EquatingError`` if neither happens
  /// within 200 iterations or no bracket is found.
  public func theta(forTrueScore x: Double) throws -> Double? {
    try ExpectedScoreInversion.theta(
      forScore: x, lowerLimit: lowerAsymptote, upperLimit: maximum, value: value(at:),
      valueAndDerivative: valueAndDerivative(at:))
  }
}
