import Foundation

/// The model an item is calibrated under in a mixed-format calibration.
///
/// - `2pl`: P(θ) = 1/(1 + exp(−D·a·(θ − b))), parameters (a, b).
/// - `3pl`: P(θ) = c + (1 − c)/(1 + exp(−D·a·(θ − b))), parameters (a, b, c), with the
///   guessing prior c ~ Beta(α, β) of ``MixedFormatCalibrationOptions/guessingPrior``.
/// - `gpcm`, `grm`: parameters (a, b₁…bₘ) as ``PolytomousModel`` defines them.
public enum MixedFormatItemModel: String, CaseIterable, Sendable {
  case twoPL = "2pl"
  case threePL = "3pl"
  case gpcm
  case grm

  /// Whether the model scores in more than two categories.
  public var isPolytomous: Bool { self == .gpcm || self == .grm }
}

/// Category probabilities and their gradients with respect to one item's parameter vector, for
/// the M-step and the standard errors of ``MixedFormatCalibrator``.
///
/// Gradients (∂Pₖ/∂x, x the item's parameters in the order of ``MixedFormatItemModel``):
/// - GPCM (and the 2PL, which is the GPCM with m = 1), zₖ = Σᵥ₌₁ᵏ D·a·(θ − bᵥ):
///   ∂Pₖ = Pₖ·(∂zₖ − Σₕ Pₕ·∂zₕ), ∂zₖ/∂a = D·Σᵥ≤ₖ (θ − bᵥ), ∂zₖ/∂bᵥ = −D·a·[v ≤ k].
/// - GRM, wₖ = P*ₖ·(1 − P*ₖ): ∂Pₖ = ∂P*ₖ − ∂P*ₖ₊₁, ∂P*ₖ/∂a = D·(θ − bₖ)·wₖ, ∂P*ₖ/∂bₖ = −D·a·wₖ.
/// - 3PL, L the logistic: ∂P₁/∂a = (1 − c)·D·(θ − b)·L·(1 − L), ∂P₁/∂b = −(1 − c)·D·a·L·(1 − L),
///   ∂P₁/∂c = 1 − L, and ∂P₀ = −∂P₁.
struct MixedFormatItemKernel: Sendable {
  let model: MixedFormatItemModel
  /// m + 1.
  let categoryCount: Int

  /// Number of parameters: 2 for the 2PL, 3 for the 3PL, 1 + m for GPCM and GRM.
  var parameterCount: Int {
    switch model {
    case .twoPL: 2
    case .threePL: 3
    case .gpcm, .grm: categoryCount
    }
  }

