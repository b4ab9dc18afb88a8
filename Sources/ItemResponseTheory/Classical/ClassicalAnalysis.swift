import Dispatch
import Foundation
import ItemBenchCore

/// When ``ClassicalAnalysis`` flags an item.
public struct ClassicalThresholds: Sendable, Hashable {
  /// `low-discrimination` when the corrected point-biserial is below this (default 0.20).
  public var minimumDiscrimination: Double
  /// `p-near-0` when the p-value is below this (default 0.05).
  public var lowP: Double
  /// `p-near-1` when the p-value is above this (default 0.95).
  public var highP: Double
  /// `distractor-positive` when a distractor's point-biserial is above this (default 0: a
  /// distractor should correlate negatively with the rest score).
  public var maximumDistractorCorrelation: Double

  public init(
    minimumDiscrimination: Double = 0.20, lowP: Double = 0.05, highP: Double = 0.95,
    maximumDistractorCorrelation: Double = 0
  ) {
    self.minimumDiscrimination = minimumDiscrimination
    self.lowP = lowP
    self.highP = highP
    self.maximumDistractorCorrelation = maximumDistractorCorrelation
  }
}

/// A reason an item needs a look.
public enum ClassicalFlag: String, Sendable, Hashable, CaseIterable {
  /// Corrected point-biserial below ``ClassicalThresholds/minimumDiscrimination`` (or undefined
  /// because the item or the rest score has no variance).
  case lowDiscrimination = "low-discrimination"
  /// A distractor with a point-biserial above ``ClassicalThresholds/maximumDistractorCorrelation``.
  case distractorPositive = "distractor-positive"
  /// p-value below ``ClassicalThresholds/lowP``.
  case pNearZero = "p-near-0"
  /// p-value above ``ClassicalThresholds/highP``.
  case pNearOne = "p-near-1"
  /// No response to the item counts (every one not presented, or left out by the scoring rule).
  case notAdministered = "not-administered"
}

/// Which item set an item's statistics belong to.
public enum ClassicalItemSet: String, Sendable, Hashable, CaseIterable {
  /// No scored items were named: every item is in the criterion (the total score).
  case all
  /// A scored item: in the criterion; its point-biserial uses the rest score (total − item).
  case scored
  /// A pretest (unscored) item: not in the criterion; its point-biserial uses the scored total.
  case pretest
}

/// One option of a multiple-choice item in the distractor analysis.
public struct OptionStatistics: Sendable, Hashable {
  public var id: String
  public var isKey: Bool
  /// Candidates who chose the option.
  public var count: Int
  /// `count` / the item's ``ClassicalItemStatistics/administered`` count.
  public var proportion: Double
  /// Point-biserial of choosing the option with the item's criterion (the rest score for a
  /// scored item, the scored total for a pretest item); `nil` when nobody or everybody chose it,
  /// or the criterion has no variance.
  public var pointBiserial: Double?
}

/// Classical statistics of one item.
public struct ClassicalItemStatistics: Sendable, Hashable {
  public var id: String
  /// In the criterion (``ClassicalItemSet/all`` or ``ClassicalItemSet/scored``) or not
  /// (``ClassicalItemSet/pretest``).
  public var itemSet: ClassicalItemSet
  /// Responses that count in the item's statistics under the scoring rule: answered, plus the
  /// omitted and not-reached responses the rule scores wrong for item statistics.
  public var administered: Int
  public var correct: Int
  public var omitted: Int
  public var notReached: Int
  public var notPresented: Int
  /// Proportion correct among ``administered``; `nil` if none.
  public var pValue: Double?
  /// Omits / (answered + omits): the share of the candidates who saw the item and gave no answer.
  public var omitRate: Double?
  /// Not reached / (answered + omitted + not reached).
  public var notReachedRate: Double?
  /// Pearson correlation of the item score with the criterion over the administered candidates:
  /// the rest score (number correct on the other scored items) for a scored item, the scored
  /// total for a pretest item; `nil` if either has no variance.
  public var correctedPointBiserial: Double?
  /// Coefficient alpha of the scored items without this item (complete cases); `nil` for a
  /// pretest item, with fewer than 3 scored items, or no variance.
  public var alphaIfDeleted: Double?
  /// The key's option id, when the data recorded options.
  public var key: String?
  /// Options in presentation order; empty when no response recorded an option.
  public var options: [OptionStatistics]
  public var flags: [ClassicalFlag]
}

