import Equating
import Foundation
import ItemResponseTheory
import Testing

@testable import StandardSetting

/// Hand computations for a 3-rater, 4-item panel (worked in the comments).
@Suite struct AngoffTests {
  static let items = ["I1", "I2", "I3", "I4"]
  static let round1: [String: [Double]] = [
    "R1": [0.5, 0.6, 0.7, 0.8],  // cut 2.6
    "R2": [0.4, 0.5, 0.6, 0.7],  // cut 2.2
    "R3": [0.6, 0.7, 0.8, 0.9],  // cut 3.0
  ]

  static func ratings(_ table: [String: [Double]], round: Int) -> [AngoffRating] {
    table.keys.sorted().flatMap { rater in
      zip(items, table[rater] ?? []).map { AngoffRating(rater: rater, round: round, item: $0, rating: $1) }
    }
  }

  @Test func panelCutAndStandardErrorByHand() throws {
    let result = try AngoffMethod.analyze(ratings: Self.ratings(Self.round1, round: 1), items: Self.items)
    let round = result.final
    #expect(round.raters.map(\.rater) == ["R1", "R2", "R3"])
    #expect(abs(round.raters[0].rawCut - 2.6) < 1e-12)
    #expect(abs(round.raters[1].rawCut - 2.2) < 1e-12)
    #expect(abs(round.raters[2].rawCut - 3.0) < 1e-12)
    // mean 2.6; SD = sqrt((0 + 0.16 + 0.16) / 2) = 0.4; SE = 0.4 / sqrt(3) = 0.2309401
    #expect(abs(round.panelCut - 2.6) < 1e-12)
    #expect(abs(round.standardDeviation - 0.4) < 1e-12)
    #expect(abs(round.standardError - 0.2309401077) < 1e-9)
  }

  @Test func intraclassCorrelationsByHand() throws {
    // Items x raters is additive (no residual): MSE = 0. Row means .5 .6 .7 .8, grand .65:
    // SSR = 3 * 0.05 = 0.15, MSR = 0.05. Column means .65 .55 .75: SSC = 4 * 0.02 = 0.08, MSC = 0.04.
    // ICC(2,1) = 0.05 / (0.05 + 3 * 0.04 / 4) = 0.625; ICC(2,k) = 0.05 / (0.05 + 0.04 / 4) = 5/6.
    let result = try AngoffMethod.analyze(ratings: Self.ratings(Self.round1, round: 1), items: Self.items)
    let agreement = result.final.agreement
    #expect(abs((agreement.singleRater ?? 0) - 0.625) < 1e-12)
    #expect(abs((agreement.panelAverage ?? 0) - 5.0 / 6.0) < 1e-12)
    #expect(abs(agreement.meanItemSD - 0.1) < 1e-12)
  }

  @Test func roundChangesAndThetaCutThroughTheCurve() throws {
    var round2 = Self.round1
    round2["R2"] = [0.5, 0.6, 0.7, 0.8]  // cut 2.6, change +0.4
    let ratings = Self.ratings(Self.round1, round: 1) + Self.ratings(round2, round: 2)
    // Four Rasch items at b = 0 with D = 1: τ(θ) = 4 / (1 + e^−θ).
    let parameters = ParameterFile(
      model: "rasch", scalingConstant: 1, items: Self.items.map { ItemParameters(id: $0, a: 1, b: 0, c: 0) })
    let result = try AngoffMethod.analyze(ratings: ratings, items: Self.items, parameters: parameters)
    #expect(result.rounds.count == 2)
    let final = result.final
    #expect(final.round == 2)
    #expect(abs((final.raters[1].change ?? 0) - 0.4) < 1e-12 && final.raters[0].change == 0)
    #expect(abs((final.meanChange ?? 0) - 0.4 / 3) < 1e-12)
    #expect(abs((final.meanAbsoluteChange ?? 0) - 0.4 / 3) < 1e-12)
    // Cuts 2.6, 2.6, 3.0: mean 8.2/3; θ = ln(m / (4 − m)); SE_θ = SE / (4 p (1 − p)), p = m / 4.
    let m = 8.2 / 3
    #expect(abs(final.panelCut - m) < 1e-12)
    let theta = log(m / (4 - m))
    #expect(abs((final.thetaCut ?? 0) - theta) < 1e-9)
    let sd = ((2 * pow(2.6 - m, 2) + pow(3.0 - m, 2)) / 2).squareRoot()
    let p = m / 4
    #expect(abs((final.thetaStandardError ?? 0) - sd / 3.0.squareRoot() / (4 * p * (1 - p))) < 1e-9)
    // Round 1 is kept as it was.
    #expect(abs(result.rounds[0].panelCut - 2.6) < 1e-12)
    #expect(result.rounds[0].raters.allSatisfy { $0.change == nil })
  }

