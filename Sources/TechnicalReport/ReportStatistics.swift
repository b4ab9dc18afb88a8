import Foundation
import ItemResponseTheory

/// Plot data the report derives from responses and parameters (the "fit evidence" of the ICCs,
/// the distractor curves, the score and θ distributions). Pure functions, deterministic.
public enum ReportStatistics {
  /// Candidates' number-correct scores on `itemIDs` (missing responses count 0).
  public static func rawScores(_ matrix: ResponseMatrix, itemIDs: [String]) -> [Int] {
    ResponseScoring.numberCorrect(matrix.selecting(itemIDs: itemIDs.filter { matrix.itemIDs.contains($0) }))
  }

  /// `count` groups of (nearly) equal size of candidate indices ordered by `values` (ties broken
  /// by index, so the grouping is deterministic): group g holds ranks ⌊g·n/count⌋ ..< ⌊(g+1)·n/count⌋.
  public static func quantileGroups(_ values: [Double], count: Int) -> [[Int]] {
    let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    let n = order.count
    guard n > 0, count > 0 else { return [] }
    return (0..<count).compactMap { g in
      let range = (g * n / count)..<((g + 1) * n / count)
      return range.isEmpty ? nil : Array(order[range])
    }
  }

  /// One observed point of an item: a group's mean ability (or score) and proportion correct.
  public struct ObservedProportion: Sendable, Hashable {
    public var x: Double
    public var proportion: Double
    public var count: Int
    /// The binomial standard error √(p(1 − p)/n) of the proportion.
    public var standardError: Double { count > 0 ? (proportion * (1 - proportion) / Double(count)).squareRoot() : 0 }
  }

  /// Proportion correct of item `column` in each group (omitted and not-reached responses as
  /// `rule` says for item statistics, by default omits wrong and not reached left out; not
  /// presented leaves the candidate out), at the group's mean of `values`.
  public static func observedProportions(
    _ matrix: ResponseMatrix, column: Int, groups: [[Int]], values: [Double],
    rule: MissingResponseRule = .standard
  ) -> [ObservedProportion] {
    groups.compactMap { group in
      var right = 0, seen = 0
      var sum = 0.0
      for candidate in group {
        let code = matrix.code(candidate: candidate, item: column)
        guard let score = rule.score(code, in: .itemStatistics) else { continue }
        seen += 1
        sum += values[candidate]
        right += Int(score)
      }
      guard seen > 0 else { return nil }
      return ObservedProportion(x: sum / Double(seen), proportion: Double(right) / Double(seen), count: seen)
    }
  }

  /// For each group: the group's mean score and the share of its candidates (who saw the item)
  /// choosing each option, then omitting. O(candidates).
  public static func optionProportions(
    _ matrix: ResponseMatrix, column: Int, optionCount: Int, groups: [[Int]], scores: [Double]
  ) -> [(x: Double, shares: [Double], omitted: Double)] {
    groups.compactMap { group in
      var counts = [Int](repeating: 0, count: optionCount)
      var omitted = 0, seen = 0
      var sum = 0.0
      for candidate in group {
        let code = matrix.code(candidate: candidate, item: column)
        if code == ResponseCode.notPresented || code == ResponseCode.notReached { continue }
        seen += 1
        sum += scores[candidate]
        if code == ResponseCode.omitted {
          omitted += 1
        } else if let option = ResponseCode.optionIndex(code), option < optionCount {
          counts[option] += 1
        }
      }
      guard seen > 0 else { return nil }
      return (sum / Double(seen), counts.map { Double($0) / Double(seen) }, Double(omitted) / Double(seen))
    }
  }

  /// Counts of `values` in bins of `width` starting at `lower` (values outside go to the end
  /// bins), as (bin start, count).
  public static func histogram(_ values: [Double], lower: Double, upper: Double, width: Double) -> [(
    start: Double, count: Int
  )] {
    let bins = max(1, Int(((upper - lower) / width).rounded()))
    var counts = [Int](repeating: 0, count: bins)
    for value in values where value.isFinite {
      let index = min(max(Int(((value - lower) / width).rounded(.down)), 0), bins - 1)
      counts[index] += 1
    }
    return counts.enumerated().map { (lower + Double($0.offset) * width, $0.element) }
  }
}
