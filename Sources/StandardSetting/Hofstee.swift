import Foundation

/// The Hofstee compromise result.
public struct HofsteeResult: Sendable, Hashable {
  public var raters: Int
  /// The panel's mean lowest and highest acceptable cut, in raw score points of the form
  /// (mean percent / 100 × number of scored items).
  public var minimumCut: Double
  public var maximumCut: Double
  /// The panel's mean lowest and highest acceptable fail rate, as fractions.
  public var minimumFailRate: Double
  public var maximumFailRate: Double
  /// The intersection: the raw cut and the observed fail rate there (on the interpolated curve).
  public var rawCut: Double
  public var failRateAtCut: Double
  public var impact: Impact
  public static let failCurve =
    "F(c) = share of candidates with raw < c at whole c, linear between whole scores"
}

/// The Hofstee (1983) compromise method.
///
/// With k_min, k_max the panel's mean lowest/highest acceptable cut (raw points) and f_min, f_max
/// its mean lowest/highest acceptable fail rate, the cut is where the line from (k_min, f_max) to
/// (k_max, f_min) crosses the observed fail-rate curve F(c) (``HofsteeResult/failCurve``). F
/// rises and the line falls, so the crossing is unique when it exists; it is found exactly on
/// the linear piece of F that contains it.
public enum HofsteeMethod {
  /// - Throws: ``StandardSettingError`` when the curve does not cross the line inside
  ///   [k_min, k_max] (the judgements and the observed scores cannot be reconciled) or there are
  ///   no candidates.
  /// - Complexity: O(candidates + items).
  public static func analyze(judgements: [HofsteeJudgement], itemCount: Int, rawScores: [Int]) throws -> HofsteeResult {
    guard !judgements.isEmpty else { throw StandardSettingError("no Hofstee judgements") }
    guard !rawScores.isEmpty else {
      throw StandardSettingError("the Hofstee method needs the base form's responses: no candidates")
    }
    let n = Double(itemCount)
    let kMin = PanelStatistics.mean(judgements.map(\.minimumCutPercent)) / 100 * n
    let kMax = PanelStatistics.mean(judgements.map(\.maximumCutPercent)) / 100 * n
    let fMin = PanelStatistics.mean(judgements.map(\.minimumFailPercent)) / 100
    let fMax = PanelStatistics.mean(judgements.map(\.maximumFailPercent)) / 100
    // below[c] = share of candidates with raw < c, c = 0…n+1.
    var counts = [Int](repeating: 0, count: itemCount + 2)
    for raw in rawScores { counts[min(max(raw, 0), itemCount)] += 1 }
    var below = [Double](repeating: 0, count: itemCount + 2)
    var running = 0
    for c in 0...(itemCount + 1) {
      below[c] = Double(running) / Double(rawScores.count)
      if c <= itemCount { running += counts[c] }
    }
    func fail(_ c: Double) -> Double {
      let lower = min(max(Int(c.rounded(.down)), 0), itemCount + 1)
      let upper = min(lower + 1, itemCount + 1)
      let t = c - Double(lower)
      return below[lower] + (below[upper] - below[lower]) * min(max(t, 0), 1)
    }
    func line(_ c: Double) -> Double {
      kMax > kMin ? fMax + (fMin - fMax) * (c - kMin) / (kMax - kMin) : fMax
    }
    let cut: Double
    if kMax <= kMin {
      cut = kMin
    } else {
      var points = [kMin]
      var whole = Int(kMin.rounded(.down)) + 1
      while Double(whole) < kMax { points.append(Double(whole)); whole += 1 }
      points.append(kMax)
      let g = points.map { fail($0) - line($0) }
      guard g[0] <= 0 else {
        throw StandardSettingError(
          "no Hofstee intersection: at the lowest acceptable cut (\(formatted(kMin)) raw) the observed fail rate \(formatted(fail(kMin) * 100))% already exceeds the highest acceptable fail rate \(formatted(fMax * 100))%"
        )
      }
      guard let last = g.last, last >= 0 else {
        throw StandardSettingError(
          "no Hofstee intersection: at the highest acceptable cut (\(formatted(kMax)) raw) the observed fail rate \(formatted(fail(kMax) * 100))% is still below the lowest acceptable fail rate \(formatted(fMin * 100))%"
        )
      }
      var found = kMax
      for index in 1..<points.count where g[index] >= 0 {
        let (x0, x1, g0, g1) = (points[index - 1], points[index], g[index - 1], g[index])
        found = g1 > g0 ? x0 + (x1 - x0) * (0 - g0) / (g1 - g0) : x0
        break
      }
      cut = found
    }
    return HofsteeResult(
      raters: judgements.count, minimumCut: kMin, maximumCut: kMax, minimumFailRate: fMin, maximumFailRate: fMax,
      rawCut: cut, failRateAtCut: fail(cut), impact: Impact(rawCut: cut, rawScores: rawScores))
  }

  private static func formatted(_ value: Double) -> String {
    String((value * 100).rounded() / 100)
  }
}
