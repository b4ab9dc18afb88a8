import Foundation
import ItemBenchCore

/// Settings for ``ItemFit``.
public struct FitOptions: Sendable, Hashable {
  /// The quadrature for S-X²'s expected proportions: `quadraturePoints` equally spaced points on
  /// `quadratureRange` weighted by the parameter file's latent N(mean, sd²) (default 61 on
  /// [−6, 6]).
  public var quadraturePoints: Int
  public var quadratureRange: ClosedRange<Double>
  /// Adjacent score groups are combined until both expected counts (correct and incorrect) of
  /// every group are at least this (default 1).
  public var minimumExpected: Double
  /// `sx2-misfit` when the S-X² p-value is below this (default 0.01).
  public var significance: Double
  /// Infit and outfit mean squares outside this range are flagged (default 0.7…1.3).
  public var meanSquareRange: ClosedRange<Double>
  /// The ML fence for the θ estimates infit and outfit use (default ±4).
  public var thetaBound: Double
  /// How omitted and not-reached responses count, as item statistics (default
  /// ``MissingResponseRule/standard``: omits incorrect, not reached left out).
  public var missingResponses: MissingResponseRule = .standard

  public init(
    quadraturePoints: Int = 61, quadratureRange: ClosedRange<Double> = -6...6,
    minimumExpected: Double = 1, significance: Double = 0.01,
    meanSquareRange: ClosedRange<Double> = 0.7...1.3, thetaBound: Double = 4
  ) {
    self.quadraturePoints = quadraturePoints
    self.quadratureRange = quadratureRange
    self.minimumExpected = minimumExpected
    self.significance = significance
    self.meanSquareRange = meanSquareRange
    self.thetaBound = thetaBound
  }
}

/// A reason an item's fit needs a look.
public enum FitFlag: String, Sendable, Hashable, CaseIterable {
  /// S-X² p-value below ``FitOptions/significance``.
  case sx2Misfit = "sx2-misfit"
  /// Infit / outfit mean square above the range (noisy, underfit) or below it (overfit).
  case infitHigh = "infit-high"
  case infitLow = "infit-low"
  case outfitHigh = "outfit-high"
  case outfitLow = "outfit-low"
}

/// Fit statistics of one item.
public struct ItemFitStatistics: Sendable, Hashable {
  public var id: String
  /// S-X² (Orlando & Thissen 2000), its degrees of freedom (score groups after collapsing minus
  /// the item's estimated parameters), p-value and RMSEA √(max(0, (S-X² − df)/(df·(N − 1)))).
  /// `pValue` and `rmsea` are `nil` when df ≤ 0.
  public var sx2: Double?
  public var degreesOfFreedom: Int?
  public var pValue: Double?
  public var rmsea: Double?
  /// Score groups after collapsing.
  public var groups: Int
  /// Infit and outfit mean squares (Rasch/1PL only), and the candidates they use.
  public var infit: Double?
  public var outfit: Double?
  public var meanSquareCandidates: Int
  public var flags: [FitFlag]
}

/// The result of ``ItemFit/analyze(_:parameters:options:)``.
public struct FitReport: Sendable, Hashable {
  public var model: String
  public var scalingConstant: Double
  public var latent: LatentDistribution
  public var options: FitOptions
  /// Candidates S-X² uses: those with a response that counts (answered, or scored wrong by the
  /// scoring rule) to every item with parameters.
  public var sx2Candidates: Int
  /// Whether infit and outfit were computed (Rasch and 1PL models).
  public var meanSquares: Bool
  public var items: [ItemFitStatistics]
  /// Response-file items without parameters (not used).
  public var itemsWithoutParameters: [String]
}

