import Foundation
import Testing

@testable import FairnessAnalysis

/// Mantel–Haenszel against a hand computation and statsmodels' `StratifiedTable` on a 2 × 2 × 3
/// table.
@Suite struct MantelHaenszelTests {
  /// Strata (A, B, C, D) = (reference right, reference wrong, focal right, focal wrong).
  static let strata = [
    Stratum(referenceCorrect: 10, referenceIncorrect: 20, focalCorrect: 5, focalIncorrect: 25),
    Stratum(referenceCorrect: 30, referenceIncorrect: 10, focalCorrect: 20, focalIncorrect: 20),
    Stratum(referenceCorrect: 40, referenceIncorrect: 5, focalCorrect: 30, focalIncorrect: 10),
  ]

  @Test func alphaDeltaAndStandardErrorMatchTheHandComputation() throws {
    let result = try MantelHaenszel.analyze(Self.strata)
    // By hand: Σ AD/N = 250/60 + 600/80 + 400/85 = 50/12 + 15/2 + 80/17,
    //          Σ BC/N = 100/60 + 200/80 + 150/85 = 5/3 + 5/2 + 30/17.
    // Over the common denominator 204: (850 + 1530 + 960)/204 = 3340/204 and
    // (340 + 510 + 360)/204 = 1210/204, so α_MH = 3340/1210 = 334/121.
    #expect(abs(result.alpha - 334.0 / 121.0) < 1e-12)
    #expect(abs(result.delta - (-2.35 * log(334.0 / 121.0))) < 1e-12)
    #expect(abs(result.delta - -2.3860735513429043) < 1e-12)
    // statsmodels 0.15 StratifiedTable: logodds_pooled_se = 0.32210610261171374 (Robins,
    // Breslow & Greenland 1986), so SE(Δ) = 2.35 × that.
    #expect(abs(result.deltaStandardError - 2.35 * 0.32210610261171374) < 1e-12)
    // statsmodels test_null_odds(correction=True): 9.217910806381315, p = 0.00239658870586823.
    #expect(abs(result.chiSquare - 9.217910806381315) < 1e-10)
    #expect(abs(result.pValue - 0.00239658870586823) < 1e-9)
    // STD P-DIF by hand: focal weights 30, 40, 40;
    // Σ n_F (p_F − p_R) = (5 − 10) + (20 − 30) + (30 − 40·40/45) = −15 − 50/9 = −185/9; / 110.
    #expect(abs(result.standardizedPDifference - (-185.0 / 9.0 / 110.0)) < 1e-12)
    // |Δ| = 2.39 ≥ 1.5, (2.39 − 1)/0.757 = 1.83 > 1.645 and p < .05: C, against the focal group.
    #expect(result.category == .cMinus)
    #expect(result.informativeStrata == 3)
  }

  @Test func strataWithOneGroupAreIgnored() throws {
    var strata = Self.strata
    strata.append(Stratum(referenceCorrect: 7, referenceIncorrect: 3, focalCorrect: 0, focalIncorrect: 0))
    strata.insert(Stratum(referenceCorrect: 0, referenceIncorrect: 0, focalCorrect: 2, focalIncorrect: 9), at: 0)
    let result = try MantelHaenszel.analyze(strata)
    #expect(abs(result.alpha - 334.0 / 121.0) < 1e-12)
    #expect(result.informativeStrata == 3)
  }

  @Test func swappingTheGroupsNegatesDelta() throws {
    let swapped = Self.strata.map {
      Stratum(
        referenceCorrect: $0.focalCorrect, referenceIncorrect: $0.focalIncorrect, focalCorrect: $0.referenceCorrect,
        focalIncorrect: $0.referenceIncorrect)
    }
    let result = try MantelHaenszel.analyze(swapped)
    #expect(abs(result.alpha - 121.0 / 334.0) < 1e-12)
    #expect(abs(result.delta - 2.3860735513429043) < 1e-12)
    #expect(result.category == .cPlus)
  }

  @Test func etsRulesAtTheirBoundaries() {
    // A: not significant, or |Δ| < 1.
    #expect(MantelHaenszel.classify(delta: -2.0, standardError: 0.3, pValue: 0.06) == .A)
    #expect(MantelHaenszel.classify(delta: 0.99, standardError: 0.1, pValue: 0.001) == .A)
    // B: significant, 1 ≤ |Δ| < 1.5.
    #expect(MantelHaenszel.classify(delta: -1.2, standardError: 0.1, pValue: 0.001) == .bMinus)
    #expect(MantelHaenszel.classify(delta: 1.49, standardError: 0.01, pValue: 0.001) == .bPlus)
    // |Δ| ≥ 1.5 but not significantly above 1: (1.6 − 1)/0.4 = 1.5 < 1.645 → B.
    #expect(MantelHaenszel.classify(delta: -1.6, standardError: 0.4, pValue: 0.001) == .bMinus)
    // (1.6 − 1)/0.36 = 1.667 > 1.645 → C.
    #expect(MantelHaenszel.classify(delta: -1.6, standardError: 0.36, pValue: 0.001) == .cMinus)
    #expect(MantelHaenszel.classify(delta: 1.6, standardError: 0.36, pValue: 0.001) == .cPlus)
  }

  @Test func degenerateTablesAreReportedNotNaN() {
    let allConcordant = [Stratum(referenceCorrect: 5, referenceIncorrect: 0, focalCorrect: 5, focalIncorrect: 0)]
    #expect(throws: DIFDegenerate.self) { try MantelHaenszel.analyze(allConcordant) }
    let oneGroup = [Stratum(referenceCorrect: 5, referenceIncorrect: 3, focalCorrect: 0, focalIncorrect: 0)]
    #expect(throws: DIFDegenerate.self) { try MantelHaenszel.analyze(oneGroup) }
  }

  @Test func normalQuantile() {
    #expect(abs(NormalDistribution.upperQuantile(0.05) - 1.6448536269514722) < 1e-9)
    #expect(abs(NormalDistribution.upperQuantile(0.025) - 1.959963984540054) < 1e-9)
  }
}
