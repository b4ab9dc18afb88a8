import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Options of the modified-Angoff analysis.
public struct AngoffOptions: Sendable, Hashable {
  /// The round whose ratings set the cut (nil: the last round).
  public var round: Int?
  /// A rater is outlying when |cut − median| / max(1.4826·MAD, floor) exceeds this (default 2.5).
  public var outlierThreshold: Double = 2.5
  public init(round: Int? = nil, outlierThreshold: Double = 2.5) {
    self.round = round
    self.outlierThreshold = outlierThreshold
  }
}

/// One rater's cut in one round.
public struct AngoffRaterCut: Sendable, Hashable {
  public var rater: String
  public var round: Int
  /// Σⱼ ratingⱼ over the form's scored items: the rater's expected raw score of a borderline
  /// candidate.
  public var rawCut: Double
  /// The change from the rater's cut in the previous round (nil in the first round).
  public var change: Double?
  /// The robust z of the cut among the round's raters (see ``AngoffRound/outliers``).
  public var robustZ: Double
  public var outlying: Bool
  /// The Pearson correlation of the rater's ratings with the items' observed proportions correct
  /// (nil without responses, or when either has no variance): a rater whose ratings do not
  /// follow the items' empirical difficulty (a low or negative value) is worth a conversation.
  public var difficultyCorrelation: Double?
}

/// The panel in one round.
public struct AngoffRound: Sendable, Hashable {
  public var round: Int
  public var raters: [AngoffRaterCut]
  /// The mean of the raters' cuts.
  public var panelCut: Double
  /// The sample standard deviation of the raters' cuts (divisor R − 1).
  public var standardDeviation: Double
  /// SD/√R: the standard error of the panel cut over raters.
  public var standardError: Double
  /// The mean change of the raters' cuts from the previous round (nil in the first round).
  public var meanChange: Double?
  /// The mean absolute change of the raters' cuts from the previous round.
  public var meanAbsoluteChange: Double?
  /// Inter-rater agreement on the item ratings of this round.
  public var agreement: RaterAgreement
  /// Raters whose cut is outlying by the stated rule.
  public var outliers: [String] { raters.filter(\.outlying).map(\.rater) }
  /// The panel cut on the θ scale, τ⁻¹(panelCut), and its delta-method standard error SE/τ′(θ).
  public var thetaCut: Double?
  public var thetaStandardError: Double?
  /// The pass rate on the base form's responses at this round's cut (nil without responses).
  public var impact: Impact?
}

/// Intraclass correlations of an items × raters matrix of ratings (Shrout & Fleiss, 1979; two-way
/// random effects, absolute agreement): with n items, k raters and the two-way ANOVA mean squares
/// MSR (items), MSC (raters) and MSE (residual),
///
///     ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n)
///     ICC(2,k) = (MSR − MSE) / (MSR + (MSC − MSE)/n)
///
/// ICC(2,1) is the agreement of single raters, ICC(2,k) that of the panel mean rating; rater
/// differences in overall level (leniency) lower both. Also the mean over items of the SD of the
/// item's ratings across raters.
public struct RaterAgreement: Sendable, Hashable {
  public var singleRater: Double?
  public var panelAverage: Double?
  public var meanItemSD: Double
  public static let method =
    "ICC(2,1) and ICC(2,k), two-way random effects, absolute agreement (Shrout & Fleiss, 1979), on the items x raters ratings"

