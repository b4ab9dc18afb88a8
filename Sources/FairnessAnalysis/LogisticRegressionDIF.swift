import Foundation
import ItemBenchCore

/// The Jodoin–Gierl (2001) effect-size category of logistic-regression DIF: negligible (A),
/// moderate (B) or large (C).
public enum LogisticDIFCategory: String, Sendable, Hashable, CaseIterable {
  case A = "A"
  case B = "B"
  case C = "C"
}

/// Logistic-regression DIF statistics of one item (Swaminathan & Rogers 1990; Zumbo 1999).
public struct LogisticDIFResult: Sendable, Hashable {
  /// Model 2's coefficients (intercept, matching score X, group G, X·G); G = 1 is the focal
  /// group. A negative group coefficient means the item is harder for focal candidates.
  public var coefficients: [Double]
  /// Likelihood-ratio χ² of the uniform term (model 1 vs 0, 1 df), the non-uniform term (model 2
  /// vs 1, 1 df) and both (model 2 vs 0, 2 df), with p-values.
  public var uniformChiSquare: Double
  public var uniformPValue: Double
  public var nonUniformChiSquare: Double
  public var nonUniformPValue: Double
  public var totalChiSquare: Double
  public var totalPValue: Double
  /// Nagelkerke R² differences: uniform (1 − 0), non-uniform (2 − 1), total (2 − 0).
  public var uniformDeltaR2: Double
  public var nonUniformDeltaR2: Double
  public var totalDeltaR2: Double
  public var category: LogisticDIFCategory
  /// Whether all three models converged; when not, the statistics are not trustworthy and the
  /// item is reported with a warning instead of a category.
  public var converged: Bool
}

/// Logistic-regression DIF: three nested models of the item score on the matching score X and
/// the group G (0 reference, 1 focal),
///
///     model 0: logit P = β₀ + β₁X
///     model 1: logit P = β₀ + β₁X + β₂G                (uniform DIF: β₂)
///     model 2: logit P = β₀ + β₁X + β₂G + β₃X·G        (non-uniform DIF: β₃)
///
/// fitted by maximum likelihood (``LogisticRegression``). Tests are likelihood-ratio χ²; the
/// effect size is the change in Nagelkerke R², R²_N = (1 − e^{2(ℓ₀ − ℓ)/N}) / (1 − e^{2ℓ₀/N})
/// with ℓ₀ the intercept-only log-likelihood. Jodoin & Gierl (2001) bands on the 2-df test:
/// **A** (negligible) when p ≥ `significance` or ΔR² < .035, **B** (moderate) .035 ≤ ΔR² < .070,
/// **C** (large) ΔR² ≥ .070.
public enum LogisticRegressionDIF {
  public static let moderateBand = 0.035
  public static let largeBand = 0.070

  /// `cells`: one per (matching score, group) with the item's correct count and candidates.
  public static func analyze(
    scores: [Double], groups: [Double], correct: [Double], trials: [Double], significance: Double = 0.05
  ) throws -> LogisticDIFResult {
    let n = trials.reduce(0, +)
    let successes = correct.reduce(0, +)
    guard n > 0, successes > 0, successes < n else {
      throw DIFDegenerate(successes == 0 ? "nobody answered correctly" : "everybody answered correctly")
    }
    let null = successes * log(successes / n) + (n - successes) * log((n - successes) / n)
    func cells(_ covariates: (Int) -> [Double]) -> [BinomialCell] {
      (0..<scores.count).map { BinomialCell(covariates: covariates($0), successes: correct[$0], trials: trials[$0]) }
    }
    let fit0 = LogisticRegression.fit(cells { [scores[$0]] }, covariateCount: 1)
    let fit1 = LogisticRegression.fit(cells { [scores[$0], groups[$0]] }, covariateCount: 2)
    let fit2 = LogisticRegression.fit(cells { [scores[$0], groups[$0], scores[$0] * groups[$0]] }, covariateCount: 3)
    func nagelkerke(_ ll: Double) -> Double {
      let coxSnell = 1 - exp(2 * (null - ll) / n)
      let maximum = 1 - exp(2 * null / n)
      return maximum > 0 ? coxSnell / maximum : 0
    }
    let r0 = nagelkerke(fit0.logLikelihood), r1 = nagelkerke(fit1.logLikelihood), r2 = nagelkerke(fit2.logLikelihood)
    let uniform = max(0, 2 * (fit1.logLikelihood - fit0.logLikelihood))
    let nonUniform = max(0, 2 * (fit2.logLikelihood - fit1.logLikelihood))
    let total = max(0, 2 * (fit2.logLikelihood - fit0.logLikelihood))
    let totalP = ChiSquare.upperTail(total, degreesOfFreedom: 2)
    let deltaR2 = r2 - r0
    let category: LogisticDIFCategory =
      totalP >= significance || deltaR2 < moderateBand ? .A : (deltaR2 < largeBand ? .B : .C)
    return LogisticDIFResult(
      coefficients: fit2.coefficients,
      uniformChiSquare: uniform, uniformPValue: ChiSquare.upperTail(uniform, degreesOfFreedom: 1),
      nonUniformChiSquare: nonUniform, nonUniformPValue: ChiSquare.upperTail(nonUniform, degreesOfFreedom: 1),
      totalChiSquare: total, totalPValue: totalP,
      uniformDeltaR2: r1 - r0, nonUniformDeltaR2: r2 - r1, totalDeltaR2: deltaR2,
      category: category, converged: fit0.converged && fit1.converged && fit2.converged)
  }
}
