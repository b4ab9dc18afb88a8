import Foundation
import ItemResponseTheory
import Testing
import TestSupport

@testable import Equating

/// Mixed-format (dichotomous + GPCM/GRM) linking, equating and tables: against the published
/// dichotomous examples they must reduce to, against EqUMP on a mixed form, and against known
/// transformations.
@Suite struct MixedFormatEquatingTests {
  static func mixed(_ rows: [(Double, Double, Double)], prefix: String = "i") -> [MixedFormatItem] {
    Published.items(rows, prefix: prefix).map(MixedFormatItem.dichotomous)
  }

  /// Kolen & Brennan's true-score example (published to 5 decimals) through the mixed-format path.
  @Test func dichotomousFormsReproduceThePublishedTrueScoreTable() throws {
    let result = try MixedFormatEquating.trueScore(
      new: Self.mixed(Published.trueScoreX), base: Self.mixed(Published.trueScoreY), scalingConstant: 1.7)
    #expect(result.count == 37)
    for row in result { #expect(abs(row.equated - Published.trueScoreEquivalents[row.raw]) <= 5e-6, "raw \(row.raw)") }
  }

  /// Kolen & Brennan's observed-score example through the generalised recursion.
  @Test func dichotomousFormsReproduceThePublishedObservedScoreTable() throws {
    let population = Quadrature(points: Published.observedPointsX, weights: Published.observedWeightsX)
    let result = try MixedFormatEquating.observedScore(
      new: Self.mixed(Published.observedX), base: Self.mixed(Published.observedY), scalingConstant: 1.7,
      population: population)
    for row in result.scores { #expect(abs(row.equated - Published.observedEquivalents[row.raw]) <= 5e-6) }
  }

  /// The EqUMP 0.3.6 cross-check (Tests/Fixtures/polytomous/mixed-equating-eqump.csv, made by
  /// Tools/crosscheck/eqump_mixed_true_score.py): 3PL + GPCM + GRM forms, D = 1.702; the rows
  /// EqUMP computes (scores strictly between Σc and the maximum) agree to 1e-6.
  @Test func mixedTrueScoreEquatingMatchesEqUMP() throws {
    let fixtures = PackageLayout.root.appendingPathComponent("Tests/Fixtures/polytomous")
    let data = try Data(contentsOf: fixtures.appendingPathComponent("mixed-equating-parameters.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let D = try #require(object["scalingConstant"] as? Double)
    func items(_ key: String) throws -> [MixedFormatItem] {
      let rows = try #require(object[key] as? [[String: Any]])
      return try rows.map { row in
        let id = try #require(row["id"] as? String)
        let model = try #require(row["model"] as? String)
        let a = try #require(row["a"] as? Double)
        if let polytomous = PolytomousModel(rawValue: model) {
          let thresholds = try #require(row["thresholds"] as? [Double])
          return .polytomous(PolytomousItemParameters(id: id, model: polytomous, a: a, thresholds: thresholds))
        }
        return .dichotomous(
          ItemParameters(id: id, a: a, b: try #require(row["b"] as? Double), c: row["c"] as? Double ?? 0))
      }
    }
    let result = try MixedFormatEquating.trueScore(new: try items("new"), base: try items("base"), scalingConstant: D)
    let csv = try String(contentsOf: fixtures.appendingPathComponent("mixed-equating-eqump.csv"), encoding: .utf8)
    let expected = csv.split(separator: "\n").dropFirst().map { line -> (Int, Double) in
      let fields = line.split(separator: ",")
      return (Int(fields[0]) ?? -1, Double(fields[1]) ?? .nan)
    }
    #expect(expected.count == result.count)
    var compared = 0
    for (raw, equated) in expected {
      guard result[raw].theta != nil else { continue }
      #expect(abs(result[raw].equated - equated) < 1e-6, "raw \(raw): \(result[raw].equated) vs EqUMP \(equated)")
      compared += 1
    }
    #expect(compared == 16)
  }

  /// The mixed Haebara and Stocking–Lord criteria on dichotomous anchors are STUIRT's (published
  /// symmetric constants, Kim & Kolen's example 1).
  @Test func dichotomousAnchorsReproduceSTUIRT() throws {
    let base = MixedFormatParameterFile(scalingConstant: 1.7, items: Self.mixed(Published.stuirtCommonY))
    let new = MixedFormatParameterFile(scalingConstant: 1.7, items: Self.mixed(Published.stuirtCommonX))
    var options = LinkingOptions(method: .stockingLord)
    options.direction = .symmetric
    options.baseQuadrature = Quadrature(points: Published.stuirtPoints, weights: Published.stuirtWeightsY)
    options.newQuadrature = Quadrature(points: Published.stuirtPoints, weights: Published.stuirtWeightsX)
    let sl = try MixedFormatLinking.link(base: base, new: new, options: options)
    #expect(abs(sl.transformation.A - Published.stuirtStockingLordSymmetric.A) <= 5e-7)
    #expect(abs(sl.transformation.B - Published.stuirtStockingLordSymmetric.B) <= 5e-7)
    options.method = .haebara
    let hb = try MixedFormatLinking.link(base: base, new: new, options: options)
    #expect(abs(hb.transformation.A - Published.stuirtHaebaraSymmetric.A) <= 2e-6)
    #expect(abs(hb.transformation.B - Published.stuirtHaebaraSymmetric.B) <= 2e-6)
  }

  static let polytomousForm: [MixedFormatItem] = [
    .dichotomous(ItemParameters(id: "M1", a: 1.1, b: -0.6, c: 0.2)),
    .dichotomous(ItemParameters(id: "M2", a: 0.9, b: 0.3, c: 0.15)),
    .dichotomous(ItemParameters(id: "M3", a: 1.4, b: 0.9, c: 0.22)),
    .polytomous(PolytomousItemParameters(id: "G1", model: .gpcm, a: 0.8, thresholds: [-1.1, 0.2, 0.7])),
    .polytomous(PolytomousItemParameters(id: "R1", model: .grm, a: 1.3, thresholds: [-1.4, -0.2, 1.0])),
  ]

  /// Anchors moved by a known θ* = 1.25·θ − 0.4: both criteria recover the constants (the
  /// criteria are then exactly 0), on every direction.
  @Test func knownTransformationIsRecoveredWithPolytomousAnchors() throws {
    let truth = ScaleTransformation(A: 1.25, B: -0.4)
    let new = MixedFormatParameterFile(scalingConstant: 1, items: Self.polytomousForm)
    let base = try truth.transform(new)
    for method in [LinkingMethod.haebara, .stockingLord] {
      for direction in LinkingDirection.allCases {
        var options = LinkingOptions(method: method)
        options.direction = direction
        let result = try MixedFormatLinking.link(base: base, new: new, options: options)
        #expect(abs(result.transformation.A - 1.25) < 1e-8, "\(method) \(direction)")
        #expect(abs(result.transformation.B + 0.4) < 1e-8, "\(method) \(direction)")
      }
    }
  }

  /// A form equated to itself maps every score to itself; the table built from it is monotone,
  /// passes exactly at and above the cut, and its CSEM is positive inside the range.
  @Test func identicalFormsEquateToThemselvesAndGiveAValidTable() throws {
    let file = MixedFormatParameterFile(scalingConstant: 1, items: Self.polytomousForm)
    #expect(file.maximumScore == 9)
    for method in EquatingMethod.allCases {
      let result = try MixedFormatEquating.equate(base: file, new: file, options: EquatingOptions(method: method))
      #expect(result.scores.count == 10)
      for row in result.scores where row.theta != nil || method == .trueScore {
        // Observed-score equating of identical distributions is the identity up to rounding.
        #expect(abs(row.equated - Double(row.raw)) < 1e-9, "\(method) raw \(row.raw) → \(row.equated)")
      }
      let scale = ScaleSpecification(
        minimum: 200, maximum: 350, passingScore: 300, cut: .raw(6), mapping: .piecewiseRaw)
      let curve = MixedFormatCharacteristicCurve(items: file.items, scalingConstant: 1)
      let table = try ScaleTableBuilder.build(equating: result, base: curve, new: curve, scale: scale)
      #expect(table.rows.count == 10)
      for (row, next) in zip(table.rows, table.rows.dropFirst()) { #expect(row.scaled <= next.scaled) }
      for row in table.rows { #expect(row.pass == (row.raw >= 6), "raw \(row.raw)") }
      for row in table.rows.dropFirst().dropLast() { #expect(row.csem > 0) }
    }
  }

  /// The mixed expected-score curve inverts exactly: τ(τ⁻¹(x)) = x.
  @Test func expectedScoreCurveInverts() throws {
    let curve = MixedFormatCharacteristicCurve(items: Self.polytomousForm, scalingConstant: 1.7)
    #expect(abs(curve.lowerLimit - 0.57) < 1e-15)
    #expect(curve.upperLimit == 9)
    for x in stride(from: 0.6, to: 8.99, by: 0.37) {
      let theta = try #require(try curve.theta(forTrueScore: x))
      #expect(abs(curve.expectedScore(at: theta) - x) < 1e-10)
    }
    #expect(try curve.theta(forTrueScore: 0.5) == nil)
  }

  /// Mixed-format parameter files round-trip, old dichotomous files read as mixed ones, and
  /// wrong types are errors at their line and column.
  @Test func parameterFilesRoundTripAndReportErrors() throws {
    var file = MixedFormatParameterFile(scalingConstant: 1.7, form: "F1", items: Self.polytomousForm)
    file.items[3] = .polytomous(
      PolytomousItemParameters(
        id: "G1", model: .gpcm, a: 0.8, thresholds: [-1.1, 0.2, 0.7], seA: 0.05,
        seThresholds: [0.1, nil, 0.12]))
    let text = file.jsonText()
    let read = try MixedFormatParameterFile.parse(text, file: "m.json")
    #expect(read == file)
    let old = ParameterFile(model: "2pl", scalingConstant: 1, items: [ItemParameters(id: "X", a: 1.2, b: 0.1)])
    let converted = try MixedFormatParameterFile.parse(old.jsonText(), file: "p.json")
    #expect(converted.items == [.dichotomous(ItemParameters(id: "X", a: 1.2, b: 0.1))])
    let bad = """
      {"format": 1, "model": "mixed", "items": [
        {"id": "G", "model": "gpcm", "a": "0.8", "thresholds": [0]}]}
      """
    do {
      _ = try MixedFormatParameterFile.parse(bad, file: "bad.json")
      Issue.record("no error")
    } catch let error as ParameterFileError {
      #expect(error.location.line == 2 && error.location.column == 37, "\(error.location): \(error.message)")
    }
    let disordered = """
      {"model": "mixed", "items": [{"id": "R", "model": "grm", "a": 1, "thresholds": [0.5, 0.2]}]}
      """
    #expect(throws: ParameterFileError.self) { try MixedFormatParameterFile.parse(disordered, file: "r.json") }
  }
}
