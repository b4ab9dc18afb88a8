import Foundation
import ItemBenchCore

/// A dichotomous item response model that the calibration engine (``Calibrator``) can estimate.
///
/// The engine is model-agnostic: it runs Bock–Aitkin EM on a quadrature, and for each item it
/// asks the model for P(θ) and the gradient ∂P/∂ψ of P with respect to the item's parameter
/// vector ψ (in the order of ``parameterNames``). From these it builds the M-step (Fisher
/// scoring on the expected complete-data log-likelihood Σₖ rₖ log Pₖ + (nₖ − rₖ) log Qₖ plus
/// ``logPrior(_:gradient:hessian:)``), the marginal score, and the standard errors. The
/// built-in ``RaschModel``, ``OneParameterLogisticModel``, ``TwoParameterLogisticModel`` and
/// ``ThreeParameterLogisticModel`` use exactly this protocol, and ``IRTModelRegistry`` maps
/// `--model` names to models; another package can register its own.
///
/// Models report results in the a/b/c parameterisation of ``ItemParameters``:
/// P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))).
public protocol IRTModel: Sendable {
  /// The name used by `--model` and in parameter files (`rasch`, `1pl`, `2pl`, `3pl`, …).
  var name: String { get }
  /// Whether P(θ) is c + (1 − c) / (1 + exp(−D·a·(θ − b))) for the item's a, b and c, so that
  /// ``ItemParameters`` describes its items completely (true for the built-in Rasch, 1PL, 2PL
  /// and 3PL). False (the default) for every other model: its items carry
  /// ``ItemParameters/modelParameters`` and every step after calibration uses this model's
  /// response function.
  var isLogisticFamily: Bool { get }
  /// The names of one item's free parameters, in vector order (e.g. `["a", "b"]`).
  var parameterNames: [String] { get }
  /// Indices into the item vector of parameters that all estimated items share (the 1PL's
  /// common slope: `[0]`). Empty for models whose items are independent.
  var sharedParameterIndices: [Int] { get }
  /// Whether the latent standard deviation is estimated (Rasch: slopes fixed at 1, σ free).
  /// When false, θ ~ N(0, 1) unless the calibration holds some items fixed.
  var estimatesLatentSD: Bool { get }

  /// P(θ) for the item vector `parameters`; writes ∂P/∂ψ into `gradient` (same count as
  /// ``parameterNames``) and returns P together with ∂P/∂θ.
  func evaluate(
    theta: Double, parameters: [Double], scalingConstant: Double, gradient: inout [Double]
  ) -> (probability: Double, thetaDerivative: Double)

  /// log π(ψ) up to a constant, adding its gradient and Hessian into `gradient` and `hessian`
  /// (row-major p × p). Return 0 and add nothing for maximum likelihood.
  func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double

  /// Moves `parameters` into the model's admissible region (e.g. a > 0, 0 ≤ c < 1).
  func clamp(_ parameters: inout [Double])

  /// Starting values from classical statistics: the proportion correct p and the item–rest
  /// biserial correlation.
  func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant: Double) -> [Double]

  /// The item vector of given a/b/c parameters (used to start from supplied values).
  func vector(from item: ItemParameters) -> [Double]

  /// The a/b/c parameters (and standard errors from `covariance`, the p × p row-major covariance
  /// of the vector, when given) of an estimated item.
  func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters

  /// Fewer candidates than this draws a warning from the calibration (default 100).
  var minimumCandidates: Int { get }
  /// Why too few candidates matter for this model, for that warning (default: estimates and
  /// standard errors are imprecise).
  var smallSampleNote: String { get }

  /// P(θ) and ∂P/∂θ alone, for scoring, linking and equating (default: ``evaluate(theta:parameters:scalingConstant:gradient:)``
  /// with a scratch gradient; a model may avoid that allocation).
  func responseProbability(theta: Double, parameters: [Double], scalingConstant: Double) -> (
    probability: Double, thetaDerivative: Double
  )

  /// lim P(θ) as θ → −∞ and θ → +∞ (default: P evaluated at θ = ∓10⁴, where a logistic-type
  /// curve with slope above 0.01 has reached its limit to double precision).
  func asymptotes(of parameters: [Double]) -> (lower: Double, upper: Double)

  /// The item vector (and its standard errors) on the scale θ* = A·θ + B, with every response
  /// probability unchanged: P*(A·θ + B) = P(θ). nil (the default) when the model does not define
  /// it; linking and bank placement then stop with an error naming the model.
  func rescaled(_ parameters: [Double], standardErrors: [Double?], slope A: Double, intercept B: Double) -> (
    values: [Double], standardErrors: [Double?]
  )?

  /// Why `parameters` are outside the model, or nil (default: every value finite and unchanged
  /// by ``clamp(_:)``).
  func parameterProblem(_ parameters: [Double]) -> String?

  /// The warnings an estimate at the edge of the model's region deserves (default: slope `a`
  /// at either bound, difficulty `b` at its bound, lower asymptote `c` at its upper bound, by
  /// the names in ``parameterNames``).
  func boundWarnings(_ parameters: [Double]) -> [String]
}