  /// Pₖ(θ) for k = 0…m, written to `probabilities`, and, when `withGradients`, ∂Pₖ/∂x to
  /// `gradients` (row k, p entries each; the buffer must hold (m + 1)·p values).
  func evaluate(
    _ x: ArraySlice<Double>, theta: Double, D: Double, probabilities: inout [Double], gradients: inout [Double],
    withGradients: Bool
  ) {
    let start = x.startIndex
    let a = x[start]
    let p = parameterCount
    switch model {
    case .threePL:
      let b = x[start + 1]
      let c = x[start + 2]
      let logistic = 1 / (1 + exp(-D * a * (theta - b)))
      let one = c + (1 - c) * logistic
      probabilities[0] = 1 - one
      probabilities[1] = one
      if withGradients {
        let slope = (1 - c) * logistic * (1 - logistic)
        let da = slope * D * (theta - b)
        let db = -slope * D * a
        let dc = 1 - logistic
        gradients[0] = -da
        gradients[1] = -db
        gradients[2] = -dc
        gradients[3] = da
        gradients[4] = db
        gradients[5] = dc
      }
    case .twoPL, .gpcm:
      let m = categoryCount - 1
      var z = [Double](repeating: 0, count: m + 1)
      var dzA = [Double](repeating: 0, count: m + 1)
      for k in 1...m {
        let difference = theta - x[start + k]
        z[k] = z[k - 1] + D * a * difference
        dzA[k] = dzA[k - 1] + D * difference
      }
      let top = z.max() ?? 0
      var total = 0.0
      for k in 0...m {
        probabilities[k] = exp(z[k] - top)
        total += probabilities[k]
      }
      for k in 0...m { probabilities[k] /= total }
      guard withGradients else { return }
      // Σₕ Pₕ·∂zₕ: for a, Σₕ Pₕ·dzAₕ; for bᵥ, −D·a·P(X ≥ v).
      var meanA = 0.0
      for k in 0...m { meanA += probabilities[k] * dzA[k] }
      var atLeast = [Double](repeating: 0, count: m + 2)
      for k in stride(from: m, through: 0, by: -1) { atLeast[k] = atLeast[k + 1] + probabilities[k] }
      for k in 0...m {
        let pk = probabilities[k]
        gradients[k * p] = pk * (dzA[k] - meanA)
        for v in 1...m {
          let indicator: Double = v <= k ? 1 : 0
          gradients[k * p + v] = pk * (-D * a) * (indicator - atLeast[v])
        }
      }
    case .grm:
      let m = categoryCount - 1
      var cumulative = [Double](repeating: 0, count: m + 2)
      var weight = [Double](repeating: 0, count: m + 2)
      cumulative[0] = 1
      for k in 1...m {
        let value = 1 / (1 + exp(-D * a * (theta - x[start + k])))
        cumulative[k] = value
        weight[k] = value * (1 - value)
      }
      for k in 0...m { probabilities[k] = max(cumulative[k] - cumulative[k + 1], 0) }
      guard withGradients else { return }
      for index in 0..<(categoryCount * p) { gradients[index] = 0 }
      // P*ₖ enters Pₖ with + and Pₖ₋₁ with −.
      for k in 1...m {
        let da = D * (theta - x[start + k]) * weight[k]
        let db = -D * a * weight[k]
        gradients[k * p] += da
        gradients[k * p + k] += db
        gradients[(k - 1) * p] -= da
        gradients[(k - 1) * p + k] -= db
      }
    }
  }

  /// Whether `x` lies where the model is defined and the optimiser may go: 0 < a ≤ 50,
  /// |b| ≤ 50, 0 < c < 1, and strictly increasing GRM thresholds.
  func isAdmissible(_ x: ArraySlice<Double>) -> Bool {
    let start = x.startIndex
    guard x.allSatisfy(\.isFinite), x[start] > 0, x[start] <= 50 else { return false }
    switch model {
    case .threePL:
      return abs(x[start + 1]) <= 50 && x[start + 2] > 0 && x[start + 2] < 1
    case .twoPL, .gpcm:
      return x.dropFirst().allSatisfy { abs($0) <= 50 }
    case .grm:
      let thresholds = Array(x.dropFirst())
      guard thresholds.allSatisfy({ abs($0) <= 50 }) else { return false }
      for index in thresholds.indices.dropFirst() where !(thresholds[index] > thresholds[index - 1]) { return false }
      return true
    }
  }

  /// The item as a response function for every later step.
  func item(id: String, values: [Double], standardErrors: [Double?]) -> MixedFormatItem {
    switch model {
    case .twoPL, .threePL:
      return .dichotomous(
        ItemParameters(
          id: id, a: values[0], b: values[1], c: model == .threePL ? values[2] : 0, seA: standardErrors[0],
          seB: standardErrors[1], seC: model == .threePL ? standardErrors[2] : nil))
    case .gpcm, .grm:
      return .polytomous(
        PolytomousItemParameters(
          id: id, model: model == .gpcm ? .gpcm : .grm, a: values[0], thresholds: Array(values.dropFirst()),
          seA: standardErrors[0], seThresholds: Array(standardErrors.dropFirst())))
    }
  }
}