/// Item fit of a calibrated test to response data.
///
/// Model: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))). Missing responses follow
/// ``FitOptions/missingResponses`` for item statistics (default: omits incorrect, not-reached
/// responses missing); not-presented responses are missing.
///
/// **S-X²** (Orlando & Thissen 2000, 2003), for every model. Candidates are grouped by their
/// summed score s over the n items with parameters (only candidates with all n items, so the
/// summed score means the same for everyone). For item j and s = 1…n − 1,
///
///     Eⱼₛ = Σₖ wₖ Pⱼ(θₖ) f⁽⁻ʲ⁾(s − 1 | θₖ) / Σₖ wₖ f(s | θₖ)
///
/// where f is the summed-score distribution given θ from the Lord–Wingersky recursion (f⁽⁻ʲ⁾
/// without item j) and wₖ the latent N(μ, σ²) quadrature. Adjacent score groups are combined,
/// from both tails inward and then left to right, until every group has expected counts of
/// correct and incorrect responses of at least ``FitOptions/minimumExpected``. Then
///
///     S-X²ⱼ = Σ_g (Oⱼg − Eⱼg)² · N_g / (Eⱼg (N_g − Eⱼg))   (counts),
///
/// with df = groups − item parameters (Rasch/1PL 1, 2PL 2, 3PL 3) and a χ² p-value.
///
/// **Infit and outfit** mean squares (Wright & Masters 1982), for Rasch and 1PL models: with
/// each candidate's ML θ (Fisher scoring within ±``FitOptions/thetaBound``; candidates with an
/// all-correct, all-incorrect or fenced pattern are left out, as Rasch programs do),
/// zᵢⱼ = (xᵢⱼ − Pᵢⱼ)/√(Pᵢⱼ(1 − Pᵢⱼ)),
/// outfit = mean of zᵢⱼ², infit = Σ(xᵢⱼ − Pᵢⱼ)² / Σ Pᵢⱼ(1 − Pᵢⱼ). Both have expectation 1.
///
/// - Complexity: O(candidates × items) to group, O(items³ × quadrature points) for the
///   expected proportions (one Lord–Wingersky recursion per item and point), on all cores.
public enum ItemFit {
  public static func analyze(
    _ matrix: ResponseMatrix, parameters: ParameterFile, options: FitOptions = FitOptions()
  ) throws -> FitReport {
    let matrix = options.missingResponses.applied(to: matrix, for: .itemStatistics)
    let byID = Dictionary(parameters.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var columns: [Int] = []
    var items: [ItemParameters] = []
    var missing: [String] = []
    for (column, id) in matrix.itemIDs.enumerated() {
      if let item = byID[id] {
        columns.append(column)
        items.append(item)
      } else {
        missing.append(id)
      }
    }
    guard items.count >= 2 else {
      throw ScoringError("item fit needs at least 2 items of the response file with parameters; found \(items.count)")
    }
    try ThetaScoring.validate(items)
    guard InputLimits.quadraturePoints.contains(options.quadraturePoints),
      options.quadratureRange.lowerBound.isFinite, options.quadratureRange.upperBound.isFinite,
      options.quadratureRange.upperBound > options.quadratureRange.lowerBound
    else {
      throw ScoringError(
        "invalid fit settings: need \(InputLimits.quadraturePoints.lowerBound) to \(InputLimits.quadraturePoints.upperBound) quadrature points on a finite, non-empty range"
      )
    }
    try ThetaScoring.validate(prior: parameters.latent, on: options.quadratureRange)
    let model = parameters.model.lowercased()
    let parameterCount: Int
    switch model {
    case "rasch", "1pl": parameterCount = 1
    case "2pl": parameterCount = 2
    default: parameterCount = 3
    }
    let D = parameters.scalingConstant
    let n = items.count
    let m = matrix.itemCount

    // Summed scores of the complete cases, and per item the correct count by score.
    let itemColumns = columns
    let codes = matrix.codes
    let candidateCount = matrix.candidateCount
    let blockSize = 8192
    let blocks = (0..<((candidateCount + blockSize - 1) / blockSize)).map {
      $0 * blockSize..<min(candidateCount, ($0 + 1) * blockSize)
    }
    struct Counts: Sendable {
      var byScore: [Int]
      /// `item * (n + 1) + score`.
      var correctByScore: [Int]
    }
    let partial: [Counts] = blocks.concurrentMap { rows in
      var counts = Counts(
        byScore: Array(repeating: 0, count: n + 1), correctByScore: Array(repeating: 0, count: n * (n + 1)))
      var scores = [UInt8](repeating: 0, count: n)
      codes.withUnsafeBufferPointer { codes in
        candidates: for i in rows {
          var total = 0
          for (index, column) in itemColumns.enumerated() {
            let code = codes[i * m + column]
            if ResponseCode.isMissing(code) { continue candidates }
            let x: UInt8 = code & 1
            scores[index] = x
            total += Int(x)
          }
          counts.byScore[total] += 1
          for index in 0..<n where scores[index] == 1 { counts.correctByScore[index * (n + 1) + total] += 1 }
        }
      }
      return counts
    }
    var byScore = [Int](repeating: 0, count: n + 1)
    var correctByScore = [Int](repeating: 0, count: n * (n + 1))
    for counts in partial {
      for s in 0...n { byScore[s] += counts.byScore[s] }
      for index in correctByScore.indices { correctByScore[index] += counts.correctByScore[index] }
    }
    let completeCases = byScore.reduce(0, +)

    // Expected proportions.
    let quadrature = Quadrature.normal(
      count: options.quadraturePoints, lower: options.quadratureRange.lowerBound,
      upper: options.quadratureRange.upperBound, mean: parameters.latent.mean,
      sd: parameters.latent.sd)
    let probabilities = quadrature.points.map { theta in items.map { $0.probability(at: theta, scalingConstant: D) } }
    let full = probabilities.map { LordWingersky.scoreDistribution(probabilities: $0) }
    var denominator = [Double](repeating: 0, count: n + 1)
    for (k, weight) in quadrature.weights.enumerated() {
      for s in 0...n { denominator[s] += weight * full[k][s] }
    }
    let weights = quadrature.weights
    let scoreCounts = byScore, correctCounts = correctByScore, expectedDenominator = denominator
    let estimatedCounts = items.map { $0.modelParameters?.values.count ?? parameterCount }
    let sx2: [(statistic: Double?, df: Int?, p: Double?, rmsea: Double?, groups: Int)] =
      Array(0..<n).concurrentMap { j in
        var numerator = [Double](repeating: 0, count: n + 1)
        for (k, weight) in weights.enumerated() {
          var others = probabilities[k]
          let pj = others.remove(at: j)
          let rest = LordWingersky.scoreDistribution(probabilities: others)
          for s in 1...n { numerator[s] += weight * pj * rest[s - 1] }
        }
        var groups: [ScoreGroup] = []
        for s in 1..<n where scoreCounts[s] > 0 && expectedDenominator[s] > 0 {
          let expectedProportion = min(1, max(0, numerator[s] / expectedDenominator[s]))
          groups.append(
            ScoreGroup(
              count: Double(scoreCounts[s]), observed: Double(correctCounts[j * (n + 1) + s]),
              expected: Double(scoreCounts[s]) * expectedProportion))
        }
        let collapsed = ScoreGroup.collapse(groups, minimumExpected: options.minimumExpected)
        guard !collapsed.isEmpty else { return (nil, nil, nil, nil, 0) }
        var statistic = 0.0
        for group in collapsed where group.expected > 0 && group.expected < group.count {
          let difference = group.observed - group.expected
          statistic += difference * difference * group.count / (group.expected * (group.count - group.expected))
        }
        // A registered model's item counts its own parameters (the 4PL's four).
        let df = collapsed.count - estimatedCounts[j]
        guard df > 0 else { return (statistic, df, nil, nil, collapsed.count) }
        let p = ChiSquare.upperTail(statistic, degreesOfFreedom: Double(df))
        let rmsea =
          completeCases > 1
          ? (max(0, (statistic - Double(df)) / (Double(df) * Double(completeCases - 1)))).squareRoot() : nil
        return (statistic, df, p, rmsea, collapsed.count)
      }

    // Infit / outfit for Rasch and 1PL.
    let meanSquares = model == "rasch" || model == "1pl"
    var infit = [Double?](repeating: nil, count: n)
    var outfit = [Double?](repeating: nil, count: n)
    var meanSquareCounts = [Int](repeating: 0, count: n)
    if meanSquares {
      let scoring = try ThetaScoring.score(
        matrix, parameters: parameters,
        options: ScoringOptions(
          method: .ml, bounds: -options.thetaBound...options.thetaBound,
          missingResponses: options.missingResponses, use: .itemStatistics))
      var sumZ2 = [Double](repeating: 0, count: n)
      var sumResidual2 = [Double](repeating: 0, count: n)
      var sumVariance = [Double](repeating: 0, count: n)
      for (i, estimate) in scoring.estimates.enumerated() {
        guard estimate.flags.isEmpty, let theta = estimate.theta else { continue }
        for (index, column) in columns.enumerated() {
          let code = codes[i * m + column]
          if ResponseCode.isMissing(code) { continue }
          let x = Double(code & 1)
          let p = items[index].probability(at: theta, scalingConstant: D)
          let variance = p * (1 - p)
          guard variance > 0 else { continue }
          let residual2 = (x - p) * (x - p)
          sumZ2[index] += residual2 / variance
          sumResidual2[index] += residual2
          sumVariance[index] += variance
          meanSquareCounts[index] += 1
        }
      }
      for index in 0..<n where meanSquareCounts[index] > 0 {
        outfit[index] = sumZ2[index] / Double(meanSquareCounts[index])
        infit[index] = sumResidual2[index] / sumVariance[index]
      }
    }

    var statistics: [ItemFitStatistics] = []
    for (index, item) in items.enumerated() {
      let s = sx2[index]
      var flags: [FitFlag] = []
      if let p = s.p, p < options.significance { flags.append(.sx2Misfit) }
      if let value = infit[index] {
        if value > options.meanSquareRange.upperBound { flags.append(.infitHigh) }
        if value < options.meanSquareRange.lowerBound { flags.append(.infitLow) }
      }
      if let value = outfit[index] {
        if value > options.meanSquareRange.upperBound { flags.append(.outfitHigh) }
        if value < options.meanSquareRange.lowerBound { flags.append(.outfitLow) }
      }
      statistics.append(
        ItemFitStatistics(
          id: item.id, sx2: s.statistic, degreesOfFreedom: s.df, pValue: s.p, rmsea: s.rmsea,
          groups: s.groups, infit: infit[index], outfit: outfit[index],
          meanSquareCandidates: meanSquareCounts[index], flags: flags))
    }
    return FitReport(
      model: model, scalingConstant: D, latent: parameters.latent, options: options,
      sx2Candidates: completeCases, meanSquares: meanSquares, items: statistics,
      itemsWithoutParameters: missing)
  }
}

/// A summed-score group of S-X²: candidates, observed and expected correct counts.
struct ScoreGroup: Sendable, Hashable {
  var count: Double
  var observed: Double
  var expected: Double

  mutating func absorb(_ other: ScoreGroup) {
    count += other.count
    observed += other.observed
    expected += other.expected
  }

  func isSmall(_ minimum: Double) -> Bool { expected < minimum || count - expected < minimum }

  /// Combines adjacent groups until each has expected correct and incorrect counts ≥ `minimum`:
  /// first the low tail upward, then the high tail downward, then any remaining small group
  /// into its right neighbour (the last into its left).
  static func collapse(_ groups: [ScoreGroup], minimumExpected minimum: Double) -> [ScoreGroup] {
    var groups = groups
    while groups.count > 1 && groups[0].isSmall(minimum) {
      let first = groups.removeFirst()
      groups[0].absorb(first)
    }
    while groups.count > 1 && groups[groups.count - 1].isSmall(minimum) {
      let last = groups.removeLast()
      groups[groups.count - 1].absorb(last)
    }
    var index = 0
    while index < groups.count && groups.count > 1 {
      if groups[index].isSmall(minimum) {
        let group = groups.remove(at: index)
        if index < groups.count {
          groups[index].absorb(group)
        } else {
          groups[index - 1].absorb(group)
          index -= 1
        }
      } else {
        index += 1
      }
    }
    return groups
  }
}