  @Test func correlationWithEmpiricalDifficulty() throws {
    // R1 .5 .6 .7 .8, R2 .4 .5 .6 .7 and R3 .6 .7 .8 .9 all rise with p = .2 .4 .6 .8 (r = 1); a
    // fourth rater rating the items in reverse gets r = −1.
    var table = Self.round1
    table["R4"] = [0.8, 0.7, 0.6, 0.5]
    let result = try AngoffMethod.analyze(
      ratings: Self.ratings(table, round: 1), items: Self.items, proportionsCorrect: [0.2, 0.4, 0.6, 0.8])
    let correlations = result.final.raters.map { $0.difficultyCorrelation ?? .nan }
    #expect(zip(correlations, [1.0, 1, 1, -1]).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(throws: StandardSettingError.self) {
      try AngoffMethod.analyze(ratings: Self.ratings(table, round: 1), items: Self.items, proportionsCorrect: [0.5])
    }
  }

  @Test func outlyingRaterByTheRobustRule() throws {
    // One item; cuts .50 .52 .54 .56 .95: median .54, |deviations| .04 .02 0 .02 .41, MAD .02,
    // robust SD 1.4826 * .02 = .029652: z(.95) = 13.83, z(.50) = −1.35.
    let cuts = [0.50, 0.52, 0.54, 0.56, 0.95]
    let ratings = cuts.enumerated().map {
      AngoffRating(rater: "R\($0.offset + 1)", round: 1, item: "I1", rating: $0.element)
    }
    let result = try AngoffMethod.analyze(ratings: ratings, items: ["I1"])
    #expect(result.final.outliers == ["R5"])
    #expect(abs(result.final.raters[0].robustZ - (-0.04 / 0.029652)) < 1e-9)
  }

  @Test func incompleteOrUnknownRatingsAreErrors() throws {
    var ratings = Self.ratings(Self.round1, round: 1)
    ratings.removeLast()
    #expect(throws: StandardSettingError.self) { try AngoffMethod.analyze(ratings: ratings, items: Self.items) }
    let unknown = [AngoffRating(rater: "R1", round: 1, item: "I9", rating: 0.5)]
    #expect(throws: StandardSettingError.self) { try AngoffMethod.analyze(ratings: unknown, items: Self.items) }
    #expect(throws: StandardSettingError.self) {
      try AngoffMethod.analyze(
        ratings: Self.ratings(Self.round1, round: 1), items: Self.items, options: AngoffOptions(round: 2))
    }
  }

  @Test func impactCountsCandidatesAtOrAboveTheCut() {
    let impact = Impact(rawCut: 2.6, rawScores: [0, 1, 2, 3, 4, 3])
    #expect(impact.lowestPassingRaw == 3)
    #expect(impact.passing == 3)
    #expect(abs(impact.passRate - 0.5) < 1e-12)
    #expect(Impact(rawCut: 3, rawScores: [2, 3]).passing == 1)
  }
}

@Suite struct PanelFileTests {
  @Test func readsRatingsAndReportsTheCellAtFault() throws {
    let text = "# panel\nrater,round,item,rating\nR1,1,I1,0.5\nR1,1,I2,0.70\n"
    let ratings = try PanelFiles.angoffRatings(text, file: "p.csv")
    #expect(ratings.count == 2)
    #expect(ratings[1].rating == 0.7)
    do {
      _ = try PanelFiles.angoffRatings("rater,round,item,rating\nR1,1,I1,1.5\n", file: "p.csv")
      Issue.record("expected an error")
    } catch let error as StandardSettingError {
      #expect(error.description.hasPrefix("p.csv:2:4: invalid rating '1.5'"))
      #expect(error.compilerStyle(severity: "error").hasPrefix("p.csv:2:4: error: invalid rating '1.5'"))
    }
    do {
      _ = try PanelFiles.angoffRatings("rater,round,item,rating\nR1,1,I1,0.5\nR1,1,I1,0.6\n", file: "p.csv")
      Issue.record("expected an error")
    } catch let error as StandardSettingError {
      #expect(error.description.contains("duplicate rating") && error.description.contains("first on line 2"))
    }
    #expect(throws: StandardSettingError.self) {
      try PanelFiles.angoffRatings("rater,item,rating\nR1,I1,0.5\n", file: "p.csv")
    }
    #expect(throws: StandardSettingError.self) {
      try PanelFiles.angoffRatings("rater,round,item,rating\nR1,x,I1,0.5\n", file: "p.csv")
    }
    #expect(throws: StandardSettingError.self) {
      try PanelFiles.angoffRatings("rater,round,item,rating\nR1,1,I1\n", file: "p.csv")
    }
  }

  @Test func readsBookmarkAndHofsteeFiles() throws {
    let placements = try PanelFiles.bookmarkPlacements("rater,round,page\nR1,1,4\nR2,1,6\n", file: "b.csv")
    #expect(placements.map(\.page) == [4, 6])
    #expect(throws: StandardSettingError.self) {
      try PanelFiles.bookmarkPlacements("rater,round,page\nR1,1,0\n", file: "b.csv")
    }
    let header = "rater,min_cut_percent,max_cut_percent,min_fail_percent,max_fail_percent\n"
    let judgements = try PanelFiles.hofsteeJudgements(header + "R1,50,60,10,30\n", file: "h.csv")
    #expect(judgements[0].maximumFailPercent == 30)
    #expect(throws: StandardSettingError.self) {
      try PanelFiles.hofsteeJudgements(header + "R1,60,50,10,30\n", file: "h.csv")
    }
    #expect(throws: StandardSettingError.self) {
      try PanelFiles.hofsteeJudgements(header + "R1,50,60,10,130\n", file: "h.csv")
    }
  }
}
