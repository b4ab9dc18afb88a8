import ItemResponseTheory
import Testing

@testable import Equating

@Suite struct ScoreEquatingTests {
  /// PolyEquate's true-score equivalents and θ (6 decimals) of the K&B forms. PolyEquate's
  /// Newton–Raphson stops earlier than ours (differences up to 1.7e-6 in the equivalents), so the
  /// tolerance is 5e-6: agreement to 5 decimals. Scores 0…6 (≤ Σc = 6.527) follow the linear rule
  /// and have no θ; 36 maps to 36.
  @Test func trueScoreEquatingReproducesPolyEquate() throws {
    let result = try TrueScoreEquating.equate(
      new: Published.items(Published.trueScoreX), base: Published.items(Published.trueScoreY), scalingConstant: 1.7)
    #expect(result.count == 37)
    for row in result {
      #expect(abs(row.equated - Published.trueScoreEquivalents[row.raw]) <= 5e-6, "raw \(row.raw)")
      let published = Published.trueScoreThetas[row.raw]
      if abs(published) == 99 {
        #expect(row.theta == nil, "raw \(row.raw)")
      } else {
        #expect(abs(row.theta! - published) <= 5e-6, "raw \(row.raw)")
      }
    }
  }

  /// Equating Recipes' observed-score equivalents (5 decimals) with w₁ = 1: agreement to every
  /// published digit (|difference| ≤ 5e-6).
  @Test func observedScoreEquatingReproducesEquatingRecipes() throws {
    let population = Quadrature(points: Published.observedPointsX, weights: Published.observedWeightsX)
    let result = try ObservedScoreEquating.equate(
      new: Published.items(Published.observedX), base: Published.items(Published.observedY), scalingConstant: 1.7,
      population: population)
    #expect(result.scores.count == 37)
    for row in result.scores {
      #expect(abs(row.equated - Published.observedEquivalents[row.raw]) <= 5e-6, "raw \(row.raw)")
    }
    #expect(abs(result.newDistribution.reduce(0, +) - 1) < 1e-12)
  }

  @Test func lordWingerskyReproducesTheTextbookExample() {
    let distribution = LordWingersky.scoreDistribution(probabilities: Published.lordWingerskyProbabilities)
    for (value, published) in zip(distribution, Published.lordWingerskyDistribution) {
      #expect(abs(value - published) < 5e-7)
    }
  }

  /// A form equated to itself: both methods give the identity (x ↦ x) up to solver precision.
  @Test func aFormEquatedToItselfIsTheIdentity() throws {
    let form = syntheticForm(count: 30, seed: 3)
    let trueScore = try IRTEquating.equate(base: form, new: form)
    for row in trueScore.scores { #expect(abs(row.equated - Double(row.raw)) < 1e-9) }
    let observed = try IRTEquating.equate(base: form, new: form, options: EquatingOptions(method: .observedScore))
    for row in observed.scores { #expect(abs(row.equated - Double(row.raw)) < 1e-9) }
  }

  /// The percentile-rank definitions on a hand-computable case: f = (.2, .3, .5), g = (.5, .5).
  /// P(0) = .1 → y_U = 0, e = .1/.5 − .5 = −.3; P(1) = .35 → e = .35/.5 − .5 = .2;
  /// P(2) = .75 → y_U = 1, e = (.75 − .5)/.5 + .5 = 1.0.
  @Test func equipercentileFollowsKolenBrennanDefinitions() {
    let e = ObservedScoreEquating.equipercentile(from: [0.2, 0.3, 0.5], to: [0.5, 0.5])
    #expect(abs(e[0] + 0.3) < 1e-12 && abs(e[1] - 0.2) < 1e-12 && abs(e[2] - 1.0) < 1e-12)
  }

  /// Newton–Raphson on the TCC: τ(θ̂) = x to 1e-12 across the range, including near Σc.
  @Test func tccInversionHitsTheTarget() throws {
    let form = syntheticForm(count: 40, seed: 9)
    let curve = TestCharacteristicCurve(items: form.items, scalingConstant: 1.7)
    for x in [curve.lowerAsymptote + 1e-6, curve.lowerAsymptote + 0.5, 20, 39.9, 39.999] {
      let theta = try #require(try curve.theta(forTrueScore: x))
      #expect(abs(curve.value(at: theta) - x) < 1e-10, "x = \(x)")
    }
    #expect(try curve.theta(forTrueScore: curve.lowerAsymptote) == nil)
    #expect(try curve.theta(forTrueScore: 40) == nil)
  }
}