/// Test-level classical statistics, all on the criterion (scored) items.
public struct ClassicalTestStatistics: Sendable, Hashable {
  public var candidates: Int
  /// Items in the response matrix (scored and pretest).
  public var items: Int
  /// Items in the criterion: the scored items, or every item when none were named.
  public var criterionItems: Int
  /// Mean and sample standard deviation (n − 1) of the number-correct score on the criterion
  /// items over all candidates (omitted and not-reached responses add 0).
  public var meanScore: Double
  public var sdScore: Double
  /// Candidates with a counted response to every criterion item (none left out by the scoring
  /// rule or not presented): the sample alpha, alpha-if-item-deleted and SEM are computed on.
  public var completeCases: Int
  /// Coefficient alpha α = k/(k − 1)·(1 − Σ s²ⱼ / s²ₓ) over the k criterion items on the complete
  /// cases; `nil` with fewer than 2 items, 2 complete cases, or a constant total.
  public var alpha: Double?
  /// Mean and SD (n − 1) of the total score on the complete cases.
  public var completeMean: Double?
  public var completeSD: Double?
  /// Standard error of measurement sₓ·√(1 − α) on the complete cases (raw-score units).
  public var sem: Double?
}

/// The result of ``ClassicalAnalysis/analyze(_:keys:thresholds:scoredItems:missingResponses:)``.
public struct ClassicalReport: Sendable, Hashable {
  public var test: ClassicalTestStatistics
  public var items: [ClassicalItemStatistics]
  public var thresholds: ClassicalThresholds
  /// The scoring rule the statistics follow.
  public var missingResponses: MissingResponseRule = .standard
  /// Where the scored item set came from, for the metadata (for example `form form-a`).
  public var scoredItemsSource: String?
}

/// Classical item analysis of a ``ResponseMatrix``.
///
/// Item sets: the *criterion* is the number correct on the scored items (`scoredItems`; every
/// item when nil). Alpha, SEM and the score moments cover the criterion items only. A scored
/// item's point-biserial uses the rest score R = X − xⱼ; a pretest item (not in the criterion)
/// is correlated with the scored total X itself, so pretest items never enter alpha or anybody's
/// criterion.
///
/// Missing responses: `missingResponses` (for item statistics) says which omitted and
/// not-reached responses count as incorrect; the others, and not-presented responses, are left
/// out of the item's statistics. Omit and not-reached rates are reported whatever the rule.
///
/// - p-value: correct / administered.
/// - Point-biserial: Pearson r of the 0/1 item score with the criterion over the administered
///   candidates.
/// - Option point-biserial: Pearson r of the indicator "chose option k" with the same criterion;
///   for the key it equals the item's point-biserial when every response has a letter.
/// - Coefficient alpha α = k/(k − 1)·(1 − Σ s²ⱼ / s²ₓ) (Cronbach 1951) with sample variances;
///   alpha-if-deleted uses s²ₓ₋ⱼ = s²ₓ − 2·cov(xⱼ, X) + s²ⱼ; both on the complete cases.
/// - SEM = sₓ·√(1 − α).
///
/// All sums are accumulated in integers (scores are whole numbers), so there is no cancellation
/// error; the accumulation runs over blocks of candidates on all cores.
///
/// - Complexity: O(candidates × items) time, O(items × options) extra memory per block.
public enum ClassicalAnalysis {
  /// A candidate's criterion score and whether every criterion item counted.
  struct Pair: Sendable {
    var total: Int
    var complete: Bool
  }

