import Foundation
import Testing

@testable import ItemResponseTheory

/// Item sets in classical analysis (issue 17): alpha and the scored items' rest scores cover
/// the scored items only; a pretest item is correlated with the scored total. Hand-computed on
/// five candidates, three scored items S1–S3 and one pretest item P1.
@Suite struct ClassicalItemSetTests {
  ///      S1 S2 S3 P1   scored total
  /// c1    1  1  1  1   3
  /// c2    1  1  0  0   2
  /// c3    1  0  0  1   1
  /// c4    0  0  0  0   0
  /// c5    1  0  1  1   2
  static func data() throws -> ResponseMatrix {
    try ResponseReader.parse(text: "id,S1,S2,S3,P1\nc1,1,1,1,1\nc2,1,1,0,0\nc3,1,0,0,1\nc4,0,0,0,0\nc5,1,0,1,1\n")
  }

  @Test func alphaAndPointBiserialsCoverTheScoredItems() throws {
    let report = ClassicalAnalysis.analyze(try Self.data(), scoredItems: ["S1", "S2", "S3"])
    #expect(report.items.map(\.itemSet) == [.scored, .scored, .scored, .pretest])
    #expect(report.test.criterionItems == 3 && report.test.items == 4)
    // Item variances (n − 1): S1 0.2, S2 0.3, S3 0.3; total X = 3, 2, 1, 0, 2: mean 1.6,
    // variance 5.2 / 4 = 1.3. α = 3/2 · (1 − 0.8/1.3) = 0.576923…
    let alpha = try #require(report.test.alpha)
    let expectedAlpha: Double = 1.5 * (1 - 0.8 / 1.3)
    #expect(abs(alpha - expectedAlpha) < 1e-12)
    #expect(abs(report.test.meanScore - 1.6) < 1e-12)
    #expect(abs(report.test.sdScore - 1.3.squareRoot()) < 1e-12)
    // S1 with its rest score 2, 1, 0, 0, 1: Σ(s − s̄)(r − r̄) = 0.8, Σ(s − s̄)² = 0.8,
    // Σ(r − r̄)² = 2.8: r = 0.8/√2.24.
    let s1 = try #require(report.items[0].correctedPointBiserial)
    #expect(abs(s1 - 0.8 / 2.24.squareRoot()) < 1e-12)
    // P1 = 1, 0, 1, 0, 1 with the scored total itself: Σ = 1.2, 1.2, 5.2: r = 1.2/√6.24.
    let p1 = try #require(report.items[3].correctedPointBiserial)
    #expect(abs(p1 - 1.2 / 6.24.squareRoot()) < 1e-12)
    // Alpha if S1 is deleted: S2 + S3 = 2, 1, 0, 0, 1 (variance 0.7), item variances 0.6:
    // 2 · (1 − 0.6/0.7) = 2/7. A pretest item has none.
    let ifDeleted = try #require(report.items[0].alphaIfDeleted)
    #expect(abs(ifDeleted - 2.0 / 7.0) < 1e-12)
    #expect(report.items[3].alphaIfDeleted == nil)
    let table = report.itemTable()
    #expect(table.columns.last == "item_set")
    #expect(table.rows.map { $0.last?.plainText } == ["scored", "scored", "scored", "pretest"])
    #expect(
      table.metadata.contains {
        $0.key == "item_set" && $0.value.contains("3 scored items") && $0.value.contains("1 pretest")
      })
  }

  @Test func withoutScoredItemsEveryItemIsInTheCriterionAndTheMetadataSaysSo() throws {
    let report = ClassicalAnalysis.analyze(try Self.data())
    #expect(report.items.allSatisfy { $0.itemSet == .all })
    // All four items: variances 0.2, 0.3, 0.3, 0.3 (sum 1.1); total 4, 2, 2, 0, 3: variance
    // 8.8 / 4 = 2.2; α = 4/3 · (1 − 1.1/2.2) = 2/3, not the scored items' 0.5769.
    let alpha = try #require(report.test.alpha)
    #expect(abs(alpha - 2.0 / 3.0) < 1e-12)
    // S1's rest score now includes P1: 3, 1, 1, 0, 2.
    // Σ(s − 0.8)(r − 1.4) = 0.32 + (−0.08) + (−0.08) + 1.12 + 0.12 = 1.4; Σ(r − 1.4)² = 5.2.
    let s1 = try #require(report.items[0].correctedPointBiserial)
    let expected: Double = 1.4 / (0.8 * 5.2).squareRoot()
    #expect(abs(s1 - expected) < 1e-12)
    #expect(
      report.itemTable().metadata.contains { $0.key == "item_set" && $0.value.hasPrefix("all 4 items are scored") })
  }

  @Test func completeCasesLookAtTheScoredItemsOnly() throws {
    // c3 did not reach the pretest item: still a complete case for alpha (the scored items).
    let data = try ResponseReader.parse(
      text: "id,S1,S2,S3,P1\nc1,1,1,1,1\nc2,1,1,0,0\nc3,1,0,0,NR\nc4,0,0,0,0\nc5,1,0,1,1\n")
    let report = ClassicalAnalysis.analyze(data, scoredItems: ["S1", "S2", "S3"])
    #expect(report.test.completeCases == 5)
    let alpha = try #require(report.test.alpha)
    let expectedAlpha: Double = 1.5 * (1 - 0.8 / 1.3)
    #expect(abs(alpha - expectedAlpha) < 1e-12)
    #expect(report.items[3].administered == 4)
  }
}
