import Foundation
import ItemBenchCore

/// One stratum (matching-score level) of a 2 × 2 × K table: counts of the reference and focal
/// groups answering an item correctly and incorrectly.
public struct Stratum: Sendable, Hashable {
  /// Reference correct (A), reference incorrect (B), focal correct (C), focal incorrect (D).
  public var referenceCorrect: Int
  public var referenceIncorrect: Int
  public var focalCorrect: Int
  public var focalIncorrect: Int

  public init(referenceCorrect: Int, referenceIncorrect: Int, focalCorrect: Int, focalIncorrect: Int) {
    self.referenceCorrect = referenceCorrect
    self.referenceIncorrect = referenceIncorrect
    self.focalCorrect = focalCorrect
    self.focalIncorrect = focalIncorrect
  }

  public var reference: Int { referenceCorrect + referenceIncorrect }
  public var focal: Int { focalCorrect + focalIncorrect }
  public var total: Int { reference + focal }
}

/// The ETS DIF category of an item (Zwick 2012, after Holland & Thayer 1988). The sign says
/// which group the item favours: `−` the reference group (Δ_MH < 0), `+` the focal group.
public enum ETSCategory: String, Sendable, Hashable, CaseIterable {
  case A = "A"
  case bPlus = "B+"
  case bMinus = "B-"
  case cPlus = "C+"
  case cMinus = "C-"

  /// The letter without its sign.
  public var letter: String { String(rawValue.prefix(1)) }
  public var isC: Bool { self == .cPlus || self == .cMinus }
}

/// The Mantel–Haenszel DIF statistics of one item.
public struct MantelHaenszelResult: Sendable, Hashable {
  /// α_MH, the common odds ratio of answering correctly, reference over focal.
  public var alpha: Double
  /// Δ_MH = −2.35 ln α_MH (the ETS delta metric, "MH D-DIF"). Negative: the item is harder
  /// for the focal group than for reference candidates of the same matching score.
  public var delta: Double
  /// Standard error of Δ_MH: 2.35 · SE(ln α_MH) with the Robins–Breslow–Greenland variance.
  public var deltaStandardError: Double
  /// The MH χ² with continuity correction (1 df) and its p-value.
  public var chiSquare: Double
  public var pValue: Double
  /// The standardised p-difference STD P-DIF = Σₖ n_Fk (p_Fk − p_Rk) / Σₖ n_Fk (Dorans &
  /// Kulick 1986), focal-group weights, over the strata holding both groups.
  public var standardizedPDifference: Double
  public var category: ETSCategory
  /// Strata that held both groups (the only ones that inform the statistics).
  public var informativeStrata: Int
}

/// Why an item's statistics cannot be computed.
public struct DIFDegenerate: Error, Sendable, Hashable, CustomStringConvertible {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
  public var description: String { reason }
}

/// The Mantel–Haenszel procedure (Mantel & Haenszel 1959; Holland & Thayer 1988).
///
/// For strata k with reference counts Aₖ (correct), Bₖ (incorrect), focal counts Cₖ, Dₖ and
/// Nₖ = Aₖ + Bₖ + Cₖ + Dₖ:
///
///     α_MH = Σ AₖDₖ/Nₖ ÷ Σ BₖCₖ/Nₖ,   Δ_MH = −2.35 ln α_MH
///     χ²_MH = (|Σ Aₖ − Σ E(Aₖ)| − ½)² / Σ Var(Aₖ),
///       E(Aₖ) = n_Rk m_1k / Nₖ,  Var(Aₖ) = n_Rk n_Fk m_1k m_0k / (Nₖ² (Nₖ − 1))
///
/// and the variance of ln α_MH of Robins, Breslow & Greenland (1986), with Rₖ = AₖDₖ/Nₖ,
/// Sₖ = BₖCₖ/Nₖ, Pₖ = (Aₖ + Dₖ)/Nₖ, Qₖ = (Bₖ + Cₖ)/Nₖ, R = ΣRₖ, S = ΣSₖ:
///
///     Var(ln α) = Σ PₖRₖ/(2R²) + Σ (PₖSₖ + QₖRₖ)/(2RS) + Σ QₖSₖ/(2S²)
///
/// Strata holding only one group carry no information and are skipped. O(K).
public enum MantelHaenszel {
  /// The ETS rule (Zwick 2012): **A** when Δ_MH is not significantly different from 0 (χ²_MH
  /// p ≥ `significance`) or |Δ_MH| < 1; **C** when |Δ_MH| ≥ 1.5 and |Δ_MH| is significantly
  /// greater than 1 (one-sided z = (|Δ| − 1)/SE > the upper `significance` normal quantile,
  /// 1.645 at .05); **B** otherwise.
  public static func classify(delta: Double, standardError: Double, pValue: Double, significance: Double = 0.05)
    -> ETSCategory
  {
    let magnitude = abs(delta)
    if pValue >= significance || magnitude < 1 { return .A }
    let z = standardError > 0 ? (magnitude - 1) / standardError : .infinity
    let isC = magnitude >= 1.5 && z > NormalDistribution.upperQuantile(significance)
    if delta < 0 { return isC ? .cMinus : .bMinus }
    return isC ? .cPlus : .bPlus
  }

