import Equating
import Foundation
import ItemBenchCore
import ItemBenchExtras
import ItemLint
import ItemResponseTheory
import Testing

/// The 4PL registered by this package, end to end through ItemBench's public API with no change
/// to the core: simulate from known parameters, calibrate, write and read the parameter file,
/// score candidates, link a moved copy back, equate and build a scale table.
@Suite struct FourParameterLogisticModelTests {
  static let model = FourParameterLogisticModel()

  /// 30 items with slopes 0.9…2.0, locations −1.8…1.8, c = 0.15 and an upper asymptote of 0.92
  /// (strong candidates slip 8% of the time): the case the 3PL cannot fit.
  static let truth: [ItemParameters] = (0..<30).map { index in
    let a = 0.9 + 1.1 * Double(index % 6) / 5
    let b = -1.8 + 3.6 * Double(index) / 29
    return model.itemParameters(id: "IT-\(index + 1)", vector: [a, b, 0.15, 0.92], covariance: nil)
  }

  static func registry() -> IRTModelRegistry {
    let models = IRTModelRegistry()
    Extras.register(rules: LintRuleRegistry(), exporters: ExporterRegistry(), models: models)
    return models
  }

  /// P, P′ and information at θ = 0.5 for a = 1.2, b = 0, c = 0.2, d = 0.9, D = 1, by hand:
  /// L = 1/(1 + e^−0.6) = 0.6456563, P = 0.2 + 0.7·L = 0.6519594, P′ = 1.2·0.7·L(1 − L) = 0.1921788,
  /// I = P′²/(P·Q) = 0.1627647.
  @Test func responseFunctionMatchesTheHandComputation() {
    let item = Self.model.itemParameters(id: "X", vector: [1.2, 0, 0.2, 0.9], covariance: nil)
    #expect(abs(item.probability(at: 0.5, scalingConstant: 1) - 0.6519594143580567) < 1e-12)
    #expect(abs(item.probabilityAndDerivative(at: 0.5, scalingConstant: 1).derivative - 0.19217876198359216) < 1e-12)
    #expect(abs(item.information(at: 0.5, scalingConstant: 1) - 0.16276474080000541) < 1e-12)
    #expect(item.lowerAsymptote == 0.2 && item.upperAsymptote == 0.9)
    // The TCC of the form is the sum of the 4PL curves, and tops out at Σd, not n.
    let curve = TestCharacteristicCurve(items: [item, item], scalingConstant: 1)
    #expect(abs(curve.value(at: 0.5) - 2 * 0.6519594143580567) < 1e-12)
    #expect(abs(curve.maximum - 1.8) < 1e-12)
  }

  @Test func calibratesScoresLinksEquatesAndTabulates() throws {
    let simulated = ResponseSimulator(items: Self.truth).simulate(candidates: 6000, seed: 20261202)
    var options = CalibrationOptions(quadraturePoints: 31, tolerance: 1e-3, standardErrors: .none)
    options.maximumIterations = 500
    let result = try Calibrator(model: Self.model, options: options).calibrate(simulated.responses)
    #expect(result.parameters.converged == true)
    let estimated = result.parameters
    #expect(estimated.items.allSatisfy { $0.modelParameters?.name == "4pl" })

    // Recovery against the simulation's truth.
    let truthByID = Dictionary(uniqueKeysWithValues: Self.truth.map { ($0.id, $0) })
    let bErrors = estimated.items.map { $0.b - truthByID[$0.id]!.b }
    let bRMSE = (bErrors.map { $0 * $0 }.reduce(0, +) / Double(bErrors.count)).squareRoot()
    #expect(bRMSE < 0.25, "b RMSE \(bRMSE)")
    // d is determined where many candidates are well above the item: the easier half. (The hard
    // half leans on the Beta(17, 5) prior, mode 0.8, as c leans on its prior for easy items.)
    let easy = estimated.items.filter { truthByID[$0.id]!.b < 0 }
    let meanD = easy.map { $0.modelParameters!.values[3] }.reduce(0, +) / Double(easy.count)
    #expect(abs(meanD - 0.92) < 0.03, "mean d of the easier items \(meanD)")

    // The 4PL fits these data better than the 3PL (higher log-likelihood with the same priors on c).
    let threePL = try Calibrator(model: ThreeParameterLogisticModel(), options: options).calibrate(simulated.responses)
    #expect(result.parameters.logLikelihood! > threePL.parameters.logLikelihood! + 10)

    // The parameter file carries the model's vector and reads back through a registry holding it.
    let text = estimated.jsonText()
    #expect(text.contains("\"parameters\""))
    let reread = try ParameterFile.parseJSON(text, file: "4pl.json", models: Self.registry())
    for (written, read) in zip(estimated.items, reread.items) {
      #expect(zip(written.modelParameters!.values, read.modelParameters!.values).allSatisfy { abs($0 - $1) < 1e-6 })
    }
    #expect(throws: ParameterFileError.self) {
      try ParameterFile.parseJSON(text, file: "4pl.json", models: IRTModelRegistry())
    }

