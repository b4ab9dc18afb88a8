import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Options of a DIF analysis (docs/dif.md).
public struct DIFOptions: Sendable, Hashable {
  /// The fewest candidates of each group who must have seen an item for it to be analysed.
  /// Below it the item is reported as `insufficient-sample` without statistics. Default 100 per
  /// group; operational programs often require more (200 focal, 500 in all, is a common rule).
  public var minimumGroupSize: Int
  /// The significance level of the MH χ², of the ETS "significantly greater than 1" test and
  /// of the logistic-regression tests.
  public var significance: Double
  /// Two-stage purification: after a first pass, items classified C by MH are removed from the
  /// matching criterion (each studied item stays in its own criterion) and every item is
  /// analysed again.
  public var purify: Bool
  /// The items summed into the matching score (default: every item of the matrix).
  public var matchingItems: [String]?
  /// How omitted and not-reached responses count, as item statistics (default
  /// ``MissingResponseRule/standard``: omits wrong, not reached left out).
  public var missingResponses: MissingResponseRule = .standard

  public init(
    minimumGroupSize: Int = 100, significance: Double = 0.05, purify: Bool = false, matchingItems: [String]? = nil
  ) {
    self.minimumGroupSize = minimumGroupSize
    self.significance = significance
    self.purify = purify
    self.matchingItems = matchingItems
  }
}

/// DIF statistics of one item.
public struct ItemDIF: Sendable, Hashable {
  public var id: String
  /// Candidates of each group who saw the item (answered or omitted).
  public var referenceCount: Int
  public var focalCount: Int
  /// Proportion correct in each group (omits count as wrong).
  public var referenceP: Double?
  public var focalP: Double?
  public var mantelHaenszel: MantelHaenszelResult?
  public var logistic: LogisticDIFResult?
  /// Whether the item is part of the final matching criterion (false when purified out).
  public var inMatchingCriterion: Bool
  /// Why statistics are missing or doubtful (`insufficient-sample`, a degenerate table, a
  /// logistic model that did not converge).
  public var notes: [String]
}

/// The result of a DIF analysis.
public struct DIFReport: Sendable, Hashable {
  public var groups: GroupAssignment
  public var options: DIFOptions
  public var referenceCandidates: Int
  public var focalCandidates: Int
  /// Candidates in neither group (not in the candidates file, another or no value).
  public var excludedCandidates: Int
  /// Mean matching score (first stage) of each group: the impact, which DIF statistics control.
  public var referenceMeanScore: Double
  public var focalMeanScore: Double
  /// Items in the first-stage matching criterion and those purification removed.
  public var matchingItems: [String]
  public var purifiedItems: [String]
  public var items: [ItemDIF]

  /// Items classified C by MH (either sign).
  public var cItems: [String] { items.filter { $0.mantelHaenszel?.category.isC == true }.map(\.id) }

  public static let columns = [
    "id", "reference_n", "focal_n", "reference_p", "focal_p", "mh_alpha", "mh_delta", "mh_delta_se",
    "mh_chi2", "mh_p", "std_p_dif", "ets_class", "lr_uniform_chi2", "lr_uniform_p", "lr_nonuniform_chi2",
    "lr_nonuniform_p", "lr_chi2", "lr_p", "lr_delta_r2_uniform", "lr_delta_r2_nonuniform", "lr_delta_r2", "lr_class",
    "in_criterion", "notes",
  ]

  /// One row per item, the columns above (docs/dif.md), with the analysis in the metadata.
  public func dataTable() -> DataTable {
    func decimal(_ value: Double?, _ places: Int) -> DataTable.Cell {
      guard let value, value.isFinite else { return .missing }
      return .decimal(value, places: places)
    }
    let rows: [[DataTable.Cell]] = items.map { item in
      let mh = item.mantelHaenszel, lr = item.logistic
      return [
        .text(item.id), .integer(item.referenceCount), .integer(item.focalCount), decimal(item.referenceP, 4),
        decimal(item.focalP, 4), decimal(mh?.alpha, 4), decimal(mh?.delta, 4), decimal(mh?.deltaStandardError, 4),
        decimal(mh?.chiSquare, 4), decimal(mh?.pValue, 6), decimal(mh?.standardizedPDifference, 4),
        mh.map { .text($0.category.rawValue) } ?? .missing,
        decimal(lr?.uniformChiSquare, 4), decimal(lr?.uniformPValue, 6), decimal(lr?.nonUniformChiSquare, 4),
        decimal(lr?.nonUniformPValue, 6), decimal(lr?.totalChiSquare, 4), decimal(lr?.totalPValue, 6),
        decimal(lr?.uniformDeltaR2, 5), decimal(lr?.nonUniformDeltaR2, 5), decimal(lr?.totalDeltaR2, 5),
        lr.map { .text($0.category.rawValue) } ?? .missing, .boolean(item.inMatchingCriterion),
        .text(item.notes.joined(separator: "; ")),
      ]
    }
    return DataTable(name: "dif", metadata: metadata, columns: Self.columns, rows: rows)
  }

