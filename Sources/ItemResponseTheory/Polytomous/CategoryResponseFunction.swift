import Foundation

/// What every step after calibration needs of an item scored in categories 0…m: the category
/// probabilities Pₖ(θ), their θ derivatives Pₖ′(θ), the expected item score and the item's
/// Fisher information.
///
/// A dichotomous item is the case m = 1 with P₀ = Q and P₁ = P (``ItemParameters`` conforms);
/// the generalized partial credit and graded response models (``PolytomousItemParameters``)
/// have any m ≥ 1. Mixed-format scoring, the generalised Lord–Wingersky recursion, the expected
/// score curve, category-curve linking and mixed-format equating reach items only through this
/// protocol.
///
/// - Expected score: E(θ) = Σₖ k·Pₖ(θ), E′(θ) = Σₖ k·Pₖ′(θ).
/// - Fisher information: I(θ) = Σₖ Pₖ′(θ)² / Pₖ(θ) (Samejima 1969; for m = 1 it is Lord's
///   P′² / (P·Q)). Categories whose probability underflows to 0 contribute nothing.
public protocol CategoryResponseFunction: Sendable {
  /// The item id, as in parameter files.
  var id: String { get }
  /// m + 1, the number of score categories (2 for a dichotomous item).
  var categoryCount: Int { get }
  /// P₀(θ)…Pₘ(θ), non-negative and summing to 1.
  func categoryProbabilities(at theta: Double, scalingConstant D: Double) -> [Double]
  /// P₀…Pₘ and their θ derivatives P₀′…Pₘ′ (which sum to 0).
  func categoryCurves(at theta: Double, scalingConstant D: Double) -> (probabilities: [Double], derivatives: [Double])
  /// lim E(θ) as θ → −∞ (c for the 3PL, 0 for GPCM and GRM items).
  var lowestExpectedScore: Double { get }
  /// lim E(θ) as θ → +∞ (m for every built-in model).
  var highestExpectedScore: Double { get }
}

extension CategoryResponseFunction {
  /// m, the highest score of the item.
  public var maximumScore: Int { categoryCount - 1 }

  /// E(θ) = Σₖ k·Pₖ(θ).
  public func expectedScore(at theta: Double, scalingConstant D: Double) -> Double {
    var total = 0.0
    for (k, p) in categoryProbabilities(at: theta, scalingConstant: D).enumerated() { total += Double(k) * p }
    return total
  }

  /// E(θ) and E′(θ) = Σₖ k·Pₖ′(θ).
  public func expectedScoreAndDerivative(at theta: Double, scalingConstant D: Double) -> (
    value: Double, derivative: Double
  ) {
    let (probabilities, derivatives) = categoryCurves(at: theta, scalingConstant: D)
    var value = 0.0
    var derivative = 0.0
    for k in probabilities.indices {
      value += Double(k) * probabilities[k]
      derivative += Double(k) * derivatives[k]
    }
    return (value, derivative)
  }

  /// I(θ) = Σₖ Pₖ′² / Pₖ.
  public func fisherInformation(at theta: Double, scalingConstant D: Double) -> Double {
    let (probabilities, derivatives) = categoryCurves(at: theta, scalingConstant: D)
    var total = 0.0
    for k in probabilities.indices where probabilities[k] > 0 {
      total += derivatives[k] * derivatives[k] / probabilities[k]
    }
    return total
  }
}

extension ItemParameters: CategoryResponseFunction {
  public var categoryCount: Int { 2 }

  /// [Q, P] with P the item's own response function.
  public func categoryProbabilities(at theta: Double, scalingConstant D: Double) -> [Double] {
    let p = probability(at: theta, scalingConstant: D)
    return [1 - p, p]
  }

  /// [Q, P] and [−P′, P′].
  public func categoryCurves(at theta: Double, scalingConstant D: Double) -> (
    probabilities: [Double], derivatives: [Double]
  ) {
    let (p, derivative) = probabilityAndDerivative(at: theta, scalingConstant: D)
    return ([1 - p, p], [-derivative, derivative])
  }

  public var lowestExpectedScore: Double { lowerAsymptote }
  public var highestExpectedScore: Double { upperAsymptote }
}
