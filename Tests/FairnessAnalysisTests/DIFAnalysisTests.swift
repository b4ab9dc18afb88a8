import Foundation
import ItemResponseTheory
import Testing

@testable import FairnessAnalysis

/// DIF on simulated data with known truth: 20 2PL items, one group of each 1500 candidates,
/// the focal group 0.5 SD lower (impact, not DIF). Item 3 is harder for the focal group by
/// 0.8 in b (uniform DIF); item 7 has a slope of 1.6 for the reference group and 0.5 for the
/// focal group at the same b (non-uniform DIF); the others are identical.
@Suite struct DIFAnalysisTests {
  static func simulate(seed: UInt64) -> (ResponseMatrix, GroupAssignment) {
    let count = 20
    let reference = (0..<count).map { j in
      ItemParameters(id: "I\(j + 1)", a: 0.8 + Double(j % 5) * 0.15, b: -1.5 + 3 * Double(j) / Double(count - 1))
    }
    var focal = reference
    focal[2].b += 0.8
    focal[6].a = 0.5
    var sevenReference = reference
    sevenReference[6].a = 1.6
    let ref = ResponseSimulator(items: sevenReference, scalingConstant: 1, latent: LatentDistribution(mean: 0, sd: 1))
      .simulate(candidates: 1500, seed: seed)
    let foc = ResponseSimulator(items: focal, scalingConstant: 1, latent: LatentDistribution(mean: -0.5, sd: 1))
      .simulate(candidates: 1500, seed: seed &+ 1000)
    let ids = (0..<3000).map { "K\($0)" }
    let matrix = ResponseMatrix(
      candidateIDs: ids, itemIDs: reference.map(\.id), codes: ref.responses.codes + foc.responses.codes)
    let groups = GroupAssignment(
      variable: "group", reference: "R", focal: "F",
      membership: [UInt8?](repeating: 0, count: 1500) + [UInt8?](repeating: 1, count: 1500))
    return (matrix, groups)
  }

  @Test func plantedItemsAreFoundAndTheOthersAreNot() throws {
    let (matrix, groups) = Self.simulate(seed: 11)
    let report = try DIFAnalysis.analyze(matrix, groups: groups, options: DIFOptions(purify: true))
    let byID = Dictionary(uniqueKeysWithValues: report.items.map { ($0.id, $0) })
    let uniform = try #require(byID["I3"]?.mantelHaenszel)
    // b shifted by 0.8 at a ≈ 1.1: MH Δ ≈ −2.35·(1.7·a·0.8)/1.7 ≈ −2 on the delta scale.
    #expect(uniform.delta < -1.0)
    #expect(uniform.category == .cMinus || uniform.category == .bMinus)
    let nonUniform = try #require(byID["I7"]?.logistic)
    #expect(nonUniform.nonUniformPValue < 0.001)
    // The other 18 items: at a .05 level, at most a few false alarms and no C.
    let others = report.items.filter { $0.id != "I3" && $0.id != "I7" }
    #expect(others.allSatisfy { $0.mantelHaenszel?.category.isC == false })
    #expect(others.filter { ($0.mantelHaenszel?.pValue ?? 1) < 0.05 }.count <= 4)
    #expect(report.referenceMeanScore > report.focalMeanScore)  // impact is there
    #expect(report.referenceCandidates == 1500 && report.focalCandidates == 1500)
  }

  @Test func purificationRemovesCItemsFromTheCriterionOnly() throws {
    let (matrix, groups) = Self.simulate(seed: 12)
    let once = try DIFAnalysis.analyze(matrix, groups: groups)
    let purified = try DIFAnalysis.analyze(matrix, groups: groups, options: DIFOptions(purify: true))
    #expect(purified.purifiedItems == once.cItems)
    for item in purified.items {
      #expect(item.inMatchingCriterion == !purified.purifiedItems.contains(item.id))
    }
  }

  @Test func smallGroupsAreReportedInsteadOfAnalysed() throws {
    let (matrix, groups) = Self.simulate(seed: 13)
    let report = try DIFAnalysis.analyze(matrix, groups: groups, options: DIFOptions(minimumGroupSize: 2000))
    #expect(
      report.items.allSatisfy { $0.mantelHaenszel == nil && $0.notes.first?.hasPrefix("insufficient-sample") == true })
    let table = report.dataTable()
    #expect(table.columns.first == "id")
    #expect(table.rows.count == 20)
  }

  @Test func mhCountsMatchADirectTabulation() throws {
    // Three items, six candidates: reference C1–C3, focal C4–C6.
    let scores: [[UInt8?]] = [[1, 1, 0], [1, 0, 0], [0, 1, 1], [1, 1, 1], [0, 0, 1], [0, 1, 0]]
    let matrix = ResponseMatrix(candidateIDs: (1...6).map { "C\($0)" }, itemIDs: ["Q1", "Q2", "Q3"], scores: scores)
    let groups = GroupAssignment(variable: "g", reference: "R", focal: "F", membership: [0, 0, 0, 1, 1, 1])
    let report = try DIFAnalysis.analyze(matrix, groups: groups, options: DIFOptions(minimumGroupSize: 1))
    // Item Q2: totals R = 2, 1, 2 and F = 3, 1, 1. Level 1: R (C2 wrong), F (C5 wrong, C6 right);
    // level 2: R (C1 right, C3 right); level 3: F (C4 right). Only level 1 has both groups:
    // A = 0, B = 1, C = 1, D = 1 → Σ AD/N = 0: α_MH = 0, reported as degenerate.
    let q2 = try #require(report.items.first { $0.id == "Q2" })
    #expect(q2.mantelHaenszel == nil)
    #expect(q2.notes.contains { $0.contains("α_MH is 0") })
    #expect(q2.referenceP == 2.0 / 3.0 && q2.focalP == 2.0 / 3.0)
  }
}
