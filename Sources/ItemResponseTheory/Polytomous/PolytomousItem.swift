import Foundation

/// The polytomous item response models.
///
/// Both are written on the θ scale with a slope a and m thresholds b₁…bₘ, D the scaling
/// constant of the parameter file:
///
/// - ``gpcm``, the generalized partial credit model (Muraki 1992):
///   Pₖ(θ) = exp(Σᵥ₌₁ᵏ D·a·(θ − bᵥ)) / Σₕ₌₀ᵐ exp(Σᵥ₌₁ʰ D·a·(θ − bᵥ)), the empty sum for k = 0
///   being 0. The bᵥ are step difficulties: where categories v − 1 and v are equally likely.
///   They need not be ordered.
/// - ``grm``, the graded response model (Samejima 1969): P*ₖ(θ) = 1 / (1 + exp(−D·a·(θ − bₖ)))
///   is the probability of a score of at least k (P*₀ = 1, P*ₘ₊₁ = 0) and Pₖ = P*ₖ − P*ₖ₊₁. The
///   thresholds must increase strictly.
///
/// With m = 1 both are the 2PL with b = b₁.
public enum PolytomousModel: String, CaseIterable, Sendable {
  case gpcm
  case grm

  /// The model's description for reports.
  public var title: String {
    switch self {
    case .gpcm: "generalized partial credit model"
    case .grm: "graded response model"
    }
  }
}

/// A GPCM or GRM item: slope, thresholds and their standard errors.
public struct PolytomousItemParameters: Sendable, Hashable, CategoryResponseFunction {
  public var id: String
  public var model: PolytomousModel
  /// The slope a.
  public var a: Double
  /// b₁…bₘ (step difficulties for the GPCM, category boundaries for the GRM).
  public var thresholds: [Double]
  public var seA: Double?
  /// Standard errors of b₁…bₘ, one per threshold.
  public var seThresholds: [Double?]

  public init(
    id: String, model: PolytomousModel, a: Double, thresholds: [Double], seA: Double? = nil,
    seThresholds: [Double?]? = nil
  ) {
    self.id = id
    self.model = model
    self.a = a
    self.thresholds = thresholds
    self.seA = seA
    self.seThresholds = seThresholds ?? [Double?](repeating: nil, count: thresholds.count)
  }

  public var categoryCount: Int { thresholds.count + 1 }
  public var lowestExpectedScore: Double { 0 }
  public var highestExpectedScore: Double { Double(thresholds.count) }

  /// Why the parameters do not define a response function, or nil: a must be finite and
  /// positive, there must be at least one threshold, all finite, and GRM thresholds must
  /// increase strictly.
  public var parameterProblem: String? {
    guard a.isFinite, a > 0 else { return "the slope a must be a finite positive number, found \(a)" }
    guard !thresholds.isEmpty else { return "expected at least one threshold (two score categories)" }
    guard thresholds.allSatisfy(\.isFinite) else { return "every threshold must be a finite number" }
    if model == .grm {
      for index in 1..<thresholds.count where !(thresholds[index] > thresholds[index - 1]) {
        return "graded response thresholds must increase strictly; b\(index + 1) = \(thresholds[index]) "
          + "is not above b\(index) = \(thresholds[index - 1])"
      }
    }
    return nil
  }

  public func categoryProbabilities(at theta: Double, scalingConstant D: Double) -> [Double] {
    categoryCurves(at: theta, scalingConstant: D).probabilities
  }

  /// GPCM: Pₖ′ = D·a·Pₖ·(k − E(θ)). GRM: Pₖ′ = w_k − w_{k+1} with wₖ = D·a·P*ₖ·(1 − P*ₖ).
  public func categoryCurves(at theta: Double, scalingConstant D: Double) -> (
    probabilities: [Double], derivatives: [Double]
  ) {
    let m = thresholds.count
    switch model {
    case .gpcm:
      var z = [Double](repeating: 0, count: m + 1)
      for k in 1...m { z[k] = z[k - 1] + D * a * (theta - thresholds[k - 1]) }
      let top = z.max() ?? 0
      var probabilities = z.map { exp($0 - top) }
      let total = probabilities.reduce(0, +)
      var mean = 0.0
      for k in 0...m {
        probabilities[k] /= total
        mean += Double(k) * probabilities[k]
      }
      let derivatives = (0...m).map { D * a * probabilities[$0] * (Double($0) - mean) }
      return (probabilities, derivatives)
    case .grm:
      var cumulative = [Double](repeating: 0, count: m + 2)
      var slopes = [Double](repeating: 0, count: m + 2)
      cumulative[0] = 1
      for k in 1...m {
        let value = 1 / (1 + exp(-D * a * (theta - thresholds[k - 1])))
        cumulative[k] = value
        slopes[k] = D * a * value * (1 - value)
      }
      let probabilities = (0...m).map { max(cumulative[$0] - cumulative[$0 + 1], 0) }
      let derivatives = (0...m).map { slopes[$0] - slopes[$0 + 1] }
      return (probabilities, derivatives)
    }
  }

  /// The same item on the scale θ* = A·θ + B: a* = a/A, b*ᵥ = A·bᵥ + B, se(a*) = se(a)/A,
  /// se(b*ᵥ) = A·se(bᵥ). Needs A > 0.
  public func rescaled(slope A: Double, intercept B: Double) -> PolytomousItemParameters {
    PolytomousItemParameters(
      id: id, model: model, a: a / A, thresholds: thresholds.map { A * $0 + B }, seA: seA.map { $0 / A },
      seThresholds: seThresholds.map { $0.map { A * $0 } })
  }
}
