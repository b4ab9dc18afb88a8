import Foundation

/// What every step after calibration needs of a dichotomous item: the probability of a correct
/// answer P(θ), its θ derivative P′(θ), the item's Fisher information and the limits of P.
///
/// Scoring (ML, MAP, EAP), fit, test information, the test characteristic curve, the
/// Haebara and Stocking–Lord linking criteria, true-score and observed-score (Lord–Wingersky)
/// equating and the scale tables all reach an item through this protocol, so an item of a
/// model registered by another package (``IRTModelRegistry``) is treated by its own response
/// function, never silently as a 3PL. ``ItemParameters`` conforms: an item of the logistic
/// a/b/c family uses the closed formulas, an item carrying ``ModelParameters`` its model's
/// function.
///
/// Information has the dichotomous form I(θ) = P′(θ)² / (P(θ)·Q(θ)) (Lord 1980, eq. 5-7),
/// which the default implementation computes from ``probabilityAndDerivative(at:scalingConstant:)``.
public protocol ItemResponseFunction: Sendable {
  /// P(θ), the probability of a correct answer.
  func probability(at theta: Double, scalingConstant D: Double) -> Double
  /// P(θ) and P′(θ) = dP/dθ.
  func probabilityAndDerivative(at theta: Double, scalingConstant D: Double) -> (
    probability: Double, derivative: Double
  )
  /// Fisher information I(θ) = P′² / (P·Q).
  func information(at theta: Double, scalingConstant D: Double) -> Double
  /// lim P(θ) as θ → −∞ (c for the 3PL: the chance score of the item).
  var lowerAsymptote: Double { get }
  /// lim P(θ) as θ → +∞ (1 for the 3PL).
  var upperAsymptote: Double { get }
}

extension ItemResponseFunction {
  public func probability(at theta: Double, scalingConstant D: Double) -> Double {
    probabilityAndDerivative(at: theta, scalingConstant: D).probability
  }

  /// I(θ) = P′² / (P·Q); 0 where P or Q underflows to 0.
  public func information(at theta: Double, scalingConstant D: Double) -> Double {
    let (p, derivative) = probabilityAndDerivative(at: theta, scalingConstant: D)
    let q = 1 - p
    guard p > 0, q > 0 else { return 0 }
    return derivative * derivative / (p * q)
  }

  /// log P and log Q, the terms of a response's log-likelihood; −∞ where they underflow.
  public func logProbabilities(at theta: Double, scalingConstant D: Double) -> (logP: Double, logQ: Double) {
    let p = probability(at: theta, scalingConstant: D)
    return (log(p), log1p(-p))
  }
}

/// An item of a registered model outside the logistic a/b/c family: the model, the item's full
/// parameter vector (in the order of the model's ``IRTModel/parameterNames``) and its standard
/// errors. Its response function is the model's ``IRTModel/responseProbability(theta:parameters:scalingConstant:)``.
///
/// Two values are equal when the model names, values and standard errors are.
public struct ModelParameters: Sendable, Hashable, ItemResponseFunction {
  public let model: any IRTModel
  public var values: [Double]
  public var standardErrors: [Double?]

  /// Parameters of `model`; `standardErrors` defaults to none (fixed or supplied values).
  public init(model: any IRTModel, values: [Double], standardErrors: [Double?]? = nil) {
    self.model = model
    self.values = values
    self.standardErrors = standardErrors ?? [Double?](repeating: nil, count: values.count)
  }

  /// The model's name (`--model`, parameter files).
  public var name: String { model.name }

  public func probabilityAndDerivative(at theta: Double, scalingConstant D: Double) -> (
    probability: Double, derivative: Double
  ) {
    let value = model.responseProbability(theta: theta, parameters: values, scalingConstant: D)
    return (value.probability, value.thetaDerivative)
  }

  public var lowerAsymptote: Double { model.asymptotes(of: values).lower }
  public var upperAsymptote: Double { model.asymptotes(of: values).upper }

  /// The same item on the scale θ* = A·θ + B, or nil when the model does not say how its
  /// parameters move (see ``IRTModel/rescaled(_:standardErrors:slope:intercept:)``).
  public func rescaled(slope A: Double, intercept B: Double) -> ModelParameters? {
    guard let moved = model.rescaled(values, standardErrors: standardErrors, slope: A, intercept: B) else {
      return nil
    }
    return ModelParameters(model: model, values: moved.values, standardErrors: moved.standardErrors)
  }

  public static func == (lhs: ModelParameters, rhs: ModelParameters) -> Bool {
    lhs.name == rhs.name && lhs.values == rhs.values && lhs.standardErrors == rhs.standardErrors
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(values)
    hasher.combine(standardErrors)
  }
}
