import Foundation
import Testing

@testable import ItemResponseTheory
import TestSupport

/// Parameter recovery on simulated data with known truth, for every model.
///
/// Thresholds come from the sampling error the sample size allows. With N candidates the
/// asymptotic SE of a 2PL slope is roughly 1.5–2.5/√N and of a difficulty 1.5–3/√N for the
/// parameters drawn here (|b| ≤ 2); at N = 3000 that is ≈ .03–.06. The sharpest check uses the
/// engine's own standard errors: if estimates and SEs are right, Σ((est − true)/SE)² over the
/// 2J parameters is χ² with 2J degrees of freedom, so its mean must lie in [.44, 1.85] (the
/// 0.05% and 99.95% points of χ²₄₀/40). Seeds are fixed and printed on failure.
@Suite struct RecoveryTests {
  static func items(_ count: Int, seed: UInt64, slope: Bool = true, guessing: Double = 0) -> [ItemParameters] {
    var random = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { index in
      ItemParameters(
        id: "R\(index)", a: slope ? 0.7 + 1.1 * random.nextUniform() : 1,
        b: -2 + 4 * Double(index) / Double(count - 1) + 0.2 * random.nextNormal(), c: guessing)
    }
  }

  static func rmse(_ x: [Double], _ y: [Double]) -> Double {
    (zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)).squareRoot()
  }

  @Test(arguments: [UInt64(11), 12, 13])
  func twoParameterRecoveryAndCalibratedStandardErrors(seed: UInt64) throws {
    let truth = Self.items(20, seed: seed)
    let data = ResponseSimulator(items: truth).simulate(candidates: 3000, seed: seed)
    let result = try Calibrator(
      model: TwoParameterLogisticModel(), options: CalibrationOptions(standardErrors: .crossProduct)
    ).calibrate(data.responses)
    let estimates = result.parameters.items
    #expect(result.parameters.converged == true)
    var chiSquare = 0.0
    for (estimate, true_) in zip(estimates, truth) {
      let za = (estimate.a - true_.a) / (estimate.seA ?? .nan)
      let zb = (estimate.b - true_.b) / (estimate.seB ?? .nan)
      chiSquare += za * za + zb * zb
    }
    let meanSquare = chiSquare / 40
    #expect(meanSquare > 0.44 && meanSquare < 1.85, "seed \(seed): mean z² \(meanSquare)")
    #expect(Self.rmse(estimates.map(\.a), truth.map(\.a)) < 0.1, "seed \(seed)")
    #expect(Self.rmse(estimates.map(\.b), truth.map(\.b)) < 0.12, "seed \(seed)")
    // Bias: the mean error of b over 20 items has SE ≈ .05/√20 ≈ .011.
    let bias = zip(estimates, truth).map { $0.b - $1.b }.reduce(0, +) / 20
    #expect(abs(bias) < 0.05, "seed \(seed): bias \(bias)")
  }

  /// 3PL at N = 10,000 with true c = .2 (the prior's mode) and slopes ≥ .7: c is determined to
  /// about ±.03–.05 for the easy items and better for hard ones; a and b to about ±.1.
  @Test func threeParameterRecovery() throws {
    let truth = Self.items(20, seed: 31, guessing: 0.2)
    let data = ResponseSimulator(items: truth).simulate(candidates: 10_000, seed: 31)
    let result = try Calibrator(
      model: ThreeParameterLogisticModel(), options: CalibrationOptions(standardErrors: .crossProduct)
    ).calibrate(data.responses)
    let estimates = result.parameters.items
    #expect(result.parameters.converged == true)
    #expect(Self.rmse(estimates.map(\.c), truth.map(\.c)) < 0.05)
    #expect(Self.rmse(estimates.map(\.a), truth.map(\.a)) < 0.2)
    #expect(Self.rmse(estimates.map(\.b), truth.map(\.b)) < 0.2)
    #expect(estimates.allSatisfy { ($0.seC ?? 0) > 0 && ($0.seC ?? 1) < 0.15 })
  }

  /// Rasch with θ ~ N(0, 1.4²): σ is estimated (SE ≈ .03 at N = 2000) and b to ≈ ±.05.
  @Test func raschRecoversTheLatentSD() throws {
    let truth = Self.items(15, seed: 41, slope: false)
    let data = ResponseSimulator(items: truth, latent: LatentDistribution(mean: 0, sd: 1.4)).simulate(
      candidates: 2000, seed: 41)
    let result = try Calibrator(model: RaschModel()).calibrate(data.responses)
    let file = result.parameters
    let se = result.latentSDStandardError ?? .nan
    #expect(abs(file.latent.sd - 1.4) < 4 * se, "σ \(file.latent.sd) se \(se)")
    #expect(se > 0.01 && se < 0.06)
    #expect(Self.rmse(file.items.map(\.b), truth.map(\.b)) < 0.1)
    #expect(file.items.allSatisfy { $0.a == 1 })
  }

  /// 1PL with a common slope 1.3 and θ ~ N(0, 1): the slope's SE at N = 2000 is ≈ .03.
  @Test func onePLRecoversTheCommonSlope() throws {
    let truth = Self.items(15, seed: 51, slope: false).map { ItemParameters(id: $0.id, a: 1.3, b: $0.b) }
    let data = ResponseSimulator(items: truth).simulate(candidates: 2000, seed: 51)
    let file = try Calibrator(model: OneParameterLogisticModel()).calibrate(data.responses).parameters
    #expect(abs(file.items[0].a - 1.3) < 0.1)
    #expect(Set(file.items.map(\.a)).count == 1)
    #expect(Self.rmse(file.items.map(\.b), truth.map(\.b)) < 0.1)
  }

  /// Fixed-parameter calibration: 20 anchors held at their true values, 10 pretest items
  /// estimated, candidates from N(0.5, 1.2²): μ and σ (SE ≈ .02–.03 at N = 4000) and the pretest
  /// items come out on the anchors' scale.
  @Test func fixedAnchorsPutPretestItemsOnTheScale() throws {
    let truth = Self.items(30, seed: 61)
    let data = ResponseSimulator(items: truth, latent: LatentDistribution(mean: 0.5, sd: 1.2)).simulate(
      candidates: 4000, seed: 61)
    let anchors = Array(truth.prefix(20))
    let result = try Calibrator(
      model: TwoParameterLogisticModel(), options: CalibrationOptions(standardErrors: .crossProduct, fixed: anchors)
    ).calibrate(data.responses)
    let file = result.parameters
    #expect(abs(file.latent.mean - 0.5) < 0.08, "μ \(file.latent.mean)")
    #expect(abs(file.latent.sd - 1.2) < 0.08, "σ \(file.latent.sd)")
    #expect(result.latentMeanStandardError != nil && result.latentSDStandardError != nil)
    for (estimate, anchor) in zip(file.items.prefix(20), anchors) {
      #expect(estimate.a == anchor.a && estimate.b == anchor.b && estimate.seA == nil)
    }
    let pretest = Array(file.items.suffix(10))
    let pretestTruth = Array(truth.suffix(10))
    #expect(Self.rmse(pretest.map(\.b), pretestTruth.map(\.b)) < 0.12)
    #expect(Self.rmse(pretest.map(\.a), pretestTruth.map(\.a)) < 0.12)
  }

  /// Missing by design: two forms of 20 items sharing 10 anchors, each candidate takes one form;
  /// all 30 items are calibrated together on one scale.
  @Test func twoFormsWithCommonItemsCalibrateTogether() throws {
    let truth = Self.items(30, seed: 71)
    let form = ResponseSimulator(items: truth).simulate(candidates: 4000, seed: 71).responses
    var codes = form.codes
    for candidate in 0..<form.candidateCount {
      // Form A: items 0–19; form B: items 10–29.
      let missing = candidate % 2 == 0 ? 20..<30 : 0..<10
      for item in missing { codes[candidate * 30 + item] = ResponseCode.notPresented }
    }
    let matrix = ResponseMatrix(candidateIDs: form.candidateIDs, itemIDs: form.itemIDs, codes: codes)
    let result = try Calibrator(
      model: TwoParameterLogisticModel(), options: CalibrationOptions(standardErrors: .crossProduct)
    ).calibrate(matrix)
    let estimates = result.parameters.items
    #expect(result.parameters.converged == true)
    #expect(result.warnings.isEmpty)
    #expect(Self.rmse(estimates.map(\.b), truth.map(\.b)) < 0.12)
    #expect(Self.rmse(estimates.map(\.a), truth.map(\.a)) < 0.12)
    // Unique items rest on 2000 candidates, common items on 4000: SEs must show it.
    #expect((estimates[0].seB ?? 0) > (estimates[15].seB ?? 1) * 0.9)
  }
}