extension IRTModel {
  public var isLogisticFamily: Bool { false }
  public var minimumCandidates: Int { 100 }
  public var smallSampleNote: String { "estimates and standard errors are imprecise" }

  public func responseProbability(theta: Double, parameters: [Double], scalingConstant: Double) -> (
    probability: Double, thetaDerivative: Double
  ) {
    var gradient = [Double](repeating: 0, count: parameterNames.count)
    return evaluate(theta: theta, parameters: parameters, scalingConstant: scalingConstant, gradient: &gradient)
  }

  public func asymptotes(of parameters: [Double]) -> (lower: Double, upper: Double) {
    (
      responseProbability(theta: -1e4, parameters: parameters, scalingConstant: 1).probability,
      responseProbability(theta: 1e4, parameters: parameters, scalingConstant: 1).probability
    )
  }

  public func rescaled(_ parameters: [Double], standardErrors: [Double?], slope A: Double, intercept B: Double)
    -> (values: [Double], standardErrors: [Double?])?
  { nil }

  public func parameterProblem(_ parameters: [Double]) -> String? {
    guard parameters.count == parameterNames.count else {
      return
        "model \(name) has \(parameterNames.count) parameters (\(parameterNames.joined(separator: ", "))), found \(parameters.count)"
    }
    guard parameters.allSatisfy(\.isFinite) else {
      return
        "parameters must be finite numbers (\(zip(parameterNames, parameters).map { "\($0) \($1)" }.joined(separator: ", ")))"
    }
    var clamped = parameters
    clamp(&clamped)
    if let index = (0..<parameters.count).first(where: { clamped[$0] != parameters[$0] }) {
      return "parameter \(parameterNames[index]) = \(parameters[index]) is outside model \(name)'s range"
    }
    return nil
  }

  public func boundWarnings(_ parameters: [Double]) -> [String] {
    var warnings: [String] = []
    for (index, name) in parameterNames.enumerated() {
      let value = parameters[index]
      if name == "a" && value <= ParameterBounds.slope.lowerBound * 1.0001 {
        warnings.append(
          "slope a reached its lower bound \(ParameterBounds.slope.lowerBound): the item does not discriminate, or discriminates negatively (check the key)"
        )
      } else if name == "a" && value >= ParameterBounds.slope.upperBound * 0.9999 {
        warnings.append("slope a reached its upper bound \(ParameterBounds.slope.upperBound)")
      } else if name == "b" && abs(value) >= ParameterBounds.difficulty.upperBound * 0.9999 {
        warnings.append(
          "difficulty b reached the bound \(formatDecimal(value, places: 1)): the item is far too easy or too hard for these candidates"
        )
      } else if name == "c" && value >= ParameterBounds.guessing.upperBound * 0.9999 {
        warnings.append("lower asymptote c reached its upper bound \(ParameterBounds.guessing.upperBound)")
      }
    }
    return warnings
  }
}

// MARK: - Priors

/// Prior distributions for item parameters; with any prior the estimates are Bayes modal (MAP).
///
/// - slope: log-normal, log a ~ N(μ, σ²): log π(a) = −log a − (log a − μ)² / (2σ²).
/// - difficulty: normal, b ~ N(m, s²).
/// - guessing: Beta(α, β): log π(c) = (α − 1) log c + (β − 1) log(1 − c).
///
/// The 3PL default is c ~ Beta(5, 17) (mode 0.2, mean 0.227: worth about 20 candidates'
/// evidence at c = 0.2, a BILOG-style prior for five-option items; for four options use
/// Beta(6, 16)). No prior on a or b by default. The 1PL applies no slope prior to its common
/// slope (per item it would count once per item).
public struct ItemPriors: Sendable, Hashable {
  public var slope: (mean: Double, sd: Double)?
  public var difficulty: (mean: Double, sd: Double)?
  public var guessing: (alpha: Double, beta: Double)?

