import Foundation
import ItemBenchCore

/// How standard errors are computed.
public enum StandardErrorMethod: String, Sendable, CaseIterable {
  /// ``observed`` when the problem is small enough for it to be cheap (2 · parameters ·
  /// distinct response patterns · items ≤ 2·10⁸), else ``crossProduct``.
  case automatic = "auto"
  /// The observed information −∂²(log L + log π)/∂ψ∂ψᵀ at the estimates: the Hessian of the
  /// marginal log-posterior by Louis's (1982) identity — the cross-product information, minus
  /// the Hessian of the expected complete-data log-likelihood (item-local central differences,
  /// step 10⁻⁴·max(1, |ψᵢ|), of its analytic gradient), minus the posterior second moment of
  /// the complete-data score. One pass over the data plus O(points × items²) per pattern
  /// window; it equals the central differences of the marginal score to about 10⁻⁸ relative.
  case observed
  /// The cross-product (empirical, "XPD") information Σᵢ sᵢsᵢᵀ − ∂² log π, where sᵢ is candidate
  /// i's marginal score vector. One pass over the data; asymptotically equal to the observed
  /// information.
  case crossProduct = "crossproduct"
  /// No standard errors.
  case none
}

/// EM acceleration.
public enum EMAcceleration: String, Sendable, CaseIterable {
  /// Plain EM.
  case none
  /// SQUAREM, scheme S3 (Varadhan & Roland 2008): from x₀, two EM steps give r = F(x₀) − x₀ and
  /// v = F(F(x₀)) − 2F(x₀) + x₀; the step length α = −‖r‖/‖v‖ (at most −1) gives
  /// x′ = x₀ − 2αr + α²v, followed by one EM step from x′. If the log-posterior at x′ is lower
  /// than at F(x₀), the extrapolation is discarded and plain EM continues from F(F(x₀)).
  case squarem
}

/// Settings of a calibration run.
public struct CalibrationOptions: Sendable {
  /// D in P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))). Default 1.
  public var scalingConstant: Double
  /// Number of equally spaced quadrature points (default 61) on ``quadratureRange`` (default
  /// [−6, 6]) in standard units of the latent distribution: θₖ = μ + σ·zₖ, weights ∝ φ(zₖ).
  public var quadraturePoints: Int
  public var quadratureRange: ClosedRange<Double>
  /// Convergence: the largest absolute change of any estimated parameter (a, b, c, and μ, σ when
  /// estimated) in one EM step is below this. Default 10⁻⁴.
  public var tolerance: Double
  /// The most EM steps. Default 2000.
  public var maximumIterations: Int
  public var acceleration: EMAcceleration
  public var standardErrors: StandardErrorMethod
  /// Items held at these parameters (anchors); the others are estimated on their scale, with the
  /// latent mean and standard deviation estimated.
  public var fixed: [ItemParameters]
  /// Called after each EM step (on the calling thread).
  public var progress: (@Sendable (CalibrationProgress) -> Void)?
  /// How omitted and not-reached responses enter the likelihood (default
  /// ``MissingResponseRule/standard``: omits as incorrect, not-reached responses left out).
  public var missingResponses: MissingResponseRule = .standard

  public init(
    scalingConstant: Double = 1, quadraturePoints: Int = 61,
    quadratureRange: ClosedRange<Double> = -6...6, tolerance: Double = 1e-4,
    maximumIterations: Int = 2000, acceleration: EMAcceleration = .squarem,
    standardErrors: StandardErrorMethod = .automatic, fixed: [ItemParameters] = [],
    progress: (@Sendable (CalibrationProgress) -> Void)? = nil
  ) {
    self.scalingConstant = scalingConstant
    self.quadraturePoints = quadraturePoints
    self.quadratureRange = quadratureRange
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
    self.acceleration = acceleration
    self.standardErrors = standardErrors
    self.fixed = fixed
    self.progress = progress
  }
}

/// The state after one EM step.
public struct CalibrationProgress: Sendable {
  public var iteration: Int
  /// The marginal log-likelihood at the parameters the E-step used.
  public var logLikelihood: Double
  /// The largest absolute parameter change of the step.
  public var largestChange: Double
}

/// Something about the data or the run a user must know (an item excluded, a bound reached,
/// non-convergence). Never fatal.
public struct CalibrationWarning: Sendable, Hashable, CustomStringConvertible {
  /// The item concerned, if any.
  public var itemID: String?
  public var message: String
  public init(itemID: String?, _ message: String) {
    self.itemID = itemID
    self.message = message
  }
  public var description: String {
    if let itemID { return "warning: item '\(itemID)': \(message)" }
    return "warning: \(message)"
  }
}

/// A calibration that cannot run.
public struct CalibrationError: DiagnosticError {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var diagnosticLocation: SourceLocation? { nil }
}

/// The result of ``Calibrator/calibrate(_:)``.
public struct CalibrationResult: Sendable {
  /// The parameter file: estimated and fixed items in response-file order, the latent
  /// distribution, log-likelihood, AIC, BIC, convergence.
  public var parameters: ParameterFile
  public var warnings: [CalibrationWarning]
  /// The method the standard errors came from (`none` if not computed or not available).
  public var standardErrorMethod: StandardErrorMethod
  /// Standard errors of the latent mean and SD where estimated.
  public var latentMeanStandardError: Double?
  public var latentSDStandardError: Double?
  /// log L + log π at the estimates (equals the log-likelihood without priors).
  public var logPosterior: Double
  /// Number of estimated parameters (items, shared, latent): the k of AIC = −2 log L + 2k.
  public var parameterCount: Int
  /// Candidates used (those with at least one response to a calibrated item).
  public var candidateCount: Int
  /// Distinct response patterns among them.
  public var patternCount: Int
  /// Ids of items left out (no variance or no responses).
  public var excludedItems: [String]
  /// Wall-clock seconds spent in EM (including the final E-step) and in standard errors.
  public var emSeconds: Double
  public var standardErrorSeconds: Double
}