  /// The statistics of one item's strata. Throws ``DIFDegenerate`` when α_MH is 0 or infinite
  /// (no discordant counts in one direction) or no stratum holds both groups.
  public static func analyze(_ strata: [Stratum], significance: Double = 0.05) throws -> MantelHaenszelResult {
    var r = 0.0, s = 0.0, pr = 0.0, psqr = 0.0, qs = 0.0
    var sumA = 0.0, sumE = 0.0, sumV = 0.0
    var weightedDifference = 0.0, focalWeight = 0.0
    var informative = 0
    for stratum in strata where stratum.reference > 0 && stratum.focal > 0 {
      informative += 1
      let a = Double(stratum.referenceCorrect), b = Double(stratum.referenceIncorrect)
      let c = Double(stratum.focalCorrect), d = Double(stratum.focalIncorrect)
      let n = a + b + c + d
      let rk = a * d / n, sk = b * c / n
      let pk = (a + d) / n, qk = (b + c) / n
      r += rk
      s += sk
      pr += pk * rk
      psqr += pk * sk + qk * rk
      qs += qk * sk
      let nR = a + b, nF = c + d, m1 = a + c, m0 = b + d
      sumA += a
      sumE += nR * m1 / n
      if n > 1 { sumV += nR * nF * m1 * m0 / (n * n * (n - 1)) }
      weightedDifference += nF * (c / nF - a / nR)
      focalWeight += nF
    }
    guard informative > 0 else { throw DIFDegenerate("no score level holds both groups") }
    guard r > 0, s > 0 else {
      throw DIFDegenerate(
        r == 0 && s == 0
          ? "every score level is concordant (α_MH undefined)"
          : "α_MH is \(r == 0 ? "0" : "infinite"): one group never answers against the other within a score level")
    }
    let alpha = r / s
    let delta = -2.35 * log(alpha)
    let variance = pr / (2 * r * r) + psqr / (2 * r * s) + qs / (2 * s * s)
    let se = 2.35 * variance.squareRoot()
    let chi: Double
    if sumV > 0 {
      let deviation = max(abs(sumA - sumE) - 0.5, 0)
      chi = deviation * deviation / sumV
    } else {
      chi = 0
    }
    let p = ChiSquare.upperTail(chi, degreesOfFreedom: 1)
    return MantelHaenszelResult(
      alpha: alpha, delta: delta, deltaStandardError: se, chiSquare: chi, pValue: p,
      standardizedPDifference: weightedDifference / focalWeight,
      category: classify(delta: delta, standardError: se, pValue: p, significance: significance),
      informativeStrata: informative)
  }
}

/// The few normal-distribution functions DIF needs.
public enum NormalDistribution {
  /// The upper-tail quantile z with P(Z > z) = p, by bisection on `upperTail` to 1e-12.
  public static func upperQuantile(_ p: Double) -> Double {
    var low = -40.0, high = 40.0
    for _ in 0..<200 {
      let mid = (low + high) / 2
      if upperTail(mid) > p { low = mid } else { high = mid }
      if high - low < 1e-12 { break }
    }
    return (low + high) / 2
  }

  /// P(Z > z) = erfc(z/√2)/2.
  public static func upperTail(_ z: Double) -> Double { erfc(z / 2.0.squareRoot()) / 2 }
}