  public var metadata: [(key: String, value: String)] {
    [
      ("variable", groups.variable), ("reference_group", groups.reference), ("focal_group", groups.focal),
      ("reference_candidates", String(referenceCandidates)), ("focal_candidates", String(focalCandidates)),
      ("excluded_candidates", String(excludedCandidates)),
      ("reference_mean_score", formatDecimal(referenceMeanScore, places: 4)),
      ("focal_mean_score", formatDecimal(focalMeanScore, places: 4)),
      ("matching", "number correct on \(matchingItems.count) items, studied item included"),
      (
        "purification",
        options.purify
          ? "two-stage: removed \(purifiedItems.isEmpty ? "none" : purifiedItems.joined(separator: " "))" : "none"
      ),
      ("minimum_group_size", String(options.minimumGroupSize)),
      ("significance", formatNumber(options.significance)),
      (
        "mh_method",
        "Mantel-Haenszel alpha and delta = -2.35 ln alpha (Holland & Thayer 1988); SE by Robins-Breslow-Greenland; chi2 with continuity correction"
      ),
      (
        "ets_rule",
        "A: p >= significance or |delta| < 1; C: |delta| >= 1.5 and |delta| significantly > 1 (one-sided); B: otherwise; - favours reference, + favours focal (Zwick 2012)"
      ),
      (
        "lr_method",
        "nested logistic models on the matching score and group; LR chi2; Nagelkerke R2 change; Jodoin & Gierl (2001) bands .035/.070 with the 2-df test"
      ),
    ]
  }

  private func formatNumber(_ value: Double) -> String {
    var text = formatDecimal(value, places: 6)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}

/// Differential item functioning analysis of a response matrix for one grouping.
///
/// Item scores: answered responses as scored; omitted and not-reached responses as
/// ``DIFOptions/missingResponses`` says for item statistics (default: omits wrong, not reached
/// left out); not-presented responses leave the candidate out of that item's statistics. The matching score
/// is the number correct on the matching items (missing responses count 0), the studied item
/// always included (Holland & Thayer 1988). MH strata are the matching-score levels 0…n;
/// logistic regression uses the matching score as a continuous covariate. O(candidates · items).
public enum DIFAnalysis {
  public static func analyze(
    _ matrix: ResponseMatrix, groups: GroupAssignment, options: DIFOptions = DIFOptions()
  ) throws -> DIFReport {
    let matrix = options.missingResponses.applied(to: matrix, for: .itemStatistics)
    guard groups.membership.count == matrix.candidateCount else {
      throw DIFDegenerate(
        "the group assignment has \(groups.membership.count) candidates, the responses \(matrix.candidateCount)")
    }
    guard options.minimumGroupSize >= 1 else { throw DIFDegenerate("the minimum group size must be at least 1") }
    guard options.significance > 0, options.significance < 1 else {
      throw DIFDegenerate("the significance level must be between 0 and 1")
    }
    let matching = options.matchingItems ?? matrix.itemIDs
    var column: [String: Int] = [:]
    for (index, id) in matrix.itemIDs.enumerated() { column[id] = index }
    for id in matching where column[id] == nil {
      throw DIFDegenerate(
        "matching item '\(id)' is not in the responses\(EditDistance.didYouMean(id, among: matrix.itemIDs))")
    }
    let referenceCount = groups.membership.filter { $0 == 0 }.count
    let focalCount = groups.membership.filter { $0 == 1 }.count
    guard referenceCount > 0, focalCount > 0 else {
      throw DIFDegenerate(
        "the responses hold \(referenceCount) reference and \(focalCount) focal candidates; both groups are needed")
    }

    let firstScores = scores(matrix, items: matching.compactMap { column[$0] })
    var first = analyzeItems(
      matrix, groups: groups.membership, criterion: Set(matching.compactMap { column[$0] }), scores: firstScores,
      options: options)
    var purified: [String] = []
    if options.purify {
      purified = first.filter { $0.mantelHaenszel?.category.isC == true }.map(\.id).filter { matching.contains($0) }
      if !purified.isEmpty {
        let kept = matching.filter { !purified.contains($0) }
        let keptColumns = Set(kept.compactMap { column[$0] })
        first = analyzeItems(
          matrix, groups: groups.membership, criterion: keptColumns,
          scores: scores(matrix, items: kept.compactMap { column[$0] }), options: options)
        for index in first.indices where purified.contains(first[index].id) {
          first[index].inMatchingCriterion = false
        }
      }
    }
    var referenceSum = 0, focalSum = 0
    for (score, group) in zip(firstScores, groups.membership) {
      if group == 0 { referenceSum += score } else if group == 1 { focalSum += score }
    }
    return DIFReport(
      groups: groups, options: options, referenceCandidates: referenceCount, focalCandidates: focalCount,
      excludedCandidates: matrix.candidateCount - referenceCount - focalCount,
      referenceMeanScore: Double(referenceSum) / Double(referenceCount),
      focalMeanScore: Double(focalSum) / Double(focalCount),
      matchingItems: matching, purifiedItems: purified, items: first)
  }