  public init(
    slope: (mean: Double, sd: Double)? = nil, difficulty: (mean: Double, sd: Double)? = nil,
    guessing: (alpha: Double, beta: Double)? = nil
  ) {
    self.slope = slope
    self.difficulty = difficulty
    self.guessing = guessing
  }

  /// No priors: maximum likelihood.
  public static let none = ItemPriors()
  /// The default guessing prior for the 3PL: Beta(5, 17).
  public static let defaultGuessing: (alpha: Double, beta: Double) = (5, 17)

  public static func == (lhs: ItemPriors, rhs: ItemPriors) -> Bool {
    lhs.slope?.mean == rhs.slope?.mean && lhs.slope?.sd == rhs.slope?.sd
      && lhs.difficulty?.mean == rhs.difficulty?.mean && lhs.difficulty?.sd == rhs.difficulty?.sd
      && lhs.guessing?.alpha == rhs.guessing?.alpha && lhs.guessing?.beta == rhs.guessing?.beta
  }

  public func hash(into hasher: inout Hasher) {
    for value in [slope?.mean, slope?.sd, difficulty?.mean, difficulty?.sd, guessing?.alpha, guessing?.beta] {
      hasher.combine(value)
    }
  }

  /// Adds the log prior of a (at vector index `a`), b and c (nil index: not in the vector).
  func add(
    _ parameters: [Double], a: Int?, b: Int?, c: Int?, count p: Int,
    gradient: inout [Double], hessian: inout [Double]
  ) -> Double {
    var value = 0.0
    if let slope, let a {
      let x = max(parameters[a], 1e-8)
      let z = (log(x) - slope.mean) / slope.sd
      let s2 = slope.sd * slope.sd
      value += -log(x) - 0.5 * z * z
      // d/da = −1/a − (log a − μ)/(σ² a); d²/da² = 1/a² − (1 − (log a − μ))/(σ² a²)
      let u = log(x) - slope.mean
      gradient[a] += -1 / x - u / (s2 * x)
      hessian[a * p + a] += 1 / (x * x) - (1 - u) / (s2 * x * x)
    }
    if let difficulty, let b {
      let z = (parameters[b] - difficulty.mean) / difficulty.sd
      value += -0.5 * z * z
      gradient[b] += -z / difficulty.sd
      hessian[b * p + b] += -1 / (difficulty.sd * difficulty.sd)
    }
    if let guessing, let c {
      let x = min(max(parameters[c], 1e-10), 1 - 1e-10)
      value += (guessing.alpha - 1) * log(x) + (guessing.beta - 1) * log(1 - x)
      gradient[c] += (guessing.alpha - 1) / x - (guessing.beta - 1) / (1 - x)
      hessian[c * p + c] += -(guessing.alpha - 1) / (x * x) - (guessing.beta - 1) / ((1 - x) * (1 - x))
    }
    return value
  }
}

/// Bounds the built-in models keep estimates within (an estimate at a bound is reported).
public enum ParameterBounds {
  public static let slope: ClosedRange<Double> = 0.01...20
  public static let difficulty: ClosedRange<Double> = -15...15
  public static let guessing: ClosedRange<Double> = 0...0.95
}

@inline(__always)
func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// Starting slope and difficulty from classical statistics (normal-ogive approximations,
/// Lord 1980): a ≈ (1.7/D)·ρ/√(1 − ρ²), b ≈ Φ⁻¹(1 − p)/ρ, clamped to a sane range.
func classicalStart(proportionCorrect p: Double, biserial: Double, scalingConstant D: Double) -> (a: Double, b: Double)
{
  let rho = min(max(biserial, 0.15), 0.9)
  let a = min(max(1.7 / D * rho / (1 - rho * rho).squareRoot(), 0.3), 3)
  let pc = min(max(p, 0.01), 0.99)
  let b = min(max(NormalDistribution.quantile(1 - pc) / rho, -4), 4)
  return (a, b)
}

/// Standard normal helpers.
enum NormalDistribution {
  /// Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9), for 0 < p < 1.
  static func quantile(_ p: Double) -> Double {
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - low {
      let q = (-2 * log(1 - p)).squareRoot()
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let q = p - 0.5
    let r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
      / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  }
}

// MARK: - Built-in models

/// Rasch: P(θ) = 1 / (1 + exp(−D·(θ − b))), every slope fixed at 1, θ ~ N(0, σ²) with σ
/// estimated. Item vector: `[b]`.
public struct RaschModel: IRTModel {
  public var priors: ItemPriors
  public init(priors: ItemPriors = .none) { self.priors = priors }
  public var name: String { "rasch" }
  public var isLogisticFamily: Bool { true }
  public var parameterNames: [String] { ["b"] }
  public var sharedParameterIndices: [Int] { [] }
  public var estimatesLatentSD: Bool { true }

