import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Raw scores of a form's scored items, for impact data.
public enum FormRawScores {
  /// Each candidate's number correct over `scoredItems`: omitted, not-reached and not-presented
  /// responses count as incorrect (0).
  ///
  /// - Throws: ``StandardSettingError`` naming the first scored item the response file lacks.
  public static func compute(_ matrix: ResponseMatrix, scoredItems: [String], file: String) throws -> [Int] {
    let missing = matrix.missingColumns(for: scoredItems)
    guard missing.isEmpty else {
      throw StandardSettingError(
        ResponseMatrix.missingColumnsMessage(missing), at: SourceLocation(file: file, line: 1, column: 1))
    }
    return ResponseScoring.numberCorrect(matrix.selecting(itemIDs: scoredItems))
  }

  /// Each scored item's proportion correct over all candidates, omitted, not-reached and
  /// not-presented responses counted as incorrect (the rule of ``compute(_:scoredItems:file:)``).
  public static func proportionsCorrect(_ matrix: ResponseMatrix, scoredItems: [String], file: String) throws
    -> [Double]
  {
    let missing = matrix.missingColumns(for: scoredItems)
    guard missing.isEmpty else {
      throw StandardSettingError(
        ResponseMatrix.missingColumnsMessage(missing), at: SourceLocation(file: file, line: 1, column: 1))
    }
    let selected = matrix.selecting(itemIDs: scoredItems)
    guard selected.candidateCount > 0 else { return scoredItems.map { _ in 0 } }
    var correct = [Int](repeating: 0, count: scoredItems.count)
    for i in 0..<selected.candidateCount {
      for j in 0..<scoredItems.count {
        let code = selected.code(candidate: i, item: j)
        if !ResponseCode.isMissing(code) { correct[j] += Int(code & 1) }
      }
    }
    return correct.map { Double($0) / Double(selected.candidateCount) }
  }
}

/// Text and JSON renderings of the standard-setting results (ids and numbers only).
public enum StandardSettingReport {
  static func d(_ value: Double?, _ places: Int = 2) -> String {
    value.map { formatDecimal($0, places: places) } ?? "—"
  }
  static func percent(_ value: Double?) -> String { value.map { formatDecimal($0 * 100, places: 1) + "%" } ?? "—" }
  static func number(_ value: Double?, _ places: Int = 4) -> JSONValue {
    value.map { JSONValue.rounded($0, places: places) } ?? .null
  }
  static func impactJSON(_ impact: Impact?) -> JSONValue {
    guard let impact else { return .null }
    return .object([
      ("raw_cut", .rounded(impact.rawCut, places: 4)), ("lowest_passing_raw", .int(impact.lowestPassingRaw)),
      ("candidates", .int(impact.candidates)), ("passing", .int(impact.passing)),
      ("pass_rate", .rounded(impact.passRate, places: 4)),
    ])
  }
  static func impactText(_ impact: Impact?) -> String {
    guard let impact else { return "impact: no responses given (--responses)" }
    return
      "impact: \(impact.passing) of \(impact.candidates) candidates pass (\(percent(impact.passRate))) at raw ≥ \(impact.lowestPassingRaw)"
  }

  // MARK: Angoff

  public static func text(_ result: AngoffResult) -> String {
    var out = "Modified Angoff: \(result.items.count) scored items, \(result.rounds.count) round(s)\n"
    for round in result.rounds {
      out +=
        "\nRound \(round.round)\(round.round == result.final.round ? " (sets the cut)" : ""): \(round.raters.count) raters\n"
      var rows: [[String]] = []
      for rater in round.raters {
        rows.append([
          rater.rater, d(rater.rawCut), rater.change.map { d($0) } ?? "", d(rater.robustZ),
          d(rater.difficultyCorrelation), rater.outlying ? "OUTLYING" : "",
        ])
      }
      out += TextTable.render(header: ["rater", "cut", "change", "robust z", "r(p)", ""], rows: rows)
      out += "panel cut \(d(round.panelCut, 3)) (SD \(d(round.standardDeviation, 3)), SE \(d(round.standardError, 3)))"
      if let theta = round.thetaCut { out += "; theta cut \(d(theta, 4)) (SE \(d(round.thetaStandardError, 4)))" }
      out += "\n"
      if let change = round.meanChange {
        out += "change from the previous round: mean \(d(change, 3)), mean absolute \(d(round.meanAbsoluteChange, 3))\n"
      }
      out +=
        "agreement: ICC(2,1) \(d(round.agreement.singleRater, 3)), ICC(2,k) \(d(round.agreement.panelAverage, 3)), mean item SD \(d(round.agreement.meanItemSD, 3))\n"
      if round.raters.contains(where: { $0.difficultyCorrelation != nil }) {
        out += "r(p): correlation of the rater's ratings with the items' observed proportions correct\n"
      }
      if round.thetaCut == nil && result.hasParameters {
        out += "theta cut: none (the panel cut is not strictly between the TCC's lower asymptote and the maximum)\n"
      }
      out +=
        "outlying raters (|robust z| > \(formatDecimal(result.outlierThreshold, places: 1))): \(round.outliers.isEmpty ? "none" : round.outliers.joined(separator: ", "))\n"
      out += impactText(round.impact) + "\n"
    }
    return out
  }

