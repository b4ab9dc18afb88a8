import Foundation

/// Impact data: the share of the base form's candidates who would pass at a raw cut.
///
/// A candidate passes when raw ≥ cut (with a 1e-9·max(1, cut) tolerance for floating-point noise
/// only), the rule of the conversion tables (docs/equating.md). Raw scores are the number of
/// scored items answered correctly; omitted and not-reached responses count as incorrect.
public struct Impact: Sendable, Hashable {
  public var rawCut: Double
  /// The smallest whole raw score that passes.
  public var lowestPassingRaw: Int
  public var candidates: Int
  public var passing: Int
  public var passRate: Double { candidates > 0 ? Double(passing) / Double(candidates) : 0 }

  public init(rawCut: Double, rawScores: [Int]) {
    self.rawCut = rawCut
    let tolerance = 1e-9 * max(1, abs(rawCut))
    self.lowestPassingRaw = Int((rawCut - tolerance).rounded(.up))
    self.candidates = rawScores.count
    self.passing = rawScores.reduce(0) { $0 + (Double($1) >= rawCut - tolerance ? 1 : 0) }
  }
}