  public func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let p = logistic(D * (theta - parameters[0]))
    let pq = p * (1 - p)
    gradient[0] = -D * pq
    return (p, D * pq)
  }
  public func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
    priors.add(parameters, a: nil, b: 0, c: nil, count: 1, gradient: &gradient, hessian: &hessian)
  }
  public func clamp(_ parameters: inout [Double]) {
    parameters[0] = min(
      max(parameters[0], ParameterBounds.difficulty.lowerBound), ParameterBounds.difficulty.upperBound)
  }
  public func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant D: Double) -> [Double] {
    let pc = min(max(proportionCorrect, 0.01), 0.99)
    return [min(max(-log(pc / (1 - pc)) / D, -4), 4)]
  }
  public func vector(from item: ItemParameters) -> [Double] { [item.b] }
  public func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    ItemParameters(id: id, a: 1, b: vector[0], c: 0, seA: nil, seB: covariance.map { $0[0].squareRoot() }, seC: nil)
  }
}

/// The 2PL: P(θ) = 1 / (1 + exp(−D·a·(θ − b))). Item vector: `[a, b]`.
public struct TwoParameterLogisticModel: IRTModel {
  public var priors: ItemPriors
  public init(priors: ItemPriors = .none) { self.priors = priors }
  public var name: String { "2pl" }
  public var isLogisticFamily: Bool { true }
  public var parameterNames: [String] { ["a", "b"] }
  public var sharedParameterIndices: [Int] { [] }
  public var estimatesLatentSD: Bool { false }

  public func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let a = parameters[0]
    let deviation = theta - parameters[1]
    let p = logistic(D * a * deviation)
    let pq = p * (1 - p)
    gradient[0] = D * deviation * pq
    gradient[1] = -D * a * pq
    return (p, D * a * pq)
  }
  public func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
    priors.add(parameters, a: 0, b: 1, c: nil, count: 2, gradient: &gradient, hessian: &hessian)
  }
  public func clamp(_ parameters: inout [Double]) {
    parameters[0] = min(max(parameters[0], ParameterBounds.slope.lowerBound), ParameterBounds.slope.upperBound)
    parameters[1] = min(
      max(parameters[1], ParameterBounds.difficulty.lowerBound), ParameterBounds.difficulty.upperBound)
  }
  public func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant D: Double) -> [Double] {
    let start = classicalStart(proportionCorrect: proportionCorrect, biserial: biserial, scalingConstant: D)
    return [start.a, start.b]
  }
  public func vector(from item: ItemParameters) -> [Double] { [item.a, item.b] }
  public func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    ItemParameters(
      id: id, a: vector[0], b: vector[1], c: 0, seA: covariance.map { $0[0].squareRoot() },
      seB: covariance.map { $0[3].squareRoot() }, seC: nil)
  }
}

/// The 1PL: the 2PL with one slope common to all items, θ ~ N(0, 1). Item vector `[a, b]`
/// with `a` shared.
public struct OneParameterLogisticModel: IRTModel {
  public var priors: ItemPriors
  public init(priors: ItemPriors = .none) { self.priors = priors }
  public var name: String { "1pl" }
  public var isLogisticFamily: Bool { true }
  public var parameterNames: [String] { ["a", "b"] }
  public var sharedParameterIndices: [Int] { [0] }
  public var estimatesLatentSD: Bool { false }
  private var twoPL: TwoParameterLogisticModel { TwoParameterLogisticModel(priors: priors) }

  public func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    twoPL.evaluate(theta: theta, parameters: parameters, scalingConstant: D, gradient: &gradient)
  }
  /// Only the difficulty prior: a prior on the common slope would count once per item.
  public func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
    priors.add(parameters, a: nil, b: 1, c: nil, count: 2, gradient: &gradient, hessian: &hessian)
  }
  public func clamp(_ parameters: inout [Double]) { twoPL.clamp(&parameters) }
  public func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant D: Double) -> [Double] {
    twoPL.startingValues(proportionCorrect: proportionCorrect, biserial: biserial, scalingConstant: D)
  }
  public func vector(from item: ItemParameters) -> [Double] { [item.a, item.b] }
  public func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    twoPL.itemParameters(id: id, vector: vector, covariance: covariance)
  }
}

