import Foundation
import ItemResponseTheory
import Testing

@testable import Equating
import TestSupport

/// The passing standard is the same on every form: a simulation with known truth.
@Suite struct GuaranteeSimulationTests {
  /// Two 40-item forms on one θ scale, the new one clearly harder (every b shifted by +0.8), one
  /// candidate population θ ~ N(0, 1), cut θ = 0.3 on the base scale. Each candidate takes one form
  /// and is scored through that form's own table (the base form's table is the base form equated
  /// to itself).
  ///
  /// Tolerance for the two observed pass rates: 3 binomial standard errors of their difference,
  /// 3·sqrt(p̄(1 − p̄)·(1/N₁ + 1/N₂)), plus the equating error |π_base − π_new| — the difference of
  /// the two tables' model-implied pass rates (Lord–Wingersky over the same population), which
  /// comes from the integer raw cuts and from true-score equating not matching observed-score
  /// distributions exactly. The equating error itself must stay below 0.02.
  ///
  /// The control: the base form's lowest passing raw score applied to the harder form at face value
  /// must miss the base pass rate by more than 10 standard errors.
  @Test(arguments: [101, 202, 303] as [UInt64])
  func passRatesAgreeThroughTheTablesButNotAtFaceValue(seed: UInt64) throws {
    let base = syntheticForm(count: 40, seed: 41)
    var new = syntheticForm(count: 40, seed: 42, shift: 0.8)
    new.form = "harder"
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .theta(0.3), mapping: .piecewiseRaw)
    let baseTable = try ScaleTableBuilder.build(
      equating: try IRTEquating.equate(base: base, new: base), base: base, new: base, scale: scale)
    let newTable = try ScaleTableBuilder.build(
      equating: try IRTEquating.equate(base: base, new: new), base: base, new: new, scale: scale)
    let faceCut = try #require(baseTable.lowestPassingRaw)
    #expect(try #require(newTable.lowestPassingRaw) < faceCut)  // the harder form needs fewer points

    var generator = SplitMix64(seed: seed)
    let perForm = 15_000
    var basePasses = 0, newPasses = 0, facePasses = 0
    for _ in 0..<perForm {
      let baseScore = simulateScore(base.items, theta: generator.nextNormal(), generator: &generator)
      if baseTable.rows[baseScore].scaled >= 300 { basePasses += 1 }
      let newScore = simulateScore(new.items, theta: generator.nextNormal(), generator: &generator)
      if newTable.rows[newScore].scaled >= 300 { newPasses += 1 }
      if newScore >= faceCut { facePasses += 1 }
    }
    let pBase = Double(basePasses) / Double(perForm)
    let pNew = Double(newPasses) / Double(perForm)
    let pFace = Double(facePasses) / Double(perForm)
    let pooled = (pBase + pNew) / 2
    let standardError = (pooled * (1 - pooled) * 2 / Double(perForm)).squareRoot()
    let equatingError = abs(baseTable.decision.expectedPassRate - newTable.decision.expectedPassRate)
    #expect(equatingError < 0.02, "seed \(seed)")
    #expect(abs(pBase - pNew) <= 3 * standardError + equatingError, "seed \(seed): base \(pBase), new \(pNew)")
    #expect(abs(pBase - pFace) > 10 * standardError, "seed \(seed): base \(pBase), face value \(pFace)")
  }
}

@Suite struct CycleTests {
  /// link → equate → table through the library API: a new form calibrated on its own scale
  /// (θ_new = (θ − 0.35)/1.2) with 10 anchors shared with the base form is put back on the base
  /// scale exactly, and the table names the linking constants.
  @Test func cycleLinksEquatesAndTabulates() throws {
    let base = syntheticForm(count: 30, seed: 61)
    var newOnBase = syntheticForm(count: 30, seed: 62, shift: 0.3)
    for index in newOnBase.items.indices { newOnBase.items[index].id = "N\(index + 1)" }
    for index in 0..<10 { newOnBase.items[index] = base.items[index * 3] }  // anchors keep their base ids
    let own = try ScaleTransformation(A: 1.2, B: 0.35).inverse.transform(newOnBase)
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .raw(18), mapping: .linearTheta(slope: 25))
    let result = try EquatingCycle.run(
      base: base, new: own, linking: LinkingOptions(method: .stockingLord), scale: scale)
    #expect(abs(result.linking.A - 1.2) < 1e-8 && abs(result.linking.B - 0.35) < 1e-8)
    #expect(result.linking.anchors.count == 10)
    for (linked, truth) in zip(result.linkedNew.items, newOnBase.items) {
      #expect(abs(linked.a - truth.a) < 1e-8 && abs(linked.b - truth.b) < 1e-8)
    }
    let table = try #require(result.table)
    let direct = try TrueScoreEquating.equate(new: newOnBase.items, base: base.items, scalingConstant: 1.7)
    for (row, expected) in zip(table.rows, direct) { #expect(abs(row.equated - expected.equated) < 1e-7) }
    let metadata = Dictionary(uniqueKeysWithValues: table.dataTable().metadata.map { ($0.key, $0.value) })
    #expect(metadata["linking"] == "stocking-lord, A = 1.200000, B = 0.350000, 10 anchors")
  }
}