    // Scores use the 4PL: EAP tracks the true θ, and differs from treating the items as 3PL.
    let scores = try ThetaScoring.score(simulated.responses, parameters: estimated)
    let thetas = scores.estimates.map { $0.theta ?? .nan }
    #expect(correlation(thetas, simulated.thetas) > 0.9)
    var asThreePL = estimated
    asThreePL.items = estimated.items.map { ItemParameters(id: $0.id, a: $0.a, b: $0.b, c: $0.c) }
    let threePLScores = try ThetaScoring.score(simulated.responses, parameters: asThreePL)
    let largest = zip(thetas, threePLScores.estimates.map { $0.theta ?? .nan }).map { abs($0 - $1) }.max() ?? 0
    #expect(largest > 0.1)

    // Item fit compares the data with the 4PL curves and counts four parameters per item.
    let fit = try ItemFit.analyze(simulated.responses, parameters: estimated)
    for statistics in fit.items {
      #expect(statistics.degreesOfFreedom == statistics.groups - 4)
    }
    let flagged = fit.items.filter { ($0.pValue ?? 1) < 0.01 }.count
    #expect(flagged <= 3, "\(flagged) of 30 items misfit their own generating model at 1%")

    // Link a copy moved to another scale (θ_new = (θ − B)/A) back by Stocking–Lord: A and B return.
    let truthTransformation = ScaleTransformation(A: 1.25, B: -0.4)
    var moved = try truthTransformation.inverse.transform(estimated)
    moved.form = "form-b"
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .raw(18), mapping: .piecewiseRaw)
    let cycle = try EquatingCycle.run(
      base: estimated, new: moved, linking: LinkingOptions(method: .stockingLord), scale: scale)
    #expect(abs(cycle.linking.transformation.A - 1.25) < 1e-6)
    #expect(abs(cycle.linking.transformation.B + 0.4) < 1e-6)
    // The same items on one scale: true-score equating is the identity inside (Σc, Σd), and the
    // scores above Σd (no θ) map linearly to n.
    let ceiling = TestCharacteristicCurve(items: estimated.items, scalingConstant: 1).maximum
    for score in cycle.equating.scores where Double(score.raw) > 4.5 && Double(score.raw) < ceiling {
      #expect(abs(score.equated - Double(score.raw)) < 1e-6, "raw \(score.raw) → \(score.equated)")
    }
    #expect(cycle.equating.scores.last?.equated == 30)
    let table = try #require(cycle.table)
    #expect(table.lowestPassingRaw == 18)
    #expect(table.rows.allSatisfy { $0.csem.isFinite })
  }

  func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (u, v) in zip(x, y) {
      sxy += (u - mx) * (v - my)
      sxx += (u - mx) * (u - mx)
      syy += (v - my) * (v - my)
    }
    return sxy / (sxx * syy).squareRoot()
  }
}
