import Foundation
import Testing

@testable import ItemResponseTheory

/// The per-item M-step on expected counts with a known maximiser.
@Suite struct ItemFisherScoringTests {
  static let theta = (0..<31).map { -4 + 8 * Double($0) / 30 }

  /// Counts with no noise, rₖ = nₖ·P(θₖ; a = 1.3, b = −0.4): the log-likelihood
  /// Σ rₖ log Pₖ + (nₖ − rₖ) log Qₖ is maximised exactly at the generating (a, b) (Gibbs'
  /// inequality, term by term), so Fisher scoring from elsewhere must return to it.
  @Test func recoversTheGeneratingParametersFromExactCounts() {
    let n = Self.theta.map { 1000 * exp(-0.5 * $0 * $0) }
    let r = zip(Self.theta, n).map { theta, count in count / (1 + exp(-1.3 * (theta + 0.4))) }
    let scoring = ItemFisherScoring(model: TwoParameterLogisticModel(), scalingConstant: 1)
    let estimate = scoring.maximise(from: [0.6, 1.5], r: r[...], n: n[...], theta: Self.theta)
    #expect(abs(estimate[0] - 1.3) < 1e-8)
    #expect(abs(estimate[1] + 0.4) < 1e-8)
    // At the maximum the gradient vanishes and the information is the textbook
    // Σ nₖ PₖQₖ (∂z/∂ψ)(∂z/∂ψ)ᵀ for z = a(θ − b), computed here directly.
    let at = scoring.statistics(estimate, r: r[...], n: n[...], theta: Self.theta)
    #expect(at.gradient.allSatisfy { abs($0) < 1e-6 })
    var iaa = 0.0
    for (theta, count) in zip(Self.theta, n) {
      let p = 1 / (1 + exp(-1.3 * (theta + 0.4)))
      iaa += count * p * (1 - p) * (theta + 0.4) * (theta + 0.4)
    }
    #expect(abs(at.information[0] - iaa) < 1e-6 * iaa)
  }

  /// A slope pushed below its bound stays on the bound (projected Newton), with b still fitted.
  @Test func holdsAParameterOnItsBound() {
    let n = Self.theta.map { 1000 * exp(-0.5 * $0 * $0) }
    // Decreasing in θ: the best slope is negative, so a stops at its lower bound 0.01.
    let r = zip(Self.theta, n).map { theta, count in count / (1 + exp(1.0 * (theta - 0.2))) }
    let scoring = ItemFisherScoring(model: TwoParameterLogisticModel(), scalingConstant: 1)
    let estimate = scoring.maximise(from: [1, 0], r: r[...], n: n[...], theta: Self.theta)
    #expect(estimate[0] == ParameterBounds.slope.lowerBound)
    #expect(estimate[1].isFinite)
  }
}
