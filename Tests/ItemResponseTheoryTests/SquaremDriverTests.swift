import Foundation
import Testing

@testable import ItemResponseTheory

/// The fixed-point driver on maps whose fixed points are known in closed form.
@Suite struct SquaremDriverTests {
  /// F(x) = M·x + b with M = [[0.9, 0.05], [0.05, 0.8]] (eigenvalues 0.9207 and 0.7793, so plain
  /// iteration is slow) and b = (0.15, 0.25): the fixed point solves (I − M)x = b, by hand with
  /// det(I − M) = 0.1·0.2 − 0.05² = 0.0175: x₁ = (0.2·0.15 + 0.05·0.25)/0.0175 = 2.428571…,
  /// x₂ = (0.05·0.15 + 0.1·0.25)/0.0175 = 1.857142….
  /// The objective is −‖x − F(x)‖², which rises toward the fixed point.
  static func linearStep(_ x: [Double]) -> (next: [Double], objective: Double) {
    let next = [0.9 * x[0] + 0.05 * x[1] + 0.15, 0.05 * x[0] + 0.8 * x[1] + 0.25]
    let residual = (next[0] - x[0]) * (next[0] - x[0]) + (next[1] - x[1]) * (next[1] - x[1])
    return (next, -residual)
  }
  static let fixedPoint = [0.0425 / 0.0175, 0.0325 / 0.0175]

  @Test func plainIterationReachesTheFixedPoint() {
    let driver = SquaremDriver(tolerance: 1e-10, maximumIterations: 10_000, accelerated: false)
    let outcome = driver.run(from: [0.0, 0.0], step: Self.linearStep, vector: { $0 }, extrapolated: { x, _ in x })
    #expect(outcome.converged)
    // The error shrinks by the spectral radius 0.9207 a step: |e| ≈ change·ρ/(1 − ρ) ≤ 1.2e-9.
    #expect(abs(outcome.state[0] - Self.fixedPoint[0]) < 2e-9)
    #expect(abs(outcome.state[1] - Self.fixedPoint[1]) < 2e-9)
  }

  @Test func squaremReachesItInFarFewerSteps() {
    let plain = SquaremDriver(tolerance: 1e-10, maximumIterations: 10_000, accelerated: false)
      .run(from: [0.0, 0.0], step: Self.linearStep, vector: { $0 }, extrapolated: { x, _ in x })
    let fast = SquaremDriver(tolerance: 1e-10, maximumIterations: 10_000, accelerated: true)
      .run(from: [0.0, 0.0], step: Self.linearStep, vector: { $0 }, extrapolated: { x, _ in x })
    #expect(fast.converged)
    #expect(abs(fast.state[0] - Self.fixedPoint[0]) < 1e-8 && abs(fast.state[1] - Self.fixedPoint[1]) < 1e-8)
    #expect(fast.iterations * 3 < plain.iterations, "SQUAREM \(fast.iterations), plain \(plain.iterations)")
  }

  /// An objective that punishes every extrapolation: SQUAREM must then fall back to the two plain
  /// steps each cycle (3 steps per cycle of which the third is discarded), and still converge.
  @Test func rejectedExtrapolationsFallBackToPlainSteps() {
    var extrapolations = 0
    let driver = SquaremDriver(tolerance: 1e-10, maximumIterations: 10_000, accelerated: true)
    let outcome = driver.run(
      from: [0.0, 0.0],
      step: { x in
        let (next, objective) = Self.linearStep(x)
        return (next, x.count == 3 ? -.infinity : objective)
      },
      vector: { Array($0.prefix(2)) },
      extrapolated: { x, _ in
        extrapolations += 1
        return x + [1]  // marks the state as extrapolated; its objective is −∞
      })
    #expect(outcome.converged)
    #expect(extrapolations > 0)
    #expect(abs(outcome.state[0] - Self.fixedPoint[0]) < 2e-9)
  }

  @Test func theIterationLimitIsReportedAsNotConverged() {
    var observed: [Int] = []
    let outcome = SquaremDriver(tolerance: 1e-12, maximumIterations: 7, accelerated: true)
      .run(
        from: [0.0, 0.0], step: Self.linearStep, vector: { $0 }, extrapolated: { x, _ in x },
        observe: { iteration, _ in observed.append(iteration) })
    #expect(!outcome.converged)
    #expect(outcome.iterations == 7)
    #expect(observed == Array(1...7))
    #expect(outcome.lastChange > 1e-12)
  }

  /// α = −‖r‖/‖v‖: r = (1, 0), v = (−0.5, 0) gives −2; v = 0 (a linear step) gives the cap −1.
  @Test func stepLengthIsMinusTheRatioOfNorms() {
    #expect(SquaremDriver.stepLength([0, 0], [1, 0], [1.5, 0]) == -2)
    #expect(SquaremDriver.stepLength([0, 0], [1, 0], [2, 0]) == -1)
  }
}
