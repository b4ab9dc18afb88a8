import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

@testable import Equating
import TestSupport

@Suite struct ScaleTableTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  @Test func readsTheFixtureScaleFile() throws {
    let scale = try ScaleSpecification.read(path: Self.fixtures.appendingPathComponent("scale.yml").path)
    #expect(scale.minimum == 200 && scale.maximum == 350 && scale.passingScore == 300)
    #expect(scale.cut == .theta(0.3) && scale.mapping == .piecewiseRaw)
    #expect(scale.rounding == .nearest && scale.decimals == 0 && scale.clamp)
  }

  @Test func acceptsTheShortForms() throws {
    let scale = try ScaleSpecification.parse(
      "range: {min: 100, max: 200}\npassing_score: 150\ncut: {raw: 24.5}\nmapping: {type: linear-theta, slope: 20}\ndecimals: 1\nrounding: floor\nclamp: false\n",
      file: "s.yml")
    #expect(scale.cut == .raw(24.5) && scale.mapping == .linearTheta(slope: 20))
    #expect(scale.decimals == 1 && scale.rounding == .floor && !scale.clamp)
    #expect(
      try ScaleSpecification.parse(
        "range: [200, 350]\npassing_score: 300\ncut: {raw: 20}\nmapping: piecewise-raw\n", file: "s.yml"
      ).mapping == .piecewiseRaw)
  }

  /// Every error names file, line and column of the value at fault and what was expected.
  @Test(arguments: [
    (
      "range: [200, 350]\npassing_score: 300\ncut: {theta: 0}\nmaping: piecewise-raw\n",
      "s.yml:4:1: error: unknown field 'maping' in the scale file (did you mean 'mapping'?); expected one of format, range, passing_score, cut, mapping, rounding, decimals, clamp, standard_setting\n"
        + "s.yml:1:1: error: the scale file is missing required field 'mapping' ({type: linear-theta, slope: …} or piecewise-raw)"
    ),
    (
      "range: [200, 350]\npassing_score: 300\ncut: {theta: 0}\nmapping: {type: linear-thetta, slope: 2}\n",
      "s.yml:4:17: error: unknown mapping type 'linear-thetta' (did you mean 'linear-theta'?); expected linear-theta or piecewise-raw"
    ),
    (
      "range: [200, 350]\npassing_score: 300\ncut: {theta: 0}\nmapping: linear-theta\n",
      "s.yml:4:10: error: mapping 'linear-theta' needs 'slope' (reported points per θ unit), for example {type: linear-theta, slope: 25}"
    ),
    (
      "range: [200, 350]\npassing_score: 300\ncut: {theta: 0, raw: 3}\nmapping: piecewise-raw\n",
      "s.yml:3:6: error: give the cut either as 'theta' or as 'raw', not both"
    ),
    (
      "range: [350, 200]\npassing_score: 300\ncut: {theta: 0}\nmapping: piecewise-raw\n",
      "s.yml:1:8: error: expected range min < max; got [350, 200]"
    ),
    (
      "range: [200, 350]\npassing_score: high\ncut: {theta: 0}\nmapping: piecewise-raw\n",
      "s.yml:2:16: error: expected 'passing_score' to be a number, found 'high'"
    ),
    (
      "range: [200, 350]\npassing_score: 300\ncut: {theta: 0}\n",
      "s.yml:1:1: error: the scale file is missing required field 'mapping' ({type: linear-theta, slope: …} or piecewise-raw)"
    ),
    (
      "format: 2\nrange: [200, 350]\n",
      "s.yml:1:9: error: unsupported format version 2; this ItemBench reads scale files up to format 1"
    ),
    (
      "range: [200, 350\n",
      "s.yml:2:1: error: invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"
    ),
  ])
  func reportsErrorsWithLineAndColumn(text: String, expected: String) {
    do {
      _ = try ScaleSpecification.parse(text, file: "s.yml")
      Issue.record("expected an error")
    } catch let error as ScaleFileError {
      // As the tool prints it.
      #expect(error.compilerStyle(severity: "error") == expected)
    } catch {
      Issue.record("\(error)")
    }
  }

  /// A scale file with several problems reports every one of them, in field order, each at its
  /// own line and column (an unknown key, a bad passing score, an unknown mapping type and bad
  /// decimals), not only the first.
  @Test func reportsEveryProblemOfAFile() {
    let text = """
      range: [200, 350]
      passing_score: high
      cut: {theta: 0.3}
      mapping: {type: linear-thetta, slope: 20}
      decimals: 9
      colour: blue
      """
    do {
      _ = try ScaleSpecification.parse(text, file: "s.yml")
      Issue.record("expected errors")
    } catch let error as ScaleFileError {
      let lines = error.compilerStyle(severity: "error").split(separator: "\n").map(String.init)
      #expect(lines.count == 4, "\(lines)")
      #expect(lines.first?.hasPrefix("s.yml:6:1: error: unknown field 'colour'") == true)
      #expect(lines.dropFirst().first == "s.yml:2:16: error: expected 'passing_score' to be a number, found 'high'")
      #expect(lines.contains { $0.hasPrefix("s.yml:4:17: error: unknown mapping type 'linear-thetta'") })
      #expect(lines.last == "s.yml:5:11: error: expected decimals between 0 and 4; got 9")
      #expect(error.others.count == 3)
    } catch {
      Issue.record("\(error)")
    }
  }

  /// Numbers are decimal only: a quoted number, a hexadecimal one and `.inf` are each an error
  /// at their own value (YAML 1.1 would read `0x12C` as 300), never a converted value; `clamp`
  /// keeps taking the YAML 1.1 booleans it always took.
  @Test func readsOnlyDecimalNumbers() throws {
    let text = """
      range: {min: "200", max: 350}
      passing_score: 0x12C
      cut: {theta: .inf}
      mapping: piecewise-raw
      """
    do {
      _ = try ScaleSpecification.parse(text, file: "s.yml")
      Issue.record("expected errors")
    } catch let error as ScaleFileError {
      #expect(
        error.compilerStyle(severity: "error").split(separator: "\n").map(String.init) == [
          #"s.yml:1:14: error: expected 'range.min' to be a number, found the quoted text "200""#,
          "s.yml:2:16: error: expected 'passing_score' to be a number, found '0x12C'",
          "s.yml:3:14: error: expected 'cut.theta' to be a number, found '.inf'",
        ])
    }
    let kept = try ScaleSpecification.parse(
      "range: [200, 350]\npassing_score: 300\ncut: {raw: 20}\nmapping: piecewise-raw\nclamp: no\n", file: "s.yml")
    #expect(kept.clamp == false)
  }

  /// A mapping used as a key, whose own key is a list (found by FuzzScale: Yams' construction of
  /// such a key traps), is an unknown field like any other, reported at the key.
  @Test func aMappingAsAKeyIsAnUnknownField() {
    let text = "? {[a]: b}\n: 1\nrange: [200, 350]\npassing_score: 300\ncut: {theta: 0}\nmapping: piecewise-raw\n"
    do {
      _ = try ScaleSpecification.parse(text, file: "s.yml")
      Issue.record("expected an error")
    } catch let error as ScaleFileError {
      #expect(error.location.line == 1 && error.location.column == 3)
      #expect(error.message.hasPrefix("unknown field '(a mapping as a key)' in the scale file"))
      #expect(error.others.isEmpty)
    } catch {
      Issue.record("\(error)")
    }
  }

  /// Hand-made equating rows on a 10-item base form, raw cut 6.5, piecewise-raw, nearest:
  /// e = 6.49 → 299.85 would round to 300 but fails → 299; e = 6.5 → exactly 300, passes.
  @Test func roundingNeverTurnsAFailIntoAPass() throws {
    let form = syntheticForm(count: 10, seed: 4)
    let equated: [Double] = [0, 1.2, 2.5, 3.3, 4.1, 5.0, 6.49, 6.5, 7.9, 9.2, 10]
    let result = EquatingResult(
      method: .trueScore,
      scores: equated.enumerated().map { EquatedScore(raw: $0.offset, theta: nil, equated: $0.element) },
      population: .normal(mean: 0, sd: 1), newForm: "hand", baseForm: "base", linking: nil, scalingConstant: 1.7,
      newDate: "2026-01-15", baseDate: nil)
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .raw(6.5), mapping: .piecewiseRaw)
    let table = try ScaleTableBuilder.build(equating: result, base: form, new: form, scale: scale)
    #expect(abs(table.rows[6].unroundedScaled - (200 + 100 * 6.49 / 6.5)) < 1e-12)
    #expect(table.rows[6].scaled == 299 && !table.rows[6].pass)
    #expect(table.rows[7].scaled == 300 && table.rows[7].pass)
    #expect(table.lowestPassingRaw == 7)
    // 9.2 → 300 + 50·(9.2 − 6.5)/3.5 = 338.571… → 339.
    #expect(table.rows[9].scaled == 339)
    #expect(table.rows[0].scaled == 200 && table.rows[10].scaled == 350)
  }

  /// The guarantee as a property over many forms, cuts, mappings and roundings: every failing raw
  /// score is reported below the passing score, every passing one at or above it, reported scores
  /// never decrease with the raw score, and pass ⇔ equated ≥ raw cut.
  @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
  func guaranteeHoldsAcrossRandomScales(seed: UInt64) throws {
    var generator = SplitMix64(seed: seed)
    let base = syntheticForm(count: 25 + Int(seed), seed: seed &* 31)
    let new = syntheticForm(count: 20 + 3 * Int(seed), seed: seed &* 17, shift: generator.nextUnit() - 0.5)
    for method in EquatingMethod.allCases {
      let result = try IRTEquating.equate(base: base, new: new, options: EquatingOptions(method: method))
      for rounding in ScaleSpecification.Rounding.allCases {
        let cut: ScaleSpecification.Cut =
          generator.nextUnit() < 0.5
          ? .theta(2 * generator.nextUnit() - 1) : .raw(Double(base.items.count) * (0.4 + 0.3 * generator.nextUnit()))
        let mapping: ScaleSpecification.Mapping =
          generator.nextUnit() < 0.5 ? .piecewiseRaw : .linearTheta(slope: 10 + 30 * generator.nextUnit())
        let scale = ScaleSpecification(
          minimum: 200, maximum: 350, passingScore: 300, cut: cut, mapping: mapping, rounding: rounding,
          decimals: Int(generator.next() % 2))
        let table = try ScaleTableBuilder.build(equating: result, base: base, new: new, scale: scale)
        for row in table.rows {
          #expect(row.pass ? row.scaled >= 300 : row.scaled <= 300 - scale.unit, "seed \(seed) raw \(row.raw)")
          #expect(row.pass == (row.equated >= table.rawCut - 1e-9 * 40), "seed \(seed) raw \(row.raw)")
          #expect(row.scaled >= 200 && row.scaled <= 350)
        }
        for (lower, upper) in zip(table.rows, table.rows.dropFirst()) {
          #expect(lower.scaled <= upper.scaled, "seed \(seed) raw \(upper.raw)")
        }
      }
    }
  }

  /// The base form equated to itself with a raw cut of 24: the lowest passing raw score is exactly
  /// 24 (the identity equating lands on 24 up to floating-point noise, which the cut tolerates).
  @Test func baseFormAgainstItselfPassesAtTheRawCut() throws {
    let base = syntheticForm(count: 40, seed: 8)
    let result = try IRTEquating.equate(base: base, new: base)
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .raw(24), mapping: .linearTheta(slope: 30))
    let table = try ScaleTableBuilder.build(equating: result, base: base, new: base, scale: scale)
    #expect(table.lowestPassingRaw == 24)
    #expect(table.rows[24].scaled == 300)
  }

  /// With base = new and a mapping linear in the raw score (piecewise-raw with the cut at n/2 and
  /// the passing score halfway), scaled = 200 + 150·x/n, so CSEM = (150/n)·sqrt(Σⱼ Pⱼ(1 − Pⱼ)) at
  /// θ_x — the binomial-compound variance in closed form (Lord, 1980). Tolerance 2e-3: rounding to
  /// 4 decimals moves each reported score by at most 5e-5.
  @Test func csemMatchesTheClosedFormForALinearMapping() throws {
    let form = syntheticForm(count: 20, seed: 12)
    let result = try IRTEquating.equate(base: form, new: form)
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 275, cut: .raw(10), mapping: .piecewiseRaw, decimals: 4)
    let table = try ScaleTableBuilder.build(equating: result, base: form, new: form, scale: scale)
    let curve = TestCharacteristicCurve(items: form.items, scalingConstant: 1.7)
    for row in table.rows where row.raw > Int(curve.lowerAsymptote.rounded(.up)) && row.raw < 20 {
      let theta = try #require(try curve.theta(forTrueScore: Double(row.raw)))
      let variance = form.items.reduce(0.0) {
        let p = $1.probability(at: theta, scalingConstant: 1.7)
        return $0 + p * (1 - p)
      }
      #expect(abs(row.csem - 150 / 20 * variance.squareRoot()) < 2e-3, "raw \(row.raw)")
    }
    #expect(table.rows[20].csem == 0)
  }

  /// Decision statistics against a simulation with known truth: θ ~ N(0, 1), responses drawn from
  /// the model, two independent administrations per candidate. With N = 20000 the Monte Carlo SE of
  /// each proportion is ≤ 0.0036; tolerance 4 SE = 0.015.
  @Test func decisionQualityMatchesSimulation() throws {
    let form = syntheticForm(count: 30, seed: 14)
    let result = try IRTEquating.equate(base: form, new: form)
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .theta(0.2), mapping: .piecewiseRaw)
    let table = try ScaleTableBuilder.build(equating: result, base: form, new: form, scale: scale)
    var generator = SplitMix64(seed: 2024)
    let count = 20_000
    var accurate = 0, consistent = 0, passed = 0
    for _ in 0..<count {
      let theta = generator.nextNormal()
      let first = table.rows[simulateScore(form.items, theta: theta, generator: &generator)].pass
      let second = table.rows[simulateScore(form.items, theta: theta, generator: &generator)].pass
      if first == (theta >= 0.2) { accurate += 1 }
      if first == second { consistent += 1 }
      if first { passed += 1 }
    }
    #expect(abs(Double(accurate) / Double(count) - table.decision.accuracy) < 0.015)
    #expect(abs(Double(consistent) / Double(count) - table.decision.consistency) < 0.015)
    #expect(abs(Double(passed) / Double(count) - table.decision.expectedPassRate) < 0.015)
  }

  @Test func exportsTheContractColumnsAndMetadataWithoutItemText() throws {
    let base = syntheticForm(count: 12, seed: 2)
    let new = syntheticForm(count: 12, seed: 3)
    var options = EquatingOptions()
    options.linking = LinkingSummary(method: "stocking-lord", A: 1.1, B: -0.2, anchorCount: 6)
    let result = try IRTEquating.equate(base: base, new: new, options: options)
    let scale = ScaleSpecification(
      minimum: 200, maximum: 350, passingScore: 300, cut: .theta(0), mapping: .piecewiseRaw)
    let table = try ScaleTableBuilder.build(equating: result, base: base, new: new, scale: scale).dataTable()
    #expect(table.columns == ["raw", "theta", "equated", "scaled", "pass", "csem"])
    let metadata = Dictionary(uniqueKeysWithValues: table.metadata.map { ($0.key, $0.value) })
    #expect(metadata["form"] == "synthetic-3" && metadata["base_form"] == "synthetic-2")
    #expect(metadata["method"] == "true-score")
    #expect(metadata["linking"] == "stocking-lord, A = 1.100000, B = -0.200000, 6 anchors")
    #expect(metadata["parameters_date"] == "2026-01-15")
    let csv = try CSVExporter().export(table)
    #expect(csv.contains("\nraw,theta,equated,scaled,pass,csem\n"))
    #expect(try CSVExporter().export(table) == csv)  // deterministic
    let json = try JSONExporter().export(table)
    #expect(json.contains("\"scaled\": 350"))
    let markdown = try MarkdownExporter().export(table)
    #expect(markdown.contains("| raw | theta | equated | scaled | pass | csem |"))
    // A conversion table carries no per-item content at all: not even the ids of the form's items.
    for text in [csv, json, markdown] { #expect(!text.contains("S01")) }
    #expect(result.dataTable().columns == ["raw", "theta", "equated"])
  }
}

/// Number correct of one simulated candidate at θ.
func simulateScore(_ items: [ItemParameters], theta: Double, generator: inout SplitMix64) -> Int {
  var score = 0
  for item in items where generator.nextUnit() < item.probability(at: theta, scalingConstant: 1.7) { score += 1 }
  return score
}