/// The 3PL: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))). Item vector: `[a, b, c]`.
/// Default prior c ~ Beta(5, 17) (see ``ItemPriors``).
public struct ThreeParameterLogisticModel: IRTModel {
  public var priors: ItemPriors
  public init(priors: ItemPriors = ItemPriors(guessing: ItemPriors.defaultGuessing)) { self.priors = priors }
  public var name: String { "3pl" }
  public var isLogisticFamily: Bool { true }
  /// The lower asymptotes need about a thousand candidates (Lord 1980; de Ayala 2009, ch. 6).
  public var minimumCandidates: Int { 1000 }
  public var smallSampleNote: String {
    "lower asymptotes are weakly determined by the data and rest largely on the prior on c"
  }
  public var parameterNames: [String] { ["a", "b", "c"] }
  public var sharedParameterIndices: [Int] { [] }
  public var estimatesLatentSD: Bool { false }

  public func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let a = parameters[0]
    let c = parameters[2]
    let deviation = theta - parameters[1]
    let l = logistic(D * a * deviation)
    let ll = (1 - c) * l * (1 - l)
    gradient[0] = D * deviation * ll
    gradient[1] = -D * a * ll
    gradient[2] = 1 - l
    return (c + (1 - c) * l, D * a * ll)
  }
  public func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
    priors.add(parameters, a: 0, b: 1, c: 2, count: 3, gradient: &gradient, hessian: &hessian)
  }
  public func clamp(_ parameters: inout [Double]) {
    parameters[0] = min(max(parameters[0], ParameterBounds.slope.lowerBound), ParameterBounds.slope.upperBound)
    parameters[1] = min(
      max(parameters[1], ParameterBounds.difficulty.lowerBound), ParameterBounds.difficulty.upperBound)
    parameters[2] = min(max(parameters[2], 1e-6), ParameterBounds.guessing.upperBound)
  }
  public func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant D: Double) -> [Double] {
    let c0: Double
    if let guessing = priors.guessing, guessing.alpha > 1, guessing.beta > 1 {
      c0 = (guessing.alpha - 1) / (guessing.alpha + guessing.beta - 2)
    } else {
      c0 = 0.1
    }
    // The part of p above the floor c0 is what the 2PL part must explain.
    let adjusted = min(max((proportionCorrect - c0) / (1 - c0), 0.02), 0.98)
    let start = classicalStart(proportionCorrect: adjusted, biserial: biserial, scalingConstant: D)
    return [start.a, start.b, c0]
  }
  public func vector(from item: ItemParameters) -> [Double] { [item.a, item.b, item.c] }
  public func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    ItemParameters(
      id: id, a: vector[0], b: vector[1], c: vector[2], seA: covariance.map { $0[0].squareRoot() },
      seB: covariance.map { $0[4].squareRoot() }, seC: covariance.map { $0[8].squareRoot() })
  }
}

// MARK: - Registry

/// The models `itembench calibrate --model NAME` can use: the built-ins plus any a package
/// registers. A factory receives the priors the user asked for (`nil`: the model's default).
public final class IRTModelRegistry: @unchecked Sendable {
  public typealias Factory = @Sendable (_ priors: ItemPriors?) -> any IRTModel

  private let table = Registry<Factory>(nameRule: .caseInsensitive)

  /// The process-wide registry, holding `rasch`, `1pl`, `2pl` and `3pl`.
  public static let shared = IRTModelRegistry()

  public init(includingBuiltIns: Bool = true) {
    guard includingBuiltIns else { return }
    register("rasch") { RaschModel(priors: $0 ?? .none) }
    register("1pl") { OneParameterLogisticModel(priors: $0 ?? .none) }
    register("2pl") { TwoParameterLogisticModel(priors: $0 ?? .none) }
    register("3pl") { ThreeParameterLogisticModel(priors: $0 ?? ItemPriors(guessing: ItemPriors.defaultGuessing)) }
  }

  /// Registers (or replaces) the model called `name`.
  public func register(_ name: String, factory: @escaping Factory) { table.register(factory, as: name) }

  /// The registered names, sorted.
  public var names: [String] { table.sortedNames }

  /// The model called `name` (case-insensitive), or nil.
  public func model(named name: String, priors: ItemPriors? = nil) -> (any IRTModel)? {
    table.entry(named: name)?(priors)
  }
}