  public static func json(_ result: AngoffResult) -> JSONValue {
    .object([
      ("method", "modified-angoff"),
      ("items", .int(result.items.count)),
      ("round_used", .int(result.final.round)),
      ("raw_cut", .rounded(result.final.panelCut, places: 4)),
      ("raw_cut_se", .rounded(result.final.standardError, places: 4)),
      ("theta_cut", number(result.final.thetaCut)),
      ("theta_cut_se", number(result.final.thetaStandardError)),
      ("outlier_rule", .string(AngoffResult.outlierRule)),
      ("outlier_threshold", .number(result.outlierThreshold)),
      ("agreement_method", .string(RaterAgreement.method)),
      (
        "rounds",
        .array(
          result.rounds.map { round in
            .object([
              ("round", .int(round.round)),
              ("panel_cut", .rounded(round.panelCut, places: 4)),
              ("sd", .rounded(round.standardDeviation, places: 4)),
              ("se", .rounded(round.standardError, places: 4)),
              ("theta_cut", number(round.thetaCut)),
              ("theta_cut_se", number(round.thetaStandardError)),
              ("mean_change", number(round.meanChange)),
              ("mean_absolute_change", number(round.meanAbsoluteChange)),
              ("icc_single", number(round.agreement.singleRater)),
              ("icc_average", number(round.agreement.panelAverage)),
              ("mean_item_sd", .rounded(round.agreement.meanItemSD, places: 4)),
              ("outliers", .array(round.outliers.map { .string($0) })),
              ("impact", impactJSON(round.impact)),
              (
                "raters",
                .array(
                  round.raters.map { rater in
                    .object([
                      ("rater", .string(rater.rater)), ("cut", .rounded(rater.rawCut, places: 4)),
                      ("change", number(rater.change)), ("robust_z", .rounded(rater.robustZ, places: 4)),
                      ("outlying", .bool(rater.outlying)),
                      ("difficulty_correlation", number(rater.difficultyCorrelation)),
                    ])
                  })
              ),
            ])
          })
      ),
    ])
  }

  // MARK: Bookmark

  public static func text(_ result: BookmarkResult) -> String {
    let booklet = result.booklet
    var out =
      "Bookmark: ordered item booklet of \(booklet.pages.count) pages at RP \(formatDecimal(booklet.responseProbability, places: 2)), "
    out +=
      booklet.guessing == .full
      ? "RP on the full 3PL probability (no guessing correction)\n"
      : "RP on the probability above chance (guessing correction)\n"
    out += TextTable.render(
      header: ["page", "item", "location", "full RP", "corrected RP"],
      rows: booklet.pages.map {
        [String($0.page), $0.item, d($0.location, 4), d($0.fullLocation, 4), d($0.correctedLocation, 4)]
      })
    for round in result.rounds {
      out +=
        "\nRound \(round.round)\(round.round == result.final.round ? " (sets the cut)" : ""): \(round.raters.count) raters\n"
      out += TextTable.render(
        header: ["rater", "page", "theta cut"],
        rows: round.raters.map { [$0.rater, String($0.page), d($0.thetaCut, 4)] })
      out +=
        "panel theta cut (median) \(d(round.thetaCut, 4)); raw cut τ(θ) \(d(round.rawCut, 3)); median page \(d(round.medianPage, 1))\n"
      out += impactText(round.impact) + "\n"
    }
    return out
  }

  public static func json(_ result: BookmarkResult) -> JSONValue {
    .object([
      ("method", "bookmark"),
      ("response_probability", .number(result.booklet.responseProbability)),
      ("guessing", .string(result.booklet.guessing.rawValue)),
      ("round_used", .int(result.final.round)),
      ("theta_cut", .rounded(result.final.thetaCut, places: 4)),
      ("raw_cut", .rounded(result.final.rawCut, places: 4)),
      (
        "booklet",
        .array(
          result.booklet.pages.map { page in
            .object([
              ("page", .int(page.page)), ("item", .string(page.item)), ("location", .rounded(page.location, places: 4)),
              ("full_location", number(page.fullLocation)),
              ("corrected_location", .rounded(page.correctedLocation, places: 4)),
            ])
          })
      ),
      (
        "rounds",
        .array(
          result.rounds.map { round in
            .object([
              ("round", .int(round.round)), ("theta_cut", .rounded(round.thetaCut, places: 4)),
              ("raw_cut", .rounded(round.rawCut, places: 4)), ("median_page", .number(round.medianPage)),
              ("impact", impactJSON(round.impact)),
              (
                "raters",
                .array(
                  round.raters.map {
                    .object([
                      ("rater", .string($0.rater)), ("page", .int($0.page)),
                      ("theta_cut", .rounded($0.thetaCut, places: 4)),
                    ])
                  })
              ),
            ])
          })
      ),
    ])
  }

  // MARK: Hofstee

  public static func text(_ result: HofsteeResult) -> String {
    var out = "Hofstee compromise: \(result.raters) raters\n"
    out +=
      "acceptable cut \(d(result.minimumCut, 3))–\(d(result.maximumCut, 3)) raw, acceptable fail rate \(percent(result.minimumFailRate))–\(percent(result.maximumFailRate))\n"
    out +=
      "intersection with the observed fail-rate curve: raw cut \(d(result.rawCut, 3)), fail rate \(percent(result.failRateAtCut))\n"
    out += impactText(result.impact) + "\n"
    return out
  }

  public static func json(_ result: HofsteeResult) -> JSONValue {
    .object([
      ("method", "hofstee"), ("raters", .int(result.raters)),
      ("minimum_cut", .rounded(result.minimumCut, places: 4)), ("maximum_cut", .rounded(result.maximumCut, places: 4)),
      ("minimum_fail_rate", .rounded(result.minimumFailRate, places: 4)),
      ("maximum_fail_rate", .rounded(result.maximumFailRate, places: 4)),
      ("raw_cut", .rounded(result.rawCut, places: 4)), ("fail_rate_at_cut", .rounded(result.failRateAtCut, places: 4)),
      ("fail_curve", .string(HofsteeResult.failCurve)), ("impact", impactJSON(result.impact)),
    ])
  }
}
