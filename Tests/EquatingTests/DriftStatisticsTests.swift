import Foundation
import ItemResponseTheory
import Testing

@testable import Equating

/// The drift screen's statistics against an independent computation
/// (`python3 Tools/drift_statistics_check.py`, numpy: finite-difference gradients, `linalg.solve`).
@Suite struct DriftStatisticsTests {
  static let transformation = ScaleTransformation(A: 1.1, B: 0.2)
  static let banked = ItemParameters(
    id: "ANC", a: 1.2, b: 0.3, c: 0.2, seA: 0.1, seB: 0.2, seC: 0.003.squareRoot(),
    covariance: ParameterCovariance(aa: 0.010, ab: 0.004, ac: 0.002, bb: 0.040, bc: 0.008, cc: 0.003))
  /// The new calibration's estimate on its own scale.
  static let newOwn = ItemParameters(
    id: "ANC", a: 1.05, b: 0.15, c: 0.17, seA: 0.012.squareRoot(), seB: 0.05.squareRoot(), seC: 0.0035.squareRoot(),
    covariance: ParameterCovariance(aa: 0.012, ab: 0.005, ac: 0.0025, bb: 0.050, bc: 0.009, cc: 0.0035))

  @Test func covarianceMovesWithTheScaleLikeJSigmaJTranspose() throws {
    let linked = try Self.transformation.transform(Self.newOwn)
    let s1 = try #require(linked.covariance)
    // numpy: J S Jᵀ with J = diag(1/A, A, 1).
    let expected = [
      [0.009917355372, 0.005, 0.002272727273], [0.005, 0.0605, 0.0099], [0.002272727273, 0.0099, 0.0035],
    ]
    for (row, want) in zip(s1.matrix, expected) {
      for (value, target) in zip(row, want) { #expect(abs(value - target) < 1e-11) }
    }
    #expect(abs(linked.a - 0.954545454545) < 1e-11 && abs(linked.b - 0.365) < 1e-12 && linked.c == 0.17)
  }

  @Test func iccDisplacementAndItsDeltaMethodSEMatchNumpy() throws {
    let linked = try Self.transformation.transform(Self.newOwn)
    let population = DriftTests.population(new: LatentDistribution(mean: 0, sd: 1), transformation: Self.transformation)
    let result = DriftTests.iccDisplacement(
      banked: Self.banked, linked: linked, population: population, scalingConstant: 1)
    #expect(abs(result.displacement - -0.0236230670) < 1e-9)
    // numpy's gradient is a central difference (h = 1e-6): agreement to about 1e-9.
    #expect(abs((result.standardError ?? 0) - 0.0380643400) < 1e-8)
    // Without either covariance there is no standard error.
    var bare = linked
    bare.covariance = nil
    #expect(
      DriftTests.iccDisplacement(banked: Self.banked, linked: bare, population: population, scalingConstant: 1)
        .standardError == nil)
  }

  @Test func lordChiSquareMatchesNumpyFor3PLAnd2PL() throws {
    let linked = try Self.transformation.transform(Self.newOwn)
    let three = try #require(DriftTests.lordChiSquare(banked: Self.banked, linked: linked))
    #expect(three.degreesOfFreedom == 3 && abs(three.chiSquare - 3.36006341) < 1e-7)
    // A 2PL anchor: c is not estimated (zero variance), so the test has 2 degrees of freedom.
    let banked2 = ItemParameters(
      id: "T", a: 0.9, b: -0.4, covariance: ParameterCovariance(aa: 0.006, ab: -0.002, ac: 0, bb: 0.011, bc: 0, cc: 0))
    let new2 = ItemParameters(
      id: "T", a: 1.1, b: -0.9, covariance: ParameterCovariance(aa: 0.008, ab: -0.003, ac: 0, bb: 0.009, bc: 0, cc: 0))
    let two = try #require(DriftTests.lordChiSquare(banked: banked2, linked: Self.transformation.transform(new2)))
    #expect(two.degreesOfFreedom == 2 && abs(two.chiSquare - 6.95877171) < 1e-7)
  }

  /// Published χ² table (upper 5%: 3.841, 5.991, 7.815 for 1–3 df) and Φ⁻¹(0.975) = 1.95996.
  @Test func criticalValuesMatchPublishedTables() {
    #expect(abs(DriftTests.chiSquareUpperQuantile(0.05, degreesOfFreedom: 1) - 3.841459) < 1e-6)
    #expect(abs(DriftTests.chiSquareUpperQuantile(0.05, degreesOfFreedom: 2) - 5.991465) < 1e-6)
    #expect(abs(DriftTests.chiSquareUpperQuantile(0.05, degreesOfFreedom: 3) - 7.814728) < 1e-6)
    #expect(abs(Linking.normalUpperQuantile(0.025) - 1.959964) < 1e-6)
  }

