import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

@testable import Equating

/// Classification accuracy integrates across the jump at the θ cut (issue 17): checked against
/// an independent computation (own Lord–Wingersky recursion, trapezoid rule with 200,000
/// intervals on each side of the cut, written here without the library).
@Suite struct DecisionAccuracyPrecisionTests {
  static let items: [(a: Double, b: Double, c: Double)] = [
    (1.0, -1.2, 0), (0.8, -0.6, 0.2), (1.3, -0.2, 0), (1.1, 0.1, 0.15), (0.9, 0.4, 0),
    (1.5, 0.7, 0.2), (0.7, 1.0, 0), (1.2, -0.9, 0.1), (1.0, 0.3, 0), (0.6, 1.4, 0.25),
  ]

  func probability(_ item: (a: Double, b: Double, c: Double), _ theta: Double) -> Double {
    item.c + (1 - item.c) / (1 + exp(-item.a * (theta - item.b)))
  }

  /// P(X ≥ cut | θ) by the Lord–Wingersky recursion.
  func passProbability(_ theta: Double, rawCut: Int) -> Double {
    var distribution = [1.0]
    for item in Self.items {
      let p = probability(item, theta)
      var next = [Double](repeating: 0, count: distribution.count + 1)
      for (x, mass) in distribution.enumerated() {
        next[x] += mass * (1 - p)
        next[x + 1] += mass * p
      }
      distribution = next
    }
    return distribution[rawCut...].reduce(0, +)
  }

  func trapezoid(_ a: Double, _ b: Double, _ n: Int, _ f: (Double) -> Double) -> Double {
    let h = (b - a) / Double(n)
    var sum = (f(a) + f(b)) / 2
    for k in 1..<n { sum += f(a + Double(k) * h) }
    return sum * h
  }

  @Test func accuracyMatchesAFineIndependentIntegral() throws {
    let file = ParameterFile(
      model: "3pl",
      items: Self.items.enumerated().map {
        ItemParameters(id: "Q\($0.offset)", a: $0.element.a, b: $0.element.b, c: $0.element.c)
      },
    )
    let rawCut = 6
    let scale = ScaleSpecification(
      minimum: 0, maximum: 100, passingScore: 60, cut: .raw(Double(rawCut)), mapping: .piecewiseRaw)
    let equating = try IRTEquating.equate(base: file, new: file)
    let table = try ScaleTableBuilder.build(equating: equating, base: file, new: file, scale: scale)

    // θ cut: the base TCC equals the raw cut (bisection).
    var low = -10.0
    var high = 10.0
    for _ in 0..<200 {
      let middle = (low + high) / 2
      let tcc = Self.items.reduce(0) { $0 + probability($1, middle) }
      if tcc < Double(rawCut) { low = middle } else { high = middle }
    }
    let thetaCut = (low + high) / 2
    #expect(abs(table.thetaCut - thetaCut) < 1e-6)
    let density = { (theta: Double) in exp(-theta * theta / 2) / (2 * Double.pi).squareRoot() }
    let below = trapezoid(-12, thetaCut, 40_000) { (1 - passProbability($0, rawCut: rawCut)) * density($0) }
    let above = trapezoid(thetaCut, 12, 40_000) { passProbability($0, rawCut: rawCut) * density($0) }
    let reference = below + above
    #expect(
      abs(table.decision.accuracy - reference) < 1e-6, "accuracy \(table.decision.accuracy), reference \(reference)")

    // The 61-point grid, what the table used before, is off by far more than that.
    let grid = (0..<61).map { -6 + Double($0) * 0.2 }
    let weights = grid.map(density)
    let total = weights.reduce(0, +)
    let gridAccuracy = zip(grid, weights).reduce(0) { sum, point in
      let p = passProbability(point.0, rawCut: rawCut)
      return sum + point.1 / total * (point.0 >= thetaCut ? p : 1 - p)
    }
    #expect(abs(gridAccuracy - reference) > 1e-4, "grid \(gridAccuracy), reference \(reference)")
  }
}
