import Foundation
import ItemResponseTheory

/// The four-parameter logistic model (Barton & Lord, 1981), registered from outside the core to
/// show that a model added by a package calibrates, scores, links, equates and builds scale
/// tables with no change to ItemBench:
///
///     P(θ) = c + (d − c) · L,  L = 1 / (1 + exp(−D·a·(θ − b)))
///
/// with slope a, location b, lower asymptote c and upper asymptote d (the chance of a slip by a
/// strong candidate is 1 − d). Item vector `[a, b, c, d]`.
///
/// Derivatives: ∂P/∂a = (d − c)·L(1 − L)·D(θ − b), ∂P/∂b = −(d − c)·L(1 − L)·D·a,
/// ∂P/∂c = 1 − L, ∂P/∂d = L, ∂P/∂θ = (d − c)·L(1 − L)·D·a.
///
/// Priors (Bayes modal, as the 3PL's guessing prior): c ~ Beta(5, 17) (mode 0.2) and
/// d ~ Beta(17, 5) (mode 0.8 mirrored: 1 − d ~ Beta(5, 17)); no prior on a or b. The asymptotes
/// are kept in [10⁻⁶, 0.5] and [0.5, 1 − 10⁻⁶], a in [0.01, 20], b in [−15, 15].
///
/// On the scale θ* = A·θ + B the item moves as a* = a/A, b* = A·b + B, c* = c, d* = d.
public struct FourParameterLogisticModel: IRTModel {
  /// Beta(α, β) priors on c and d; nil: none (maximum likelihood, rarely identified).
  public var lowerPrior: (alpha: Double, beta: Double)?
  public var upperPrior: (alpha: Double, beta: Double)?

  public init(
    lowerPrior: (alpha: Double, beta: Double)? = (5, 17), upperPrior: (alpha: Double, beta: Double)? = (17, 5)
  ) {
    self.lowerPrior = lowerPrior
    self.upperPrior = upperPrior
  }

  public var name: String { "4pl" }
  public var parameterNames: [String] { ["a", "b", "c", "d"] }
  public var sharedParameterIndices: [Int] { [] }
  public var estimatesLatentSD: Bool { false }
  /// Two asymptotes need more candidates than the 3PL's one.
  public var minimumCandidates: Int { 2000 }
  public var smallSampleNote: String { "both asymptotes rest largely on their priors" }

  public func evaluate(
    theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]
  ) -> (probability: Double, thetaDerivative: Double) {
    let a = parameters[0]
    let c = parameters[2]
    let d = parameters[3]
    let deviation = theta - parameters[1]
    let l = 1 / (1 + exp(-D * a * deviation))
    let slope = (d - c) * l * (1 - l)
    gradient[0] = D * deviation * slope
    gradient[1] = -D * a * slope
    gradient[2] = 1 - l
    gradient[3] = l
    return (c + (d - c) * l, D * a * slope)
  }

  public func responseProbability(theta: Double, parameters: [Double], scalingConstant D: Double) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let c = parameters[2]
    let d = parameters[3]
    let l = 1 / (1 + exp(-D * parameters[0] * (theta - parameters[1])))
    return (c + (d - c) * l, D * parameters[0] * (d - c) * l * (1 - l))
  }

  public func asymptotes(of parameters: [Double]) -> (lower: Double, upper: Double) {
    (parameters[2], parameters[3])
  }

  /// log π = (α_c − 1) log c + (β_c − 1) log(1 − c) + (α_d − 1) log d + (β_d − 1) log(1 − d).
  public func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
    var value = 0.0
    for (index, prior) in [(2, lowerPrior), (3, upperPrior)] {
      guard let prior else { continue }
      let x = min(max(parameters[index], 1e-10), 1 - 1e-10)
      value += (prior.alpha - 1) * log(x) + (prior.beta - 1) * log(1 - x)
      gradient[index] += (prior.alpha - 1) / x - (prior.beta - 1) / (1 - x)
      hessian[index * 4 + index] += -(prior.alpha - 1) / (x * x) - (prior.beta - 1) / ((1 - x) * (1 - x))
    }
    return value
  }

  public func clamp(_ parameters: inout [Double]) {
    parameters[0] = min(max(parameters[0], 0.01), 20)
    parameters[1] = min(max(parameters[1], -15), 15)
    parameters[2] = min(max(parameters[2], 1e-6), 0.5)
    parameters[3] = min(max(parameters[3], 0.5), 1 - 1e-6)
  }

  /// c and d start at their priors' modes (0.2, 0.8 by default; 0.1, 0.95 without priors); a
  /// and b from the part of p between them by the logistic approximations a ≈ 1.7·ρ/√(1 − ρ²)/D
  /// and b ≈ logit(1 − p′)/(1.7·ρ) (Lord 1980, ch. 2, with the logistic for Φ⁻¹).
  public func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant D: Double) -> [Double] {
    func mode(_ prior: (alpha: Double, beta: Double)?, otherwise: Double) -> Double {
      guard let prior, prior.alpha > 1, prior.beta > 1 else { return otherwise }
      return (prior.alpha - 1) / (prior.alpha + prior.beta - 2)
    }
    let c0 = mode(lowerPrior, otherwise: 0.1)
    let d0 = mode(upperPrior, otherwise: 0.95)
    let adjusted = min(max((proportionCorrect - c0) / (d0 - c0), 0.02), 0.98)
    let rho = min(max(biserial, 0.15), 0.9)
    let a = min(max(1.7 / D * rho / (1 - rho * rho).squareRoot(), 0.3), 3)
    let b = min(max(log((1 - adjusted) / adjusted) / (1.7 * rho), -4), 4)
    return [a, b, c0, d0]
  }

  public func vector(from item: ItemParameters) -> [Double] {
    item.modelParameters?.values ?? [item.a, item.b, item.c, 1]
  }

  public func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    let standardErrors = (0..<4).map { index in covariance.map { $0[index * 4 + index].squareRoot() } }
    return ItemParameters(
      id: id, a: vector[0], b: vector[1], c: vector[2], seA: standardErrors[0], seB: standardErrors[1],
      seC: standardErrors[2],
      modelParameters: ModelParameters(model: self, values: vector, standardErrors: standardErrors))
  }

  public func rescaled(_ parameters: [Double], standardErrors: [Double?], slope A: Double, intercept B: Double) -> (
    values: [Double], standardErrors: [Double?]
  )? {
    (
      [parameters[0] / A, A * parameters[1] + B, parameters[2], parameters[3]],
      [standardErrors[0].map { $0 / A }, standardErrors[1].map { A * $0 }, standardErrors[2], standardErrors[3]]
    )
  }
}
