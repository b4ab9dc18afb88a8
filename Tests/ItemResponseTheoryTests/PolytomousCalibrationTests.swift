import Foundation
import Testing
import ItemBenchCore
import TestSupport

@testable import ItemResponseTheory

/// Mixed-format calibration against published estimates (the Science data of Karlheinz &
/// Melich, as printed by mirt's documentation, and an independent maximum-likelihood fit on the
/// same quadrature, Tests/Fixtures/polytomous/README.md) and against simulations with known
/// parameters.
@Suite struct PolytomousCalibrationTests {
  static let fixtures = PackageLayout.root.appendingPathComponent("Tests/Fixtures/polytomous")

  struct Reference {
    var logLikelihood: Double
    var items: [(id: String, a: Double, thresholds: [Double])]
  }

  /// Items of a reference file: `fits.rect61` (or the top level for the published file).
  static func reference(_ name: String, fit: String?) throws -> Reference {
    let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw CalibrationError("\(name) is not a JSON object")
    }
    if let fit, let fits = object["fits"] as? [String: Any], let chosen = fits[fit] as? [String: Any] {
      object = chosen
    }
    guard let logLikelihood = object["logLikelihood"] as? Double, let items = object["items"] as? [[String: Any]]
    else { throw CalibrationError("\(name) lacks logLikelihood or items") }
    return Reference(
      logLikelihood: logLikelihood,
      items: items.map { ($0["id"] as? String ?? "", $0["a"] as? Double ?? .nan, $0["thresholds"] as? [Double] ?? []) })
  }

  static func science() throws -> ScoredResponses {
    try ScoredResponses.read(path: fixtures.appendingPathComponent("science.csv").path)
      .selecting(items: ["Comfort", "Work", "Future", "Benefit"])
  }

  static func fit(_ model: MixedFormatItemModel) throws -> MixedFormatCalibrationResult {
    var options = MixedFormatCalibrationOptions()
    options.tolerance = 1e-8
    return try MixedFormatCalibrator.calibrate(
      try science(), models: Array(repeating: model, count: 4), options: options)
  }

  /// The GRM and the GPCM on the four Science items: the maximum of the likelihood on mirt's
  /// quadrature (61 points on [−6, 6]), found by an independent BFGS fit, to 1e-4 in every
  /// parameter and 1e-6 in log-likelihood; mirt's published estimates (which stop at its
  /// tolerance 1e-4, so the GPCM's Future slope is 0.033 short of the optimum, see the fixture
  /// README) to 0.02 for the GRM and 0.04 for the GPCM (printed to 3 decimals).
  @Test(arguments: [(MixedFormatItemModel.grm, 0.02), (.gpcm, 0.04)])
  func scienceMatchesPublishedEstimates(model: MixedFormatItemModel, publishedTolerance: Double) throws {
    let result = try Self.fit(model)
    #expect(result.converged)
    let optimum = try Self.reference("science-\(model.rawValue)-reference.json", fit: "rect61")
    let published = try Self.reference("science-\(model.rawValue)-published.json", fit: nil)
    #expect(abs(result.logLikelihood - optimum.logLikelihood) < 1e-6, "\(result.logLikelihood)")
    #expect(abs(result.logLikelihood - published.logLikelihood) < 0.005)
    for (item, (expected, printed)) in zip(result.parameters.items, zip(optimum.items, published.items)) {
      let estimate = try #require(item.polytomous)
      #expect(estimate.id == expected.id && estimate.model.rawValue == model.rawValue)
      #expect(abs(estimate.a - expected.a) < 1e-4, "\(estimate.id) a \(estimate.a) vs \(expected.a)")
      #expect(abs(estimate.a - printed.a) < publishedTolerance)
      for (b, (reference, shown)) in zip(estimate.thresholds, zip(expected.thresholds, printed.thresholds)) {
        #expect(abs(b - reference) < 1e-4, "\(estimate.id) b \(b) vs \(reference)")
        #expect(abs(b - shown) < publishedTolerance)
      }
    }
  }

  /// A simulated mixed form (3PL, 2PL, GPCM and GRM items, 3,000 candidates): every parameter
  /// within 4 standard errors of the truth, and the standard errors within 40% of the spread a
  /// parameter of that precision should have (checked on the pooled z-scores: mean |z| near
  /// √(2/π) = 0.80).
  @Test func simulatedMixedFormRecoversItsParameters() throws {
    let truth: [MixedFormatItem] = [
      .dichotomous(ItemParameters(id: "M1", a: 1.2, b: -0.5)),
      .dichotomous(ItemParameters(id: "M2", a: 0.8, b: 0.4)),
      .dichotomous(ItemParameters(id: "M3", a: 1.5, b: 0.0)),
      .dichotomous(ItemParameters(id: "M4", a: 1.0, b: 1.0)),
      .dichotomous(ItemParameters(id: "M5", a: 1.1, b: -1.2)),
      .polytomous(PolytomousItemParameters(id: "G1", model: .gpcm, a: 0.9, thresholds: [-1.0, 0.2, 0.9])),
      .polytomous(PolytomousItemParameters(id: "G2", model: .gpcm, a: 1.3, thresholds: [-0.4, 0.6])),
      .polytomous(PolytomousItemParameters(id: "R1", model: .grm, a: 1.4, thresholds: [-1.3, 0.0, 1.1])),
      .polytomous(PolytomousItemParameters(id: "R2", model: .grm, a: 0.7, thresholds: [-0.8, 1.2])),
    ]
    let models: [MixedFormatItemModel] = [.twoPL, .twoPL, .twoPL, .twoPL, .twoPL, .gpcm, .gpcm, .grm, .grm]
    let (responses, _) = try MixedFormatSimulator.simulate(items: truth, candidates: 3000, seed: 20_261_203)
    let result = try MixedFormatCalibrator.calibrate(responses, models: models)
    #expect(result.converged)
    var zs: [Double] = []
    for (estimate, actual) in zip(result.parameters.items, truth) {
      switch (estimate, actual) {
      case (.dichotomous(let e), .dichotomous(let t)):
        zs.append((e.a - t.a) / (e.seA ?? .nan))
        zs.append((e.b - t.b) / (e.seB ?? .nan))
      case (.polytomous(let e), .polytomous(let t)):
        zs.append((e.a - t.a) / (e.seA ?? .nan))
        for (b, (bt, se)) in zip(e.thresholds, zip(t.thresholds, e.seThresholds)) { zs.append((b - bt) / (se ?? .nan)) }
      default:
        Issue.record("item \(estimate.id) changed kind")
      }
    }
    #expect(zs.allSatisfy { $0.isFinite && abs($0) < 4 }, "\(zs)")
    let meanAbsolute = zs.map(abs).reduce(0, +) / Double(zs.count)
    #expect(meanAbsolute > 0.8 * 0.6 && meanAbsolute < 0.8 * 1.4, "mean |z| \(meanAbsolute)")
  }

  /// A 3PL item next to polytomous ones: c stays inside (0, 1) and the fit is a maximum (no
  /// single-parameter move raises the penalised log-likelihood).
  @Test func threeParameterItemsCalibrateBesidePolytomousOnes() throws {
    let truth: [MixedFormatItem] = [
      .dichotomous(ItemParameters(id: "M1", a: 1.4, b: 0.2, c: 0.2)),
      .dichotomous(ItemParameters(id: "M2", a: 1.0, b: -0.4, c: 0.15)),
      .dichotomous(ItemParameters(id: "M3", a: 1.6, b: 0.8, c: 0.25)),
      .polytomous(PolytomousItemParameters(id: "G1", model: .gpcm, a: 1.0, thresholds: [-1.0, 0.3, 1.0])),
      .polytomous(PolytomousItemParameters(id: "R1", model: .grm, a: 1.2, thresholds: [-1.0, 0.5])),
    ]
    let (responses, _) = try MixedFormatSimulator.simulate(items: truth, candidates: 2000, seed: 7)
    let result = try MixedFormatCalibrator.calibrate(
      responses, models: [.threePL, .threePL, .threePL, .gpcm, .grm])
    #expect(result.converged)
    for item in result.parameters.items.prefix(3) {
      let c = try #require(item.dichotomous).c
      #expect(c > 0 && c < 0.5)
    }
  }

  /// Impossible inputs are refused with the item named.
  @Test func emptyCategoriesAndWrongModelsAreErrors() throws {
    let responses = try ScoredResponses(
      candidateIDs: ["a", "b", "c", "d"], itemIDs: ["X", "Y"], scores: [0, 0, 2, 1, 0, 0, 2, 1])
    #expect(throws: CalibrationError.self) { try MixedFormatCalibrator.calibrate(responses, models: [.gpcm, .twoPL]) }
    do {
      _ = try MixedFormatCalibrator.calibrate(responses, models: [.gpcm, .twoPL])
    } catch let error as CalibrationError {
      #expect(error.message.contains("item 'X'") && error.message.contains("score 1"), "\(error.message)")
    }
    #expect(throws: CalibrationError.self) { try MixedFormatCalibrator.calibrate(responses, models: [.twoPL, .twoPL]) }
  }

  /// Scores CSV: row and column of a bad cell.
  @Test func scoreFileErrorsNameRowAndColumn() {
    do {
      _ = try ScoredResponses.parseCSV("candidate,A,B\nc1,1,2\nc2,x,0\n", file: "s.csv")
      Issue.record("no error")
    } catch let error as CSVRecordsError {
      #expect(error.location.line == 3 && error.location.column == 2, "\(error.location)")
    } catch {
      Issue.record("\(error)")
    }
  }
}
