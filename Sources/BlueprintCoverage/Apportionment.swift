/// Turning blueprint weights into whole numbers of items.
///
/// A blueprint states shares (10 % of the scored items, or 13 items); a form holds whole items.
/// Coverage converts every weight with one rule, stated in every report (``CoverageRules/rounding``):
///
/// 1. **Target.** The total is split over the weights by largest-remainder (Hamilton)
///    apportionment: each share gets the whole part of its exact quota
///    `q_i = total × w_i / Σ w`, and the seats still free go, one each, to the largest fractional
///    parts (ties to the earlier share in blueprint order). The targets add up to the total.
/// 2. **Allowed range.** The tolerance is converted to items the same way
///    (`t_i = total × tolerance_i / 100` for percent weights, `tolerance_i` for count weights) and
///    a count `c` is within the blueprint when `q_i − t_i ≤ c ≤ q_i + t_i` (inclusive). Because
///    items are whole, `⌊q_i⌋` and `⌈q_i⌉` are always allowed, even when the tolerance band is
///    narrower than one item (a zero tolerance on a fractional quota).
public enum Apportionment {
  /// Comparison slack for quotas computed in floating point (`13.000000000002` is 13).
  public static let epsilon = 1e-9

  /// The exact quotas `total × w_i / Σ w` (all zero when the weights add up to zero).
  ///
  /// Negative weights are treated as zero.
  public static func quotas(total: Int, weights: [Double]) -> [Double] {
    let clean = weights.map { $0.isFinite ? Swift.max(0, $0) : 0 }
    let sum = clean.reduce(0, +)
    guard sum > 0, total > 0 else { return clean.map { _ in 0 } }
    return clean.map { Double(total) * $0 / sum }
  }

  /// Largest-remainder (Hamilton) apportionment of `total` items over `weights`.
  ///
  /// Each share gets `⌊q_i⌋` of its quota `q_i = total × w_i / Σ w`; the remaining
  /// `total − Σ ⌊q_i⌋` items go one each to the shares with the largest `q_i − ⌊q_i⌋`, ties to the
  /// lower index. The result adds up to `total` whenever some weight is positive, and is all
  /// zeros otherwise.
  ///
  /// - Complexity: O(n log n) for n weights.
  public static func largestRemainder(total: Int, weights: [Double]) -> [Int] {
    let quotas = quotas(total: total, weights: weights)
    guard quotas.contains(where: { $0 > 0 }) else { return quotas.map { _ in 0 } }
    // A quota a hair under a whole number (12.9999999997) counts as that whole number.
    var counts = quotas.map { Int(($0 + epsilon).rounded(.down)) }
    var remaining = total - counts.reduce(0, +)
    let order = quotas.indices.sorted { left, right in
      let a = quotas[left] - Double(counts[left])
      let b = quotas[right] - Double(counts[right])
      if abs(a - b) > epsilon { return a > b }
      return left < right
    }
    var position = 0
    while remaining > 0, !order.isEmpty {
      counts[order[position % order.count]] += 1
      remaining -= 1
      position += 1
    }
    return counts
  }
}

/// A whole-number target for one share of a form and the range of counts the blueprint allows.
public struct CountTarget: Hashable, Sendable {
  /// The exact quota in items (`total × w / Σ w`), before rounding.
  public var quota: Double
  /// The tolerance in items either side of the quota.
  public var toleranceItems: Double
  /// The largest-remainder count (see ``Apportionment``).
  public var target: Int
  /// The smallest allowed count.
  public var minimum: Int
  /// The largest allowed count.
  public var maximum: Int

  public init(quota: Double, toleranceItems: Double, target: Int) {
    let e = Apportionment.epsilon
    self.quota = quota
    self.toleranceItems = toleranceItems
    self.target = target
    let tolerance = Swift.max(0, toleranceItems)
    let inwardLow = Int((quota - tolerance - e).rounded(.up))
    let inwardHigh = Int((quota + tolerance + e).rounded(.down))
    let floorQuota = Int((quota + e).rounded(.down))
    let ceilingQuota = Int((quota - e).rounded(.up))
    self.minimum = Swift.max(0, Swift.min(inwardLow, floorQuota, target))
    self.maximum = Swift.max(inwardHigh, ceilingQuota, target)
  }

  /// Whether `count` items lie within the allowed range (inclusive).
  public func allows(_ count: Int) -> Bool { count >= minimum && count <= maximum }

  /// `"10–16"` or `"13"` when the range is one number.
  public var rangeText: String { minimum == maximum ? "\(minimum)" : "\(minimum)–\(maximum)" }

  /// Targets for `weights` (with `tolerances` in items) sharing `total` items.
  public static func targets(total: Int, weights: [Double], toleranceItems: [Double]) -> [CountTarget] {
    precondition(weights.count == toleranceItems.count)
    let quotas = Apportionment.quotas(total: total, weights: weights)
    let counts = Apportionment.largestRemainder(total: total, weights: weights)
    return weights.indices.map {
      CountTarget(quota: quotas[$0], toleranceItems: toleranceItems[$0], target: counts[$0])
    }
  }
}