  /// Number correct over `items` for every candidate.
  static func scores(_ matrix: ResponseMatrix, items: [Int]) -> [Int] {
    let m = matrix.itemCount
    return matrix.codes.withUnsafeBufferPointer { codes in
      (0..<matrix.candidateCount).map { candidate in
        var total = 0
        for item in items {
          let code = codes[candidate * m + item]
          if !ResponseCode.isMissing(code) { total += Int(code & 1) }
        }
        return total
      }
    }
  }

  static func analyzeItems(
    _ matrix: ResponseMatrix, groups: [UInt8?], criterion: Set<Int>, scores: [Int], options: DIFOptions
  ) -> [ItemDIF] {
    let m = matrix.itemCount
    let maximum = criterion.count + 1
    return (0..<m).map { item in
      // correct[score][group], trials[score][group]
      var correct = [[Int]](repeating: [0, 0], count: maximum + 1)
      var trials = [[Int]](repeating: [0, 0], count: maximum + 1)
      for candidate in 0..<matrix.candidateCount {
        guard let group = groups[candidate] else { continue }
        let code = matrix.codes[candidate * m + item]
        if ResponseCode.isMissing(code) { continue }
        let score = Int(code & 1)
        var level = scores[candidate]
        if !criterion.contains(item) { level += score }
        correct[level][Int(group)] += score
        trials[level][Int(group)] += 1
      }
      let nR = trials.reduce(0) { $0 + $1[0] }, nF = trials.reduce(0) { $0 + $1[1] }
      let cR = correct.reduce(0) { $0 + $1[0] }, cF = correct.reduce(0) { $0 + $1[1] }
      var result = ItemDIF(
        id: matrix.itemIDs[item], referenceCount: nR, focalCount: nF,
        referenceP: nR > 0 ? Double(cR) / Double(nR) : nil, focalP: nF > 0 ? Double(cF) / Double(nF) : nil,
        mantelHaenszel: nil, logistic: nil, inMatchingCriterion: criterion.contains(item), notes: [])
      guard nR >= options.minimumGroupSize, nF >= options.minimumGroupSize else {
        result.notes.append(
          "insufficient-sample: \(nR) reference, \(nF) focal (minimum \(options.minimumGroupSize) each)")
        return result
      }
      let strata = (0...maximum).map {
        Stratum(
          referenceCorrect: correct[$0][0], referenceIncorrect: trials[$0][0] - correct[$0][0],
          focalCorrect: correct[$0][1], focalIncorrect: trials[$0][1] - correct[$0][1])
      }
      do {
        result.mantelHaenszel = try MantelHaenszel.analyze(strata, significance: options.significance)
      } catch {
        result.notes.append("mh: \(error)")
      }
      var levels: [Double] = [], groupValues: [Double] = [], successes: [Double] = [], counts: [Double] = []
      for level in 0...maximum {
        for group in 0..<2 where trials[level][group] > 0 {
          levels.append(Double(level))
          groupValues.append(Double(group))
          successes.append(Double(correct[level][group]))
          counts.append(Double(trials[level][group]))
        }
      }
      do {
        let logistic = try LogisticRegressionDIF.analyze(
          scores: levels, groups: groupValues, correct: successes, trials: counts, significance: options.significance)
        if !logistic.converged {
          result.notes.append("lr: a logistic model did not converge (separation); statistics omitted")
        } else {
          result.logistic = logistic
        }
      } catch {
        result.notes.append("lr: \(error)")
      }
      return result
    }
  }
}