  /// - Parameters:
  ///   - keys: the items' keys, to name the key in the distractor analysis. Without them the key
  ///     is the option whose choices were scored correct (unknown if nobody chose it).
  ///   - scoredItems: the criterion items (a form's scored items); nil: every item. Ids that are
  ///     not columns of `matrix` are ignored.
  ///   - missingResponses: the scoring rule, applied as for item statistics.
  public static func analyze(
    _ matrix: ResponseMatrix, keys: [String: ItemKey]? = nil,
    thresholds: ClassicalThresholds = ClassicalThresholds(), scoredItems: [String]? = nil,
    missingResponses: MissingResponseRule = .standard
  ) -> ClassicalReport {
    let n = matrix.candidateCount
    let m = matrix.itemCount
    let maxOptions = ItemKey.maximumOptionCount
    let scoredSet = scoredItems.map(Set.init)
    let inCriterion = matrix.itemIDs.map { scoredSet?.contains($0) ?? true }
    let criterionCount = inCriterion.filter { $0 }.count

    // Each code's fate under the rule: 0/1 = counted score, 2 = left out.
    var fate = [UInt8](repeating: 2, count: 256)
    for code in 0..<256 { fate[code] = missingResponses.score(UInt8(code), in: .itemStatistics) ?? 2 }

    // Per-candidate number correct on the criterion items, and completeness (every criterion
    // item counted).
    let perCandidate: [Pair] = ResponseScoring.perCandidate(matrix) { [inCriterion, fate] row in
      var t = 0
      var isComplete = true
      for j in 0..<row.count where inCriterion[j] {
        let code = row[j]
        if !ResponseCode.isMissing(code) { t += Int(code & 1) }
        if fate[Int(code)] == 2 { isComplete = false }
      }
      return Pair(total: t, complete: isComplete)
    }
    let totals = perCandidate.map(\.total)
    let complete = perCandidate.map(\.complete)

    // The merged sums, by name.
    struct Sums {
      var administered: [Int], correct: [Int], omitted: [Int], notReached: [Int], answered: [Int]
      var sumT: [Int], sumT2: [Int], sumXT: [Int]
      var optionCount: [Int], optionSumT: [Int], optionCorrect: [Int]
      var completeCorrect: [Int], completeXT: [Int]
      var completeN = 0, completeT = 0, completeT2 = 0
      init(m: Int, options: Int) {
        administered = Array(repeating: 0, count: m)
        correct = administered; omitted = administered; notReached = administered; answered = administered
        sumT = administered; sumT2 = administered; sumXT = administered
        completeCorrect = administered; completeXT = administered
        optionCount = Array(repeating: 0, count: m * options)
        optionSumT = optionCount
        optionCorrect = optionCount
      }
    }
    // Flat per-block accumulators: per item `itemStride` counters (administered, correct,
    // omitted, not reached, ΣT, ΣT², ΣxT, complete-case correct, complete-case ΣxT, answered);
    // per (item, option) count, ΣT and correct; then the complete-case n, ΣT, ΣT².
    let itemStride = 10
    let optionBase = m * itemStride
    let testBase = optionBase + m * maxOptions * 3
    let blockSize = 4096
    let blocks = (0..<((n + blockSize - 1) / blockSize)).map { $0 * blockSize..<min(n, ($0 + 1) * blockSize) }
    let codes = matrix.codes
    let partial: [[Int]] = blocks.concurrentMap { [totals, complete, fate] rows in
      var flat = [Int](repeating: 0, count: testBase + 3)
      flat.withUnsafeMutableBufferPointer { acc in
        codes.withUnsafeBufferPointer { codes in
          for i in rows {
            let t = totals[i]
            let isComplete = complete[i]
            if isComplete {
              acc[testBase] += 1
              acc[testBase + 1] += t
              acc[testBase + 2] += t * t
            }
            let row = i * m
            for j in 0..<m {
              let code = codes[row + j]
              if code == ResponseCode.notPresented { continue }
              let base = j * itemStride
              if code == ResponseCode.notReached { acc[base + 3] += 1 }
              if code == ResponseCode.omitted { acc[base + 2] += 1 }
              let score = fate[Int(code)]
              if score == 2 { continue }
              let x = Int(score)
              acc[base] += 1
              acc[base + 4] += t
              acc[base + 5] += t * t
              acc[base + 1] += x
              acc[base + 6] += x * t
              if isComplete {
                acc[base + 7] += x
                acc[base + 8] += x * t
              }
              if ResponseCode.isMissing(code) { continue }
              acc[base + 9] += 1
              let option = Int(code >> 1)
              if option > 0 {
                let slot = optionBase + (j * maxOptions + option - 1) * 3
                acc[slot] += 1
                acc[slot + 1] += t
                acc[slot + 2] += x
              }
            }
          }
        }
      }
      return flat
    }
    var flat = [Int](repeating: 0, count: testBase + 3)
    for block in partial {
      for index in flat.indices { flat[index] += block[index] }
    }
    var sums = Sums(m: m, options: maxOptions)
    for j in 0..<m {
      let base = j * itemStride
      sums.administered[j] = flat[base]
      sums.correct[j] = flat[base + 1]
      sums.omitted[j] = flat[base + 2]
      sums.notReached[j] = flat[base + 3]
      sums.sumT[j] = flat[base + 4]
      sums.sumT2[j] = flat[base + 5]
      sums.sumXT[j] = flat[base + 6]
      sums.completeCorrect[j] = flat[base + 7]
      sums.completeXT[j] = flat[base + 8]
      sums.answered[j] = flat[base + 9]
    }
    for index in 0..<(m * maxOptions) {
      sums.optionCount[index] = flat[optionBase + index * 3]
      sums.optionSumT[index] = flat[optionBase + index * 3 + 1]
      sums.optionCorrect[index] = flat[optionBase + index * 3 + 2]
    }
    sums.completeN = flat[testBase]
    sums.completeT = flat[testBase + 1]
    sums.completeT2 = flat[testBase + 2]

    // Test level (criterion items).
    let totalMean = n > 0 ? Double(totals.reduce(0, +)) / Double(n) : 0
    let totalSD =
      n > 1
      ? (totals.reduce(0.0) { $0 + (Double($1) - totalMean) * (Double($1) - totalMean) } / Double(n - 1)).squareRoot()
      : 0
    let nc = sums.completeN
    func sampleVariance(sum: Int, sumSquares: Int, count: Int) -> Double {
      guard count > 1 else { return 0 }
      return Double(count * sumSquares - sum * sum) / Double(count * (count - 1))
    }
    func sampleCovariance(sumXY: Int, sumX: Int, sumY: Int, count: Int) -> Double {
      guard count > 1 else { return 0 }
      return Double(count * sumXY - sumX * sumY) / Double(count * (count - 1))
    }
    let varianceX = sampleVariance(sum: sums.completeT, sumSquares: sums.completeT2, count: nc)
    let itemVariances = (0..<m).map {
      sampleVariance(sum: sums.completeCorrect[$0], sumSquares: sums.completeCorrect[$0], count: nc)
    }
    let sumItemVariances = (0..<m).reduce(0.0) { $0 + (inCriterion[$1] ? itemVariances[$1] : 0) }
    let k = criterionCount
    var alpha: Double?
    if k >= 2, nc >= 2, varianceX > 0 {
      alpha = Double(k) / Double(k - 1) * (1 - sumItemVariances / varianceX)
    }
    let sem = alpha.map { varianceX.squareRoot() * max(0, 1 - $0).squareRoot() }
    let test = ClassicalTestStatistics(
      candidates: n, items: m, criterionItems: k, meanScore: totalMean, sdScore: totalSD, completeCases: nc,
      alpha: alpha,
      completeMean: nc > 0 ? Double(sums.completeT) / Double(nc) : nil,
      completeSD: nc > 1 ? varianceX.squareRoot() : nil, sem: sem)

    // Items.
    var items: [ClassicalItemStatistics] = []
    for j in 0..<m {
      let count = sums.administered[j]
      let correct = sums.correct[j]
      let seen = sums.answered[j] + sums.omitted[j]
      let notPresented = n - seen - sums.notReached[j]
      let itemSet: ClassicalItemSet = scoredSet == nil ? .all : (inCriterion[j] ? .scored : .pretest)
      var statistics = ClassicalItemStatistics(
        id: matrix.itemIDs[j], itemSet: itemSet, administered: count, correct: correct,
        omitted: sums.omitted[j], notReached: sums.notReached[j], notPresented: notPresented, pValue: nil,
        omitRate: nil, notReachedRate: nil, correctedPointBiserial: nil, alphaIfDeleted: nil, key: nil,
        options: [], flags: [])
      if seen + sums.notReached[j] > 0 {
        statistics.notReachedRate = Double(sums.notReached[j]) / Double(seen + sums.notReached[j])
      }
      if seen > 0 { statistics.omitRate = Double(sums.omitted[j]) / Double(seen) }
      // Criterion y = T − x for a scored item (the rest score), y = T for a pretest item, over
      // the administered candidates.
      let own = inCriterion[j] ? 1 : 0
      let sumY = sums.sumT[j] - own * correct
      let sumY2 = sums.sumT2[j] - own * (2 * sums.sumXT[j] - correct)
      let spreadY = count * sumY2 - sumY * sumY
      func correlation(count chosen: Int, sumDY: Int) -> Double? {
        let spreadD = count * chosen - chosen * chosen
        guard spreadD > 0, spreadY > 0 else { return nil }
        return Double(count * sumDY - chosen * sumY) / (Double(spreadD).squareRoot() * Double(spreadY).squareRoot())
      }
      if count > 0 {
        statistics.pValue = Double(correct) / Double(count)
        statistics.correctedPointBiserial = correlation(count: correct, sumDY: sums.sumXT[j] - own * correct)
      }
      if inCriterion[j], k >= 3, nc >= 2 {
        let covariance = sampleCovariance(
          sumXY: sums.completeXT[j], sumX: sums.completeCorrect[j], sumY: sums.completeT, count: nc)
        let varianceRest = varianceX - 2 * covariance + itemVariances[j]
        if varianceRest > 0 {
          statistics.alphaIfDeleted =
            Double(k - 1) / Double(k - 2) * (1 - (sumItemVariances - itemVariances[j]) / varianceRest)
        }
      }
      // Distractor analysis.
      let optionIDs = j < matrix.optionIDs.count ? matrix.optionIDs[j] : []
      let recorded = (0..<maxOptions).contains { sums.optionCount[j * maxOptions + $0] > 0 }
      if recorded, count > 0 {
        let lastChosen = (0..<maxOptions).last { sums.optionCount[j * maxOptions + $0] > 0 } ?? 0
        let labels = optionIDs.isEmpty ? (0...lastChosen).map { "option\($0 + 1)" } : optionIDs
        if let key = keys?[matrix.itemIDs[j]]?.key {
          statistics.key = key
        } else if let index = (0..<labels.count).first(where: { sums.optionCorrect[j * maxOptions + $0] > 0 }) {
          statistics.key = labels[index]
        }
        for (index, label) in labels.enumerated() {
          let chosen = sums.optionCount[j * maxOptions + index]
          let isKey = statistics.key == label
          let sumDY = sums.optionSumT[j * maxOptions + index] - own * (isKey ? chosen : 0)
          statistics.options.append(
            OptionStatistics(
              id: label, isKey: isKey, count: chosen, proportion: Double(chosen) / Double(count),
              pointBiserial: correlation(count: chosen, sumDY: sumDY)))
        }
      }
      // Flags.
      if count == 0 {
        statistics.flags.append(.notAdministered)
      } else {
        if (statistics.correctedPointBiserial ?? -1) < thresholds.minimumDiscrimination {
          statistics.flags.append(.lowDiscrimination)
        }
        if statistics.options.contains(where: {
          !$0.isKey && ($0.pointBiserial ?? -1) > thresholds.maximumDistractorCorrelation
        }) {
          statistics.flags.append(.distractorPositive)
        }
        if let p = statistics.pValue, p < thresholds.lowP { statistics.flags.append(.pNearZero) }
        if let p = statistics.pValue, p > thresholds.highP { statistics.flags.append(.pNearOne) }
      }
      items.append(statistics)
    }
    return ClassicalReport(
      test: test, items: items, thresholds: thresholds, missingResponses: missingResponses)
  }
}
