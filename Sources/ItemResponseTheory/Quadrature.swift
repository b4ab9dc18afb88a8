import Foundation

/// A discrete θ distribution: points and weights that sum to 1.
///
/// Used for marginal likelihoods (Bock–Aitkin EM), EAP scoring, observed-score equating and the
/// expected pass rate. The default is the one `calibrate` uses: 61 equally spaced points on
/// [−6, 6] weighted by the N(mean, sd²) density and renormalised.
public struct Quadrature: Sendable, Equatable {
  public var points: [Double]
  public var weights: [Double]

  public init(points: [Double], weights: [Double]) {
    precondition(points.count == weights.count && !points.isEmpty)
    let total = weights.reduce(0, +)
    precondition(total > 0, "quadrature weights must have a positive sum")
    self.points = points
    self.weights = weights.map { $0 / total }
  }

  /// `count` equally spaced points on [`lower`, `upper`] weighted by the normal density with
  /// `mean` and `sd`, normalised to sum to 1.
  public static func normal(
    count: Int = 61, lower: Double = -6, upper: Double = 6, mean: Double = 0, sd: Double = 1
  ) -> Quadrature {
    precondition(count >= 2 && upper > lower && sd > 0)
    let step = (upper - lower) / Double(count - 1)
    let points = (0..<count).map { lower + Double($0) * step }
    let weights = points.map { exp(-0.5 * (($0 - mean) / sd) * (($0 - mean) / sd)) }
    return Quadrature(points: points, weights: weights)
  }

  /// Equally spaced points on [`lower`, `upper`] with equal weights.
  public static func uniform(count: Int, lower: Double, upper: Double) -> Quadrature {
    precondition(count >= 2 && upper > lower)
    let step = (upper - lower) / Double(count - 1)
    let points = (0..<count).map { lower + Double($0) * step }
    return Quadrature(points: points, weights: [Double](repeating: 1, count: count))
  }
}

/// The Lord–Wingersky (1984) recursion: the distribution of the number-correct score given θ.
///
/// Starting from f₀(0) = 1, adding item j with success probability Pⱼ gives
/// fⱼ(x) = fⱼ₋₁(x)·(1 − Pⱼ) + fⱼ₋₁(x − 1)·Pⱼ. After n items, f(x) = P(X = x | θ), x = 0…n.
///
/// - Complexity: O(n²) for n items.
public enum LordWingersky {
  /// P(X = x | θ) for x = 0…n, given each item's probability of a correct answer at θ.
  public static func scoreDistribution(probabilities: [Double]) -> [Double] {
    var distribution = [Double](repeating: 0, count: probabilities.count + 1)
    distribution[0] = 1
    for (index, p) in probabilities.enumerated() {
      let count = index + 1
      distribution[count] = distribution[count - 1] * p
      var x = count - 1
      while x > 0 {
        distribution[x] = distribution[x] * (1 - p) + distribution[x - 1] * p
        x -= 1
      }
      distribution[0] *= (1 - p)
    }
    return distribution
  }

  /// The marginal number-correct distribution Σₖ wₖ·P(X = x | θₖ) over a quadrature.
  public static func marginalDistribution(
    items: [ItemParameters], scalingConstant: Double, quadrature: Quadrature
  ) -> [Double] {
    var marginal = [Double](repeating: 0, count: items.count + 1)
    for (theta, weight) in zip(quadrature.points, quadrature.weights) {
      let conditional = scoreDistribution(
        probabilities: items.map { $0.probability(at: theta, scalingConstant: scalingConstant) })
      for x in marginal.indices { marginal[x] += weight * conditional[x] }
    }
    return marginal
  }
}
