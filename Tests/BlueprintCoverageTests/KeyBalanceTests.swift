import ItemBenchCore
import Foundation
import ItemBank
import Testing

@testable import BlueprintCoverage

@Suite struct ChiSquareTests {
  /// Upper 5% and 1% critical values of the chi-square distribution, as printed in standard
  /// tables (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4), to 3 decimals.
  static let criticalValues: [(df: Int, value: Double, p: Double)] = [
    (1, 3.841, 0.05), (1, 6.635, 0.01), (2, 5.991, 0.05), (3, 7.815, 0.05), (3, 11.345, 0.01),
    (4, 9.488, 0.05), (5, 11.070, 0.05), (10, 18.307, 0.05), (10, 23.209, 0.01), (20, 31.410, 0.05),
  ]

  @Test func matchesPublishedCriticalValues() {
    for row in Self.criticalValues {
      let p = ChiSquare.upperTail(row.value, degreesOfFreedom: row.df)
      // The table rounds the statistic to 3 decimals, which moves p by less than 1e-4 here.
      #expect(abs(p - row.p) < 1e-4, "df \(row.df), x \(row.value): p \(p)")
    }
  }

  @Test func matchesClosedForms() {
    for x in [0.05, 0.5, 1, 2.5, 4, 7.5, 10, 20, 40] {
      // df 1: Q = erfc(√(x/2)); df 2: Q = e^(−x/2); df 3: Q = erfc(√(x/2)) + √(2x/π)·e^(−x/2).
      let one = erfc((x / 2).squareRoot())
      let two = exp(-x / 2)
      let three = one + (2 * x / Double.pi).squareRoot() * exp(-x / 2)
      #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 1) - one) < 1e-12, "x \(x)")
      #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 2) - two) < 1e-12, "x \(x)")
      #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 3) - three) < 1e-12, "x \(x)")
    }
    #expect(ChiSquare.upperTail(0, degreesOfFreedom: 3) == 1)
  }
}

@Suite struct KeyDistributionTests {
  @Test func mixedOptionCountsGiveFractionalExpectations() {
    // Three 4-option items keyed A, A, B and two 3-option items keyed C, A.
    // Expected: A, B, C = 3·¼ + 2·⅓ = 17/12 each; D = 3·¼ = ¾. Observed: A 3, B 1, C 1, D 0.
    // X² = (19/12)²/(17/12) + 2·(5/12)²/(17/12) + (¾)²/¾ = 361/204 + 50/204 + 3/4 = 2.764706, df 3.
    let four = ["A", "B", "C", "D"]
    let three = ["A", "B", "C"]
    let items = [
      makeItem("I1", domain: "d", key: "A", options: four), makeItem("I2", domain: "d", key: "A", options: four),
      makeItem("I3", domain: "d", key: "B", options: four), makeItem("I4", domain: "d", key: "C", options: three),
      makeItem("I5", domain: "d", key: "A", options: three),
    ]
    let keys = KeyDistribution(items: items)
    #expect(keys.itemCount == 5)
    #expect(keys.letters.map(\.id) == ["A", "B", "C", "D"])
    #expect(keys.letters.map(\.observed) == [3, 1, 1, 0])
    #expect(abs(keys.letters[0].expected - 17.0 / 12) < 1e-12)
    #expect(abs(keys.letters[3].expected - 0.75) < 1e-12)
    #expect(keys.degreesOfFreedom == 3)
    #expect(abs((keys.chiSquare ?? 0) - (411.0 / 204 + 0.75)) < 1e-12)
    // A's share 60% against an expected 17/12 / 5 = 28.33%: the largest deviation, 31.67 points.
    #expect(abs(keys.maxDeviation - (60 - 100 * 17.0 / 60)) < 1e-9)
    #expect(keys.balanced)
  }

  @Test func tooFewItemsIsNotTested() {
    let keys = KeyDistribution(items: [makeItem("I1", domain: "d")])
    #expect(keys.chiSquare == nil && keys.pValue == nil && keys.balanced)
  }

  @Test func itemsWhoseKeyIsNotAnOptionAreLeftOut() {
    let keys = KeyDistribution(items: [
      makeItem("I1", domain: "d", key: "E"), makeItem("I2", domain: "d", key: "B"),
      makeItem("I3", domain: "d", key: "C"),
    ])
    #expect(keys.itemCount == 2)
    #expect(keys.letters.map(\.observed) == [0, 1, 1, 0])
  }

  @Test func allKeysOnOneLetterIsUnbalanced() {
    // 12 four-option items all keyed A: X² = (12−3)²/3 + 3·(0−3)²/3 = 27 + 9 = 36, df 3, p ≈ 7.5e-8.
    let items = (1...12).map { makeItem("I\($0)", domain: "d", key: "A") }
    let keys = KeyDistribution(items: items)
    #expect(abs((keys.chiSquare ?? 0) - 36) < 1e-12)
    #expect(!keys.balanced)
  }
}