  static func compute(_ matrix: [[Double]]) -> RaterAgreement {
    // matrix[item][rater]
    let n = matrix.count
    let k = matrix.first?.count ?? 0
    let itemSDs = matrix.map { PanelStatistics.standardDeviation($0) }
    let meanItemSD = PanelStatistics.mean(itemSDs)
    guard n > 1, k > 1 else {
      return RaterAgreement(singleRater: nil, panelAverage: nil, meanItemSD: n > 0 ? meanItemSD : 0)
    }
    let grand = matrix.reduce(0) { $0 + $1.reduce(0, +) } / Double(n * k)
    let rowMeans = matrix.map { $0.reduce(0, +) / Double(k) }
    var columnMeans = [Double](repeating: 0, count: k)
    for row in matrix { for (j, value) in row.enumerated() { columnMeans[j] += value / Double(n) } }
    let ssRows = Double(k) * rowMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
    let ssColumns = Double(n) * columnMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
    var ssTotal = 0.0
    for row in matrix { for value in row { ssTotal += (value - grand) * (value - grand) } }
    let ssError = max(ssTotal - ssRows - ssColumns, 0)
    let msr = ssRows / Double(n - 1)
    let msc = ssColumns / Double(k - 1)
    let mse = ssError / Double((n - 1) * (k - 1))
    let single = msr + Double(k - 1) * mse + Double(k) * (msc - mse) / Double(n)
    let average = msr + (msc - mse) / Double(n)
    return RaterAgreement(
      singleRater: single > 0 ? (msr - mse) / single : nil,
      panelAverage: average > 0 ? (msr - mse) / average : nil,
      meanItemSD: meanItemSD)
  }
}

/// The modified-Angoff result: every round, and the round that sets the cut.
public struct AngoffResult: Sendable, Hashable {
  public var items: [String]
  public var rounds: [AngoffRound]
  /// The index in ``rounds`` of the round that sets the cut.
  public var finalRoundIndex: Int
  public var final: AngoffRound { rounds[finalRoundIndex] }
  public var outlierThreshold: Double
  /// Whether IRT parameters were given (so a missing θ cut means the cut is outside the TCC).
  public var hasParameters: Bool = false

  public static let outlierRule =
    "robust z = (cut - median) / max(1.4826 * MAD, 1% of the number of items) over the round's raters; outlying when |z| > threshold"
}

