import Foundation

/// The generalised Lord–Wingersky recursion (Thissen, Pommerich, Billeaud & Williams 1995):
/// the distribution of the summed score of items scored 0…mⱼ, given θ.
///
/// Starting from f₀(0) = 1, adding item j with category probabilities Pⱼ₀…Pⱼₘⱼ gives
/// fⱼ(x) = Σₖ fⱼ₋₁(x − k)·Pⱼₖ; after all items f(x) = P(X = x | θ), x = 0…Σmⱼ. For dichotomous
/// items it is the Lord–Wingersky recursion.
///
/// - Complexity: O(M·Σⱼ(mⱼ + 1)) for maximum score M.
public enum SummedScoreDistribution {
  /// P(X = x | θ) for x = 0…Σmⱼ, from each item's category probabilities at θ.
  public static func conditional(categoryProbabilities: [[Double]]) -> [Double] {
    let maximum = categoryProbabilities.reduce(0) { $0 + $1.count - 1 }
    var distribution = [Double](repeating: 0, count: maximum + 1)
    distribution[0] = 1
    var reached = 0
    var next = distribution
    for probabilities in categoryProbabilities {
      let m = probabilities.count - 1
      for x in 0...(reached + m) { next[x] = 0 }
      for x in 0...reached where distribution[x] != 0 {
        for k in 0...m { next[x + k] += distribution[x] * probabilities[k] }
      }
      reached += m
      swap(&distribution, &next)
    }
    return distribution
  }

  /// P(X = x | θ) for the items at θ.
  public static func conditional(
    items: [any CategoryResponseFunction], theta: Double, scalingConstant D: Double
  ) -> [Double] {
    conditional(categoryProbabilities: items.map { $0.categoryProbabilities(at: theta, scalingConstant: D) })
  }

  /// The marginal summed-score distribution Σ_q w_q·P(X = x | θ_q) over a quadrature.
  public static func marginal(
    items: [any CategoryResponseFunction], scalingConstant D: Double, quadrature: Quadrature
  ) -> [Double] {
    let maximum = items.reduce(0) { $0 + $1.maximumScore }
    var marginal = [Double](repeating: 0, count: maximum + 1)
    for (theta, weight) in zip(quadrature.points, quadrature.weights) {
      let distribution = conditional(items: items, theta: theta, scalingConstant: D)
      for x in marginal.indices { marginal[x] += weight * distribution[x] }
    }
    return marginal
  }
}

/// θ estimates from category scores on mixed-format items.
public enum MixedFormatScoring {
  /// An estimate and its standard error (posterior SD for EAP, 1/√I(θ̂) for ML).
  public struct Estimate: Sendable, Hashable {
    public var theta: Double
    public var standardError: Double
  }

  /// The expected a posteriori θ and posterior SD of one response vector (nil entries are
  /// missing) over `prior`: θ̂ = Σ_q θ_q·w_q·L(θ_q) / Σ_q w_q·L(θ_q), L(θ) = Πⱼ Pⱼ,xⱼ(θ),
  /// computed in log space. Throws for a score outside an item's categories.
  public static func expectedAPosteriori(
    scores: [Int?], items: [any CategoryResponseFunction], scalingConstant D: Double, prior: Quadrature
  ) throws -> Estimate {
    guard scores.count == items.count else {
      throw CalibrationError("expected \(items.count) scores, found \(scores.count)")
    }
    for (score, item) in zip(scores, items) {
      if let score, score < 0 || score > item.maximumScore {
        throw CalibrationError("score \(score) on item '\(item.id)' is outside 0…\(item.maximumScore)")
      }
    }
    var logPosterior = prior.weights.map { log($0) }
    for (index, theta) in prior.points.enumerated() {
      for (score, item) in zip(scores, items) {
        guard let score else { continue }
        logPosterior[index] += log(item.categoryProbabilities(at: theta, scalingConstant: D)[score])
      }
    }
    let top = logPosterior.max() ?? 0
    guard top.isFinite else {
      throw CalibrationError("the responses have zero likelihood at every quadrature point")
    }
    var total = 0.0, mean = 0.0, square = 0.0
    for (index, theta) in prior.points.enumerated() {
      let w = exp(logPosterior[index] - top)
      total += w
      mean += w * theta
      square += w * theta * theta
    }
    mean /= total
    return Estimate(theta: mean, standardError: max(square / total - mean * mean, 0).squareRoot())
  }

  /// Summed-score EAP table: for each summed score x = 0…M, E(θ | X = x) and SD(θ | X = x),
  /// from P(X = x | θ_q)·w_q (generalised Lord–Wingersky; Thissen et al. 1995); nil for a
  /// score no point of the prior can produce.
  public static func summedScoreTable(
    items: [any CategoryResponseFunction], scalingConstant D: Double, prior: Quadrature
  ) -> [Estimate?] {
    let maximum = items.reduce(0) { $0 + $1.maximumScore }
    var total = [Double](repeating: 0, count: maximum + 1)
    var first = total
    var second = total
    for (theta, weight) in zip(prior.points, prior.weights) {
      let distribution = SummedScoreDistribution.conditional(items: items, theta: theta, scalingConstant: D)
      for x in 0...maximum {
        let w = weight * distribution[x]
        total[x] += w
        first[x] += w * theta
        second[x] += w * theta * theta
      }
    }
    return (0...maximum).map { x in
      guard total[x] > 0 else { return nil }
      let mean = first[x] / total[x]
      return Estimate(theta: mean, standardError: max(second[x] / total[x] - mean * mean, 0).squareRoot())
    }
  }
}