  /// The rule follows what the anchors carry: covariances → the chosen statistic; SEs only →
  /// b-and-a; nothing → robust z. The ICC rule flags exactly when |z| > 1.96.
  @Test func screenPicksTheRuleByWhatTheAnchorsCarry() throws {
    let identity = ScaleTransformation.identity
    let population = DriftTests.population(new: LatentDistribution(), transformation: identity)
    let covariance = ParameterCovariance(aa: 0.004, ab: 0.001, ac: 0.0005, bb: 0.02, bc: 0.003, cc: 0.001)
    func item(_ id: String, b: Double, covariance: ParameterCovariance?, se: Bool = true) -> ItemParameters {
      ItemParameters(
        id: id, a: 1.1, b: b, c: 0.15, seA: se ? 0.004.squareRoot() : nil, seB: se ? 0.02.squareRoot() : nil,
        seC: se ? 0.001.squareRoot() : nil, covariance: covariance)
    }
    let bs = [-1.0, -0.3, 0.2, 0.8, 1.4]
    let base = bs.enumerated().map { item("A\($0.offset)", b: $0.element, covariance: covariance) }
    // Anchor A2 is 0.5 harder on the new form; the others agree exactly.
    let new = bs.enumerated().map {
      item("A\($0.offset)", b: $0.element + ($0.offset == 2 ? 0.5 : 0), covariance: covariance)
    }
    for statistic in DriftStatistic.allCases {
      let drift = try Linking.screenDrift(
        base: base, new: new, transformation: identity, threshold: 2.7, statistic: statistic, population: population)
      let expected: AnchorDrift.Rule = [.icc: .iccDisplacement, .lord: .lordChiSquare, .bAndA: .standardError][
        statistic]!
      #expect(drift.allSatisfy { $0.rule == expected }, "\(statistic)")
      #expect(drift.map(\.flagged) == [false, false, true, false, false], "\(statistic)")
      #expect(drift.allSatisfy { $0.flagged == ($0.severity > 1) })
    }
    let icc = try Linking.screenDrift(
      base: base, new: new, transformation: identity, threshold: 2.7, statistic: .icc, population: population)
    let z = try #require(icc[2].iccZ)
    #expect(z < -1.959963984540054 && abs(icc[2].severity - abs(z) / 1.959963984540054) < 1e-12)
    #expect(icc[2].z == z)
    // SEs without covariances: b-and-a; no SEs: robust.
    let seOnly = try Linking.screenDrift(
      base: base.map { item($0.id, b: $0.b, covariance: nil) }, new: new.map { item($0.id, b: $0.b, covariance: nil) },
      transformation: identity, threshold: 2.7, statistic: .icc, population: population)
    #expect(seOnly.allSatisfy { $0.rule == .standardError && $0.iccZ == nil })
    let bare = try Linking.screenDrift(
      base: base.map { item($0.id, b: $0.b, covariance: nil, se: false) },
      new: new.map { item($0.id, b: $0.b, covariance: nil, se: false) }, transformation: identity, threshold: 2.7,
      statistic: .icc, population: population)
    #expect(bare.allSatisfy { $0.rule == .robust })
  }

  /// A calibration hands each item's (a, b, c) covariance block on, consistent with its SEs.
  @Test func calibrationGivesTheCovarianceBesideTheStandardErrors() throws {
    let truth = (0..<8).map { ItemParameters(id: "I\($0)", a: 0.8 + 0.1 * Double($0), b: -1.4 + 0.4 * Double($0)) }
    let simulated = ResponseSimulator(items: truth, latent: LatentDistribution()).simulate(candidates: 600, seed: 7)
    let model = try #require(IRTModelRegistry.shared.model(named: "2pl"))
    let result = try Calibrator(model: model, options: CalibrationOptions()).calibrate(simulated.responses)
    for item in result.parameters.items {
      let covariance = try #require(item.covariance)
      let seA = try #require(item.seA)
      let seB = try #require(item.seB)
      #expect(abs(covariance.aa - seA * seA) < 1e-12 && abs(covariance.bb - seB * seB) < 1e-12)
      #expect(covariance.cc == 0 && covariance.ac == 0 && covariance.bc == 0)
      #expect(covariance.ab * covariance.ab < covariance.aa * covariance.bb)
    }
  }
}