/// The modified Angoff method (Angoff, 1971): each rater judges, for every scored item, the
/// probability that a borderline candidate answers it correctly.
///
/// - A rater's cut is the sum of the rater's ratings over the form's scored items (the expected
///   raw score of the borderline candidate the rater has in mind).
/// - The panel cut is the mean of the raters' cuts; its standard error over raters is SD/√R
///   (SD with divisor R − 1), the usual estimate of the panel's sampling error.
/// - Per round: each rater's change from the previous round, the mean and mean absolute change.
/// - Agreement: ``RaterAgreement`` on the items × raters matrix.
/// - Outlying raters: ``AngoffResult/outlierRule``. They are reported, not removed.
/// - θ cut: θ_cut = τ⁻¹(panel cut) through the form's test characteristic curve (the form's scored
///   items' parameters), with the delta-method standard error SE_raw / τ′(θ_cut).
public enum AngoffMethod {
  /// Analyses `ratings` of the form whose scored items are `items` (in form order).
  ///
  /// - Parameters:
  ///   - parameters: the scored items' IRT parameters (for the θ cut), or nil.
  ///   - rawScores: the base form's observed raw scores (for impact data), or nil.
  ///   - proportionsCorrect: the items' observed proportions correct on the base form (in the
  ///     order of `items`), for each rater's correlation with empirical difficulty, or nil.
  /// - Throws: ``StandardSettingError`` when a rater misses an item of a round, rates an item
  ///   that is not on the form, or the requested round does not exist.
  /// - Complexity: O(ratings + rounds·(items·raters + candidates)).
  public static func analyze(
    ratings: [AngoffRating], items: [String], parameters: ParameterFile? = nil, rawScores: [Int]? = nil,
    proportionsCorrect: [Double]? = nil, options: AngoffOptions = AngoffOptions()
  ) throws -> AngoffResult {
    let itemIndex = Dictionary(items.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    guard !items.isEmpty else { throw StandardSettingError("the form has no scored items to rate") }
    var grid: [Int: [String: [Double?]]] = [:]
    for rating in ratings {
      guard let index = itemIndex[rating.item] else {
        throw StandardSettingError(
          "item '\(rating.item)' is not a scored item of the form\(EditDistance.didYouMean(rating.item, among: items))",
          at: rating.location)
      }
      grid[rating.round, default: [:]][rating.rater, default: [Double?](repeating: nil, count: items.count)][index] =
        rating.rating
    }
    if let proportionsCorrect, proportionsCorrect.count != items.count {
      throw StandardSettingError(
        "expected \(items.count) proportions correct, one per scored item; got \(proportionsCorrect.count)")
    }
    let roundNumbers = grid.keys.sorted()
    let curve = try parameters.map { try curveFor($0, items: items) }
    var rounds: [AngoffRound] = []
    var previous: [String: Double] = [:]
    for round in roundNumbers {
      let raters = grid[round, default: [:]].keys.sorted()
      guard raters.count >= 1 else { continue }
      var cuts: [(String, Double)] = []
      var correlations: [String: Double] = [:]
      var matrix = [[Double]](repeating: [], count: items.count)
      for rater in raters {
        let row = grid[round, default: [:]][rater, default: []]
        if let missing = row.firstIndex(where: { $0 == nil }) {
          throw StandardSettingError(
            "rater '\(rater)' has no rating of item '\(items[missing])' in round \(round); every rater rates every scored item in every round"
          )
        }
        let values = row.map { $0 ?? 0 }
        cuts.append((rater, values.reduce(0, +)))
        if let proportionsCorrect { correlations[rater] = PanelStatistics.correlation(values, proportionsCorrect) }
        for (index, value) in values.enumerated() { matrix[index].append(value) }
      }
      let values = cuts.map(\.1)
      let center = PanelStatistics.median(values)
      let spread = max(1.4826 * PanelStatistics.medianAbsoluteDeviation(values), 0.01 * Double(items.count))
      let raterCuts = cuts.map { rater, cut -> AngoffRaterCut in
        let z = (cut - center) / spread
        return AngoffRaterCut(
          rater: rater, round: round, rawCut: cut, change: previous[rater].map { cut - $0 }, robustZ: z,
          outlying: abs(z) > options.outlierThreshold, difficultyCorrelation: correlations[rater])
      }
      let changes = raterCuts.compactMap(\.change)
      let mean = PanelStatistics.mean(values)
      let sd = PanelStatistics.standardDeviation(values)
      let se = sd / Double(values.count).squareRoot()
      var theta: Double?
      var thetaSE: Double?
      if let curve {
        if let value = try curve.theta(forTrueScore: mean) {
          theta = value
          let slope = curve.valueAndDerivative(at: value).derivative
          thetaSE = slope > 0 ? se / slope : nil
        }
      }
      rounds.append(
        AngoffRound(
          round: round, raters: raterCuts, panelCut: mean, standardDeviation: sd, standardError: se,
          meanChange: changes.isEmpty ? nil : PanelStatistics.mean(changes),
          meanAbsoluteChange: changes.isEmpty ? nil : PanelStatistics.mean(changes.map(abs)),
          agreement: RaterAgreement.compute(matrix), thetaCut: theta, thetaStandardError: thetaSE,
          impact: rawScores.map { Impact(rawCut: mean, rawScores: $0) }))
      previous = Dictionary(uniqueKeysWithValues: cuts)
    }
    let finalIndex: Int
    if let wanted = options.round {
      guard let index = rounds.firstIndex(where: { $0.round == wanted }) else {
        throw StandardSettingError(
          "round \(wanted) is not in the panel file; its rounds are \(roundNumbers.map(String.init).joined(separator: ", "))"
        )
      }
      finalIndex = index
    } else {
      finalIndex = rounds.count - 1
    }
    return AngoffResult(
      items: items, rounds: rounds, finalRoundIndex: finalIndex, outlierThreshold: options.outlierThreshold)
  }

  /// The TCC of the form's scored items, in form order; every scored item needs parameters.
  static func curveFor(_ file: ParameterFile, items: [String]) throws -> TestCharacteristicCurve {
    TestCharacteristicCurve(
      items: try StandardSettingInputs.parameters(file, items: items), scalingConstant: file.scalingConstant)
  }
}

/// Shared input checks.
public enum StandardSettingInputs {
  /// The parameters of `items` in that order, or an error naming the first item without any.
  public static func parameters(_ file: ParameterFile, items: [String]) throws -> [ItemParameters] {
    let byID = Dictionary(file.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    return try items.map { id in
      guard let item = byID[id] else {
        throw StandardSettingError("the parameter file has no parameters for scored item '\(id)'")
      }
      return item
    }
  }
}
