import Equating
import Foundation
import ItemResponseTheory
import Testing

@testable import StandardSetting

/// A 10-item booklet worked by hand: a = 1, c = 0.2, D = 1, b = −2.0, −1.5, …, 2.5 (given in
/// reverse order so the booklet has to sort them).
@Suite struct BookmarkTests {
  static let items: [ItemParameters] = (0..<10).reversed().map { k in
    ItemParameters(id: "Q\(k + 1)", a: 1, b: -2.0 + 0.5 * Double(k), c: 0.2)
  }
  static let file = ParameterFile(model: "3pl", scalingConstant: 1, items: items)

  @Test func bookletOrderAndLocationsAtRP67() throws {
    let booklet = try OrderedItemBooklet(
      items: Self.items, scalingConstant: 1, responseProbability: 0.67, guessing: .full)
    #expect(booklet.pages.map(\.item) == (1...10).map { "Q\($0)" })
    // Full 3PL: θ = b + ln((0.67 − 0.2) / 0.33) = b + 0.3536398; corrected: b + ln(0.67 / 0.33) = b + 0.7081851.
    for page in booklet.pages {
      let b = -2.0 + 0.5 * Double(page.page - 1)
      #expect(abs(page.location - (b + 0.3536398)) < 1e-6)
      #expect(abs(page.correctedLocation - (b + 0.7081851)) < 1e-6)
    }
    let corrected = try OrderedItemBooklet(
      items: Self.items, scalingConstant: 1, responseProbability: 0.67, guessing: .corrected)
    #expect(abs(corrected.pages[0].location - (-2.0 + 0.7081851)) < 1e-6)
  }

  @Test func panelMedianThetaCutAndRawCut() throws {
    let booklet = try OrderedItemBooklet(
      items: Self.items, scalingConstant: 1, responseProbability: 0.67, guessing: .full)
    // Pages 3, 5, 6, 8 → b = −1.0, 0.0, 0.5, 1.5 → θ = b + 0.3536398; median of four = (0.3536398 + 0.8536398) / 2.
    let placements = [3, 5, 6, 8].enumerated().map {
      BookmarkPlacement(rater: "R\($0.offset + 1)", round: 1, page: $0.element)
    }
    let ids = Self.items.map(\.id)
    let result = try BookmarkMethod.analyze(placements: placements, booklet: booklet, parameters: Self.file, items: ids)
    let theta = 0.6036398
    #expect(abs(result.final.thetaCut - theta) < 1e-6)
    #expect(result.final.raters.map(\.page) == [3, 5, 6, 8])
    // Raw cut τ(θ) = Σ_k [0.2 + 0.8 / (1 + exp(−(θ − b_k)))], b_k = −2 + 0.5k.
    var tau = 0.0
    for k in 0..<10 { tau += 0.2 + 0.8 / (1 + exp(-(theta - (-2.0 + 0.5 * Double(k))))) }
    #expect(abs(result.final.rawCut - tau) < 1e-5)
    #expect(result.final.medianPage == 5.5)
  }

  @Test func impossibleInputsAreErrors() throws {
    #expect(throws: StandardSettingError.self) {
      try OrderedItemBooklet(items: Self.items, scalingConstant: 1, responseProbability: 0.15, guessing: .full)
    }
    #expect(throws: StandardSettingError.self) {
      try OrderedItemBooklet(items: Self.items, scalingConstant: 1, responseProbability: 1, guessing: .corrected)
    }
    let booklet = try OrderedItemBooklet(
      items: Self.items, scalingConstant: 1, responseProbability: 0.67, guessing: .full)
    #expect(throws: StandardSettingError.self) {
      try BookmarkMethod.analyze(
        placements: [BookmarkPlacement(rater: "R1", round: 1, page: 11)], booklet: booklet, parameters: Self.file,
        items: Self.items.map(\.id))
    }
  }
}

/// A worked Hofstee example: 10 items, 10 candidates with raw scores 2 3 4 5 5 6 6 7 8 9.
@Suite struct HofsteeTests {
  static let raw = [2, 3, 4, 5, 5, 6, 6, 7, 8, 9]

