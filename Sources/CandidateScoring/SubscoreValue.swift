import Foundation
import ItemResponseTheory

/// Haberman's (2008) subscore-value criterion for one domain.
///
/// On candidates' item scores (0/1) with subscore s (the domain's items) and total x (all scored
/// items, the domain included), sample moments with divisor N − 1:
///
///     α_s      = k/(k − 1) · (1 − Σⱼ σ²ⱼ / σ²_s)                   (Cronbach's alpha, k domain items)
///     PRMSE_s  = α_s                                             (the subscore predicting its true score)
///     PRMSE_x  = [Cov(s, x) − (1 − α_s)·σ²_s]² / (α_s·σ²_s·σ²_x)  (the total predicting it)
///
/// Cov(τ_s, x) = Cov(s, x) − σ²(e_s) because the subscore's error is part of the total. The
/// subscore has added value (is worth reporting as a number) only when PRMSE_s > PRMSE_x.
/// Domains with fewer than two items, no variance or α_s ≤ 0 have no added value.
public struct SubscoreValue: Sendable, Hashable {
  public var domain: String
  public var items: Int
  public var prmseSubscore: Double?
  public var prmseTotal: Double?
  public var addedValue: Bool
  /// Why the criterion could not be computed, when it could not.
  public var note: String?

  public static let method =
    "Haberman (2008): PRMSE_s = Cronbach's alpha of the domain; PRMSE_x = (Cov(s,x) - (1 - alpha) var(s))^2 / (alpha var(s) var(x)); numeric subscores only where PRMSE_s > PRMSE_x"

  /// The criterion for every domain on a response file: candidates who answered at least one
  /// scored item, omitted, not-reached and not-presented responses scored 0 (the scoring rule of
  /// ``ScoreReport/scoringRule``).
  ///
  /// - Precondition: every scored item is a column of `responses` and every domain item is scored.
  public static func evaluate(responses: ResponseMatrix, scoredItems: [String], domains: [ScoringDomain])
    -> [SubscoreValue]
  {
    let matrix = responses.selecting(itemIDs: scoredItems)
    let m = scoredItems.count
    var scores: [UInt8] = []
    scores.reserveCapacity(matrix.candidateCount * m)
    var candidates = 0
    for i in 0..<matrix.candidateCount {
      var answered = false
      var row = [UInt8](repeating: 0, count: m)
      for j in 0..<m {
        let code = matrix.code(candidate: i, item: j)
        if !ResponseCode.isMissing(code) {
          answered = true
          row[j] = code & 1
        }
      }
      if answered {
        scores += row
        candidates += 1
      }
    }
    let column = Dictionary(scoredItems.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    return domains.map { domain in
      compute(
        domain: domain.id, scores: scores, candidates: candidates, itemCount: m,
        domainItems: domain.items.compactMap { column[$0] })
    }
  }

  /// - Parameters:
  ///   - scores: item scores (0/1), candidate-major: `scores[i * itemCount + j]`.
  ///   - domainItems: column indices of the domain's items.
  /// - Complexity: O(candidates × items).
  public static func compute(domain: String, scores: [UInt8], candidates: Int, itemCount: Int, domainItems: [Int])
    -> SubscoreValue
  {
    let k = domainItems.count
    func none(_ note: String) -> SubscoreValue {
      SubscoreValue(domain: domain, items: k, prmseSubscore: nil, prmseTotal: nil, addedValue: false, note: note)
    }
    guard k >= 2 else { return none("fewer than two items") }
    guard candidates >= 2 else { return none("fewer than two scored candidates") }
    var sub = [Double](repeating: 0, count: candidates)
    var total = [Double](repeating: 0, count: candidates)
    var itemSums = [Double](repeating: 0, count: k)
    for i in 0..<candidates {
      let row = i * itemCount
      var t = 0
      for j in 0..<itemCount { t += Int(scores[row + j]) }
      total[i] = Double(t)
      var s = 0
      for (position, j) in domainItems.enumerated() {
        let value = Int(scores[row + j])
        s += value
        itemSums[position] += Double(value)
      }
      sub[i] = Double(s)
    }
    let n = Double(candidates)
    let meanS = sub.reduce(0, +) / n
    let meanX = total.reduce(0, +) / n
    var varS = 0.0, varX = 0.0, cov = 0.0
    for i in 0..<candidates {
      varS += (sub[i] - meanS) * (sub[i] - meanS)
      varX += (total[i] - meanX) * (total[i] - meanX)
      cov += (sub[i] - meanS) * (total[i] - meanX)
    }
    varS /= n - 1
    varX /= n - 1
    cov /= n - 1
    // For 0/1 items the sample variance is p(1 − p)·N/(N − 1).
    let itemVariance = itemSums.reduce(0) { sum, count in
      let p = count / n
      return sum + p * (1 - p) * n / (n - 1)
    }
    guard varS > 0, varX > 0 else { return none("no score variance") }
    let alpha = Double(k) / Double(k - 1) * (1 - itemVariance / varS)
    guard alpha > 0 else {
      return SubscoreValue(
        domain: domain, items: k, prmseSubscore: alpha, prmseTotal: nil, addedValue: false, note: "alpha ≤ 0")
    }
    let numerator = cov - (1 - alpha) * varS
    let prmseTotal = numerator * numerator / (alpha * varS * varX)
    return SubscoreValue(
      domain: domain, items: k, prmseSubscore: alpha, prmseTotal: prmseTotal, addedValue: alpha > prmseTotal, note: nil)
  }
}
