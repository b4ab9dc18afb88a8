import Foundation
import ItemBenchCore

/// The parameters of one dichotomous item under the three-parameter logistic family.
///
/// Parameterisation (used everywhere in ItemBench):
///
///     P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b)))
///
/// with slope `a`, difficulty `b`, lower asymptote `c` and scaling constant `D` (1 for the
/// logistic metric, 1.7 to approximate the normal-ogive metric). Rasch and 1PL items have a
/// common `a` and `c = 0`; 2PL items have `c = 0`.
///
/// An item of a model outside that family (registered through ``IRTModelRegistry``, such as a
/// four-parameter logistic) carries its model and full parameter vector in
/// ``modelParameters``; its response function is then the model's, and `a`, `b`, `c` hold the
/// model's slope, location and lower asymptote for tables that show them. Every use of the item
/// after calibration goes through ``ItemResponseFunction``.
public struct ItemParameters: Sendable, Hashable, ItemResponseFunction {
  public var id: String
  public var a: Double
  public var b: Double
  public var c: Double
  /// Standard errors; `nil` when not estimated (a fixed parameter, or a model without it).
  public var seA: Double?
  public var seB: Double?
  public var seC: Double?
  /// The full sampling covariance of (a, b, c) when the calibration gave it (nil otherwise, and
  /// for parameters read from files, which carry standard errors only).
  public var covariance: ParameterCovariance?
  /// The model and parameter vector of an item outside the a/b/c family; nil for Rasch, 1PL,
  /// 2PL and 3PL items.
  public var modelParameters: ModelParameters?

  public init(
    id: String, a: Double = 1, b: Double, c: Double = 0, seA: Double? = nil, seB: Double? = nil,
    seC: Double? = nil, covariance: ParameterCovariance? = nil, modelParameters: ModelParameters? = nil
  ) {
    self.modelParameters = modelParameters
    self.id = id
    self.a = a
    self.b = b
    self.c = c
    self.seA = seA
    self.seB = seB
    self.seC = seC
    self.covariance = covariance
  }

  /// P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))), or the model's P(θ) for an item with
  /// ``modelParameters``.
  @inlinable
  public func probability(at theta: Double, scalingConstant D: Double) -> Double {
    if let modelParameters { return modelParameters.probability(at: theta, scalingConstant: D) }
    return c + (1 - c) / (1 + exp(-D * a * (theta - b)))
  }

  /// P(θ) and P′(θ): with ψ = 1 / (1 + exp(−D·a·(θ − b))), P = c + (1 − c)·ψ and
  /// P′ = D·a·(1 − c)·ψ·(1 − ψ) (or the model's for an item with ``modelParameters``).
  @inlinable
  public func probabilityAndDerivative(at theta: Double, scalingConstant D: Double) -> (
    probability: Double, derivative: Double
  ) {
    if let modelParameters { return modelParameters.probabilityAndDerivative(at: theta, scalingConstant: D) }
    let logistic = 1 / (1 + exp(-D * a * (theta - b)))
    return (c + (1 - c) * logistic, D * a * (1 - c) * logistic * (1 - logistic))
  }

  /// lim P as θ → −∞: `c`, or the model's limit.
  public var lowerAsymptote: Double { modelParameters?.lowerAsymptote ?? c }
  /// lim P as θ → +∞: 1, or the model's limit.
  public var upperAsymptote: Double { modelParameters?.upperAsymptote ?? 1 }

  /// Fisher information of the item at θ:
  /// I(θ) = (D·a)² · (Q/P) · ((P − c)/(1 − c))² (for an item with ``modelParameters``,
  /// P′² / (P·Q) from its model).
  @inlinable
  public func information(at theta: Double, scalingConstant D: Double) -> Double {
    if let modelParameters { return modelParameters.information(at: theta, scalingConstant: D) }
    let p = probability(at: theta, scalingConstant: D)
    let q = 1 - p
    guard p > 0, q > 0 else { return 0 }
    let ratio = (p - c) / (1 - c)
    return D * D * a * a * (q / p) * ratio * ratio
  }
}

extension ItemParameters {
  /// Why these parameters are outside the model (a > 0, 0 ≤ c < 1, finite values), or nil.
  public var parameterProblem: String? {
    if let modelParameters { return modelParameters.model.parameterProblem(modelParameters.values) }
    guard a.isFinite, b.isFinite, c.isFinite else {
      return "parameters must be finite numbers (a \(a), b \(b), c \(c))"
    }
    guard a > 0 else { return "slope a must be positive, found \(a)" }
    guard c >= 0, c < 1 else { return "lower asymptote c must be in [0, 1), found \(c)" }
    return nil
  }
}

/// The latent (θ) distribution a calibration assumed or estimated.
public struct LatentDistribution: Sendable, Hashable {
  public var mean: Double
  public var sd: Double
  public init(mean: Double = 0, sd: Double = 1) {
    self.mean = mean
    self.sd = sd
  }
}

/// A parameter file: the result of a calibration, or parameters a user supplies (`--fixed`,
/// linking, equating). Never contains item text.
///
/// JSON (format 1), keys in this order:
///
///     {"format": 1, "model": "2pl", "parameterization": "…", "scaling_constant": 1,
///      "form": "form-a", "date": "2026-11-01", "log_likelihood": …, "aic": …, "bic": …,
///      "converged": true, "iterations": 42, "latent": {"mean": 0, "sd": 1},
///      "items": [{"id": "INV-0001", "a": …, "b": …, "c": 0, "se_a": …, "se_b": …, "se_c": null}]}
///
/// CSV: a header `id,a,b,c,se_a,se_b,se_c` and one row per item (empty cells for absent SEs).
public struct ParameterFile: Sendable, Hashable {
  public static let parameterization = "P(theta) = c + (1 - c) / (1 + exp(-D * a * (theta - b)))"

  /// `rasch`, `1pl`, `2pl` or `3pl` (or a registered model's name).
  public var model: String
  /// D in the parameterisation.
  public var scalingConstant: Double
  /// The form the parameters were calibrated on, if known.
  public var form: String?
  /// The date the parameters refer to (ISO 8601 `YYYY-MM-DD`), if known.
  public var date: String?
  public var logLikelihood: Double?
  public var aic: Double?
  public var bic: Double?
  public var converged: Bool?
  public var iterations: Int?
  public var latent: LatentDistribution
  public var items: [ItemParameters]

  public init(
    model: String, scalingConstant: Double = 1, form: String? = nil, date: String? = nil,
    logLikelihood: Double? = nil, aic: Double? = nil, bic: Double? = nil, converged: Bool? = nil,
    iterations: Int? = nil, latent: LatentDistribution = LatentDistribution(),
    items: [ItemParameters]
  ) {
    self.model = model
    self.scalingConstant = scalingConstant
    self.form = form
    self.date = date
    self.logLikelihood = logLikelihood
    self.aic = aic
    self.bic = bic
    self.converged = converged
    self.iterations = iterations
    self.latent = latent
    self.items = items
  }

  /// The parameters of item `id`, if present.
  public func item(_ id: String) -> ItemParameters? { items.first { $0.id == id } }
}