  @Test func intersectionByHand() throws {
    // Means: k_min = 40% of 10 = 4, k_max = 8, f_min = 20%, f_max = 60%; line L(c) = 0.6 − 0.1 (c − 4).
    // Fail curve F(c) = share with raw < c: F(5) = 0.3, F(6) = 0.5. g = F − L: g(5) = −0.2, g(6) = +0.1,
    // so c* = 5 + 0.2 / 0.3 = 5.6667 and F(c*) = L(c*) = 0.4333. Pass raw ≥ 6: 5 of 10.
    let judgements = [
      HofsteeJudgement(
        rater: "R1", minimumCutPercent: 40, maximumCutPercent: 80, minimumFailPercent: 10, maximumFailPercent: 70),
      HofsteeJudgement(
        rater: "R2", minimumCutPercent: 40, maximumCutPercent: 80, minimumFailPercent: 30, maximumFailPercent: 50),
    ]
    let result = try HofsteeMethod.analyze(judgements: judgements, itemCount: 10, rawScores: Self.raw)
    #expect(abs(result.minimumCut - 4) < 1e-12 && abs(result.maximumCut - 8) < 1e-12)
    #expect(abs(result.minimumFailRate - 0.2) < 1e-12 && abs(result.maximumFailRate - 0.6) < 1e-12)
    #expect(abs(result.rawCut - 17.0 / 3.0) < 1e-12)
    #expect(abs(result.failRateAtCut - 0.3 - 0.2 * 2 / 3) < 1e-12)
    #expect(result.impact.lowestPassingRaw == 6)
    #expect(result.impact.passing == 5)
  }

  @Test func noIntersectionIsReported() {
    let judgements = [
      HofsteeJudgement(
        rater: "R1", minimumCutPercent: 40, maximumCutPercent: 80, minimumFailPercent: 5, maximumFailPercent: 10)
    ]
    #expect(throws: StandardSettingError.self) {
      try HofsteeMethod.analyze(judgements: judgements, itemCount: 10, rawScores: Self.raw)
    }
    #expect(throws: StandardSettingError.self) {
      try HofsteeMethod.analyze(judgements: judgements, itemCount: 10, rawScores: [])
    }
  }
}

@Suite struct ScaleFileWriterTests {
  static let provenance = StandardSettingProvenance(
    method: "modified-angoff", panelFile: "panel \"A\".csv", form: "form-a", parametersFile: "a.json",
    responsesFile: nil, raters: 10,
    rounds: 2, roundUsed: 2, date: "2026-12-01", rawCut: 29.25, rawCutStandardError: 0.5, thetaCut: 0.1,
    thetaCutStandardError: 0.04,
    impactPassRate: 0.5)

  static let existing = """
    # Our scale: keep this comment.
    format: 1
    range: [200, 350]
    passing_score: 300
    cut: {raw: 30}
    # the mapping
    mapping:
      type: piecewise-raw
    rounding: nearest

    """

  @Test func updateReplacesOnlyTheCutAndKeepsComments() throws {
    let update = try ScaleFileWriter.update(Self.existing, file: "s.yml", cut: .raw(29.25), provenance: Self.provenance)
    #expect(
      update.text.hasPrefix(
        "# Our scale: keep this comment.\nformat: 1\nrange: [200, 350]\npassing_score: 300\ncut:\n  raw: 29.2500\n# the mapping\nmapping:"
      ))
    #expect(update.text.contains("standard_setting:\n  method: modified-angoff\n  panel: \"panel \\\"A\\\".csv\""))
    let parsed = try ScaleSpecification.parse(update.text, file: "s.yml")
    #expect(parsed.cut == .raw(29.25))
    #expect(parsed.mapping == .piecewiseRaw && parsed.passingScore == 300)
    #expect(update.changes == ["cut: raw 30 → raw 29.25", "standard_setting: added"])
    // A second update replaces the block instead of adding another, and is idempotent.
    let again = try ScaleFileWriter.update(update.text, file: "s.yml", cut: .raw(29.25), provenance: Self.provenance)
    #expect(again.text == update.text)
    #expect(again.changes == ["cut: unchanged (raw 29.25)", "standard_setting: replaced"])
  }

  @Test func newFileParsesBack() throws {
    let text = try ScaleFileWriter.newFile(
      minimum: 200, maximum: 350, passingScore: 300, cut: .theta(0.25), mapping: .linearTheta(slope: 25),
      provenance: Self.provenance)
    let parsed = try ScaleSpecification.parse(text, file: "new.yml")
    #expect(parsed.cut == .theta(0.25))
    #expect(parsed.mapping == .linearTheta(slope: 25))
    #expect(throws: StandardSettingError.self) {
      try ScaleFileWriter.update("range: [200, 350]\n", file: "bad.yml", cut: .raw(1), provenance: Self.provenance)
    }
  }
}
