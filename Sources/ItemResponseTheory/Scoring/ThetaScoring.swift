import Foundation
import ItemBenchCore

/// How θ is estimated from a response pattern.
public enum ScoringMethod: String, Sendable, CaseIterable, Hashable {
  /// Expected a posteriori: the posterior mean over a quadrature; SE = posterior SD.
  case eap
  /// Maximum a posteriori (Bayes modal): the posterior mode; SE = 1/√(I(θ̂) + 1/σ²).
  case map
  /// Maximum likelihood; SE = 1/√I(θ̂).
  case ml
}

/// Settings for ``ThetaScoring``.
public struct ScoringOptions: Sendable, Hashable {
  public var method: ScoringMethod
  /// The N(μ, σ²) prior of EAP and MAP (default N(0, 1); the CLI uses the parameter file's
  /// latent distribution).
  public var prior: LatentDistribution
  /// EAP quadrature: `quadraturePoints` equally spaced points on `quadratureRange`, weighted by
  /// the prior density (default 61 points on [−6, 6]).
  public var quadraturePoints: Int
  public var quadratureRange: ClosedRange<Double>
  /// The fence for ML and MAP: estimates are confined to this range (default [−4, 4]). A
  /// pattern whose likelihood keeps rising toward a fence (all correct, all incorrect, or some
  /// 3PL patterns) is reported at the fence with a flag.
  public var bounds: ClosedRange<Double>
  /// Newton (Fisher scoring) stops when |Δθ| < `tolerance` (default 1e-6) …
  public var tolerance: Double
  /// … or after this many iterations (default 100; then flagged `not-converged`).
  public var maximumIterations: Int
  /// How omitted and not-reached responses count (default ``MissingResponseRule/standard``:
  /// both wrong in candidates' scores).
  public var missingResponses: MissingResponseRule
  /// What the estimates are for: candidates' scores (default), or item statistics (item fit's
  /// θ estimates), which decides how ``missingResponses`` applies.
  public var use: ResponseUse
  /// Whether omitted responses are scored incorrect under ``missingResponses`` and ``use``.
  /// Setting it sets ``MissingResponseRule/omitted`` to `wrong` or `not-administered`.
  public var omittedAsIncorrect: Bool {
    get { missingResponses.omitted.countsAsWrong(in: use) }
    set { missingResponses.omitted = newValue ? .wrong : .notAdministered }
  }

  public init(
    method: ScoringMethod = .eap, prior: LatentDistribution = LatentDistribution(),
    quadraturePoints: Int = 61, quadratureRange: ClosedRange<Double> = -6...6,
    bounds: ClosedRange<Double> = -4...4, tolerance: Double = 1e-6, maximumIterations: Int = 100,
    missingResponses: MissingResponseRule = .standard, use: ResponseUse = .candidateScores,
    omittedAsIncorrect: Bool? = nil
  ) {
    self.method = method
    self.prior = prior
    self.quadraturePoints = quadraturePoints
    self.quadratureRange = quadratureRange
    self.bounds = bounds
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
    self.missingResponses = missingResponses
    self.use = use
    if let omittedAsIncorrect { self.omittedAsIncorrect = omittedAsIncorrect }
  }

  /// The EAP quadrature range for `prior`: its mean ± `bound` standard deviations, as
  /// calibration places its grid. A fixed [−6, 6] grid cuts off a wide prior's tail (with
  /// σ = 1.38 a perfect Rasch score's EAP was 0.001 too low) and wastes points on a narrow one.
  public static func quadratureRange(prior: LatentDistribution, bound: Double = 6) -> ClosedRange<Double> {
    (prior.mean - bound * prior.sd)...(prior.mean + bound * prior.sd)
  }
}

/// Why a θ estimate needs a note.
public enum ScoreFlag: String, Sendable, Hashable, CaseIterable {
  /// ML: every scored response correct; no finite MLE, θ reported at the upper fence.
  case allCorrect = "all-correct"
  /// ML: every scored response incorrect; no finite MLE, θ reported at the lower fence.
  case allIncorrect = "all-incorrect"
  /// ML/MAP: the maximum lies at a fence for another reason (e.g. a 3PL pattern).
  case atBound = "at-bound"
  /// No scored responses: EAP and MAP report the prior mean (SE = prior SD); ML reports none.
  case noResponses = "no-responses"
  /// Fisher scoring did not meet the tolerance within the iteration cap.
  case notConverged = "not-converged"
}

/// One candidate's score.
public struct ThetaEstimate: Sendable, Hashable {
  public var candidateID: String
  /// Number correct over all items in the response file (omits count 0).
  public var rawScore: Int
  /// Responses used for θ (answered items with parameters; plus omits when scored incorrect).
  public var itemsUsed: Int
  /// `nil` only for ML without responses.
  public var theta: Double?
  public var standardError: Double?
  public var flags: [ScoreFlag]
}

/// The result of ``ThetaScoring/score(_:parameters:options:)``.
public struct ScoringResult: Sendable, Hashable {
  public var estimates: [ThetaEstimate]
  /// Response-file items without parameters (not used for θ).
  public var itemsWithoutParameters: [String]
  public var options: ScoringOptions
  public var scalingConstant: Double
}

/// A problem that stops scoring (for example no item in common).
public struct ScoringError: DiagnosticError {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var diagnosticLocation: SourceLocation? { nil }
}

/// θ scores of candidates from item parameters.
///
/// Model: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))). Responses not presented, not reached
/// or (by default) omitted are ignored (ignorable missingness).
///
/// - EAP: θ̂ = Σₖ θₖ L(θₖ) wₖ / Σₖ L(θₖ) wₖ over the quadrature (wₖ ∝ prior density), SE the
///   posterior SD (Bock & Mislevy 1982). Likelihoods are summed in logs, so long tests do not
///   underflow.
/// - MAP and ML: the maximum of the log posterior (log likelihood + log N(μ, σ²) density) or the
///   log likelihood on the fence [lower, upper]: a grid search over the quadrature points
///   inside the fence gives the start, then Fisher scoring θ ← θ + ℓ′(θ) / 𝓘(θ) with
///   ℓ′ = Σ D·a·(x − P)(P − c) / (P(1 − c)) and 𝓘 = Σ item information (+ 1/σ² for MAP), halving
///   the step until the objective does not decrease. For 1PL/2PL Fisher scoring is Newton–Raphson
///   (observed = expected information).
/// - ML with all responses correct (incorrect): no finite maximum; θ is the upper (lower) fence,
///   flagged `all-correct` (`all-incorrect`), SE = 1/√𝓘 at the fence.
///
/// - Complexity: O(candidates × items × quadrature points) for EAP (additions of precomputed
///   log-probabilities), O(candidates × items × iterations) for ML/MAP; on all cores.
public enum ThetaScoring {
  public static func score(
    _ matrix: ResponseMatrix, parameters: ParameterFile, options: ScoringOptions = ScoringOptions()
  ) throws -> ScoringResult {
    let byID = Dictionary(parameters.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var columns: [Int] = []
    var items: [ItemParameters] = []
    var missing: [String] = []
    for (column, id) in matrix.itemIDs.enumerated() {
      if let item = byID[id] {
        columns.append(column)
        items.append(item)
      } else {
        missing.append(id)
      }
    }
    guard !items.isEmpty else {
      throw ScoringError("no item of the response file has parameters in the parameter file")
    }
    try validate(items)
    guard InputLimits.quadraturePoints.contains(options.quadraturePoints),
      options.quadratureRange.upperBound > options.quadratureRange.lowerBound,
      options.bounds.upperBound > options.bounds.lowerBound
    else {
      throw ScoringError(
        "invalid scoring settings: need 2 to \(InputLimits.quadraturePoints.upperBound) quadrature points and non-empty ranges"
      )
    }
    try validate(prior: options.prior, on: options.quadratureRange)
    let scorer = PatternScorer(items: items, scalingConstant: parameters.scalingConstant, options: options)
    let rawScores = ResponseScoring.numberCorrect(matrix)
    // The scoring rule: omits and not-reached responses it scores wrong become incorrect
    // answers; every other missing response is left out.
    let matrix = options.missingResponses.applied(to: matrix, for: options.use)
    let m = matrix.itemCount
    let n = matrix.candidateCount
    let blockSize = 1024
    let blocks = (0..<((n + blockSize - 1) / blockSize)).map { $0 * blockSize..<min(n, ($0 + 1) * blockSize) }
    let codes = matrix.codes
    let itemColumns = columns
    let parts: [[ThetaEstimate]] = blocks.concurrentMap { rows in
      var workspace = PatternScorer.Workspace(scorer: scorer)
      var used: [Int32] = []
      var correct: [Bool] = []
      return rows.map { i in
        used.removeAll(keepingCapacity: true)
        correct.removeAll(keepingCapacity: true)
        for (index, column) in itemColumns.enumerated() {
          let code = codes[i * m + column]
          if !ResponseCode.isMissing(code) {
            used.append(Int32(index))
            correct.append(code & 1 == 1)
          }
        }
        var estimate = scorer.estimate(items: used, correct: correct, workspace: &workspace)
        estimate.candidateID = matrix.candidateIDs[i]
        estimate.rawScore = rawScores[i]
        return estimate
      }
    }
    return ScoringResult(
      estimates: parts.flatMap { $0 }, itemsWithoutParameters: missing, options: options,
      scalingConstant: parameters.scalingConstant)
  }
}

extension ThetaScoring {
  /// Checks that every item has a > 0, a finite b and 0 ≤ c < 1.
  public static func validate(_ items: [ItemParameters]) throws {
    for item in items {
      if let problem = item.parameterProblem {
        throw ScoringError("item '\(item.id)' has unusable parameters: \(problem)")
      }
    }
  }

  /// Checks that a latent N(μ, σ²) has σ > 0 and mass on the quadrature range.
  public static func validate(prior: LatentDistribution, on range: ClosedRange<Double>) throws {
    guard prior.sd > 0, prior.sd.isFinite, prior.mean.isFinite else {
      throw ScoringError(
        "the latent distribution needs a finite mean and SD > 0 (got mean \(prior.mean), SD \(prior.sd))")
    }
    let nearest = min(max(prior.mean, range.lowerBound), range.upperBound)
    guard abs(nearest - prior.mean) / prior.sd < 30 else {
      throw ScoringError(
        "the latent mean \(prior.mean) lies far outside the quadrature range [\(range.lowerBound), \(range.upperBound)]"
      )
    }
  }
}

/// Scores single response patterns for a fixed item set: precomputed log P and log Q on the
/// quadrature, the prior, and the Fisher-scoring iteration.
struct PatternScorer: Sendable {
  let items: [ItemParameters]
  let D: Double
  let options: ScoringOptions
  let points: [Double]
  /// log of the normalised prior weights.
  let logWeights: [Double]
  /// `items × points`: log P and log(1 − P) of item j at point k at `j * K + k`.
  let logP: [Double]
  let logQ: [Double]

  init(items: [ItemParameters], scalingConstant: Double, options: ScoringOptions) {
    self.items = items
    self.D = scalingConstant
    self.options = options
    let quadrature = Quadrature.normal(
      count: options.quadraturePoints, lower: options.quadratureRange.lowerBound,
      upper: options.quadratureRange.upperBound, mean: options.prior.mean, sd: options.prior.sd)
    points = quadrature.points
    logWeights = quadrature.weights.map { $0 > 0 ? log($0) : -Double.greatestFiniteMagnitude }
    var logP: [Double] = []
    var logQ: [Double] = []
    logP.reserveCapacity(items.count * points.count)
    logQ.reserveCapacity(items.count * points.count)
    for item in items {
      for theta in quadrature.points {
        let (lp, lq) = Self.logProbabilities(item, theta: theta, D: scalingConstant)
        logP.append(lp)
        logQ.append(lq)
      }
    }
    self.logP = logP
    self.logQ = logQ
  }

  /// log P and log(1 − P), computed without cancellation:
  /// P = c + (1 − c)·σ(z), 1 − P = (1 − c)·σ(−z).
  /// An item with ``ItemParameters/modelParameters`` uses log P and log1p(−P) of its model.
  static func logProbabilities(_ item: ItemParameters, theta: Double, D: Double) -> (Double, Double) {
    if let function = item.modelParameters {
      let terms = function.logProbabilities(at: theta, scalingConstant: D)
      return (terms.logP, terms.logQ)
    }
    let z = D * item.a * (theta - item.b)
    let logSigmoid = -softplus(-z)
    let logSigmoidNegative = -softplus(z)
    let logQ = log1p(-item.c) + logSigmoidNegative
    let logP = item.c > 0 ? log(item.c + (1 - item.c) * exp(logSigmoid)) : logSigmoid
    return (logP, logQ)
  }

  /// log(1 + eˣ) without overflow.
  static func softplus(_ x: Double) -> Double { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }

  struct Workspace {
    var logPosterior: [Double]
    init(scorer: PatternScorer) { logPosterior = Array(repeating: 0, count: scorer.points.count) }
  }

  /// The estimate for one pattern: `items[k]` answered, `correct[k]` whether correctly.
  func estimate(items used: [Int32], correct: [Bool], workspace: inout Workspace) -> ThetaEstimate {
    var estimate = ThetaEstimate(
      candidateID: "", rawScore: 0, itemsUsed: used.count, theta: nil, standardError: nil, flags: [])
    if used.isEmpty {
      estimate.flags = [.noResponses]
      if options.method != .ml {
        estimate.theta = options.prior.mean
        estimate.standardError = options.prior.sd
      }
      return estimate
    }
    let K = points.count
    // Log likelihood (EAP, and the start for ML/MAP) on the quadrature.
    workspace.logPosterior.withUnsafeMutableBufferPointer { posterior in
      for k in 0..<K { posterior[k] = options.method == .ml ? 0 : logWeights[k] }
      guard let target = posterior.baseAddress else { return }
      logP.withUnsafeBufferPointer { logP in
        logQ.withUnsafeBufferPointer { logQ in
          guard let p = logP.baseAddress, let q = logQ.baseAddress else { return }
          for index in 0..<used.count {
            // Contiguous rows, no overflow checks: the loop vectorises.
            let source = (correct[index] ? p : q) + Int(used[index]) &* K
            for k in 0..<K { target[k] += source[k] }
          }
        }
      }
    }
    switch options.method {
    case .eap:
      let maximum = workspace.logPosterior.max() ?? 0
      var total = 0.0, first = 0.0
      for k in 0..<K {
        let weight = exp(workspace.logPosterior[k] - maximum)
        total += weight
        first += weight * points[k]
      }
      let mean = first / total
      var second = 0.0
      for k in 0..<K {
        let weight = exp(workspace.logPosterior[k] - maximum)
        second += weight * (points[k] - mean) * (points[k] - mean)
      }
      estimate.theta = mean
      estimate.standardError = (second / total).squareRoot()
    case .map, .ml:
      let isML = options.method == .ml
      let correctCount = correct.filter { $0 }.count
      let bounds = options.bounds
      if isML && (correctCount == used.count || correctCount == 0) {
        let theta = correctCount == 0 ? bounds.lowerBound : bounds.upperBound
        estimate.theta = theta
        let info = information(used, at: theta)
        estimate.standardError = info > 0 ? 1 / info.squareRoot() : nil
        estimate.flags = [correctCount == 0 ? .allIncorrect : .allCorrect]
        return estimate
      }
      // Start: the best quadrature point inside the fence (or the nearer fence).
      var start = min(max(0, bounds.lowerBound), bounds.upperBound)
      var best = -Double.infinity
      var bestIndex: Int?
      for k in 0..<K where bounds.contains(points[k]) && workspace.logPosterior[k] > best {
        best = workspace.logPosterior[k]
        start = points[k]
        bestIndex = k
      }
      // Refine by the parabola through the best point and its neighbours.
      if let k = bestIndex, k > 0, k + 1 < K {
        let left = workspace.logPosterior[k - 1], right = workspace.logPosterior[k + 1]
        let curvature = left - 2 * best + right
        if curvature < 0 {
          let h = points[k + 1] - points[k]
          let offset = max(-h, min(h, -0.5 * h * (right - left) / curvature))
          start = min(max(start + offset, bounds.lowerBound), bounds.upperBound)
        }
      }
      let result = maximize(used, correct: correct, from: start, bayesian: !isML)
      estimate.theta = result.theta
      let priorPrecision = isML ? 0 : 1 / (options.prior.sd * options.prior.sd)
      let info = information(used, at: result.theta) + priorPrecision
      estimate.standardError = info > 0 ? 1 / info.squareRoot() : nil
      if result.atBound { estimate.flags.append(.atBound) }
      if !result.converged { estimate.flags.append(.notConverged) }
    }
    return estimate
  }

  /// Test information Σ Iⱼ(θ) over the used items.
  func information(_ used: [Int32], at theta: Double) -> Double {
    used.reduce(0) { $0 + items[Int($1)].information(at: theta, scalingConstant: D) }
  }

  /// The objective (log likelihood, plus the log prior density for MAP), its derivative and
  /// the Fisher information.
  func objective(_ used: [Int32], correct: [Bool], at theta: Double, bayesian: Bool) -> (
    value: Double, gradient: Double, information: Double
  ) {
    var value = 0.0, gradient = 0.0, info = 0.0
    for (index, j) in used.enumerated() {
      let item = items[Int(j)]
      if let function = item.modelParameters {
        // Any dichotomous model: ℓ′ = P′·(x − P)/(P·Q), 𝓘 = P′²/(P·Q).
        let (p, derivative) = function.probabilityAndDerivative(at: theta, scalingConstant: D)
        let q = 1 - p
        if correct[index] {
          value += log(p)
          gradient += derivative / p
        } else {
          value += log(q)
          gradient -= derivative / q
        }
        info += p > 0 && q > 0 ? derivative * derivative / (p * q) : 0
        continue
      }
      // ψ = σ(z), P = c + (1 − c)ψ, Q = (1 − c)(1 − ψ) = (1 − c)·e^{−z}·ψ (no cancellation).
      let slope = D * item.a
      let z = max(-700, min(700, slope * (theta - item.b)))
      let e = exp(-z)
      let psi = 1 / (1 + e)
      let p = item.c + (1 - item.c) * psi
      let q = (1 - item.c) * e * psi
      // ℓ′ = D·a·(x − P)·ψ/P; 𝓘 = (D·a)²·(Q/P)·ψ², since (P − c)/(1 − c) = ψ.
      if correct[index] {
        value += log(p)
        gradient += slope * q * psi / p
      } else {
        value += log(q)
        gradient -= slope * psi
      }
      info += slope * slope * (q / p) * psi * psi
    }
    if bayesian {
      let sd = options.prior.sd
      let z = (theta - options.prior.mean) / sd
      value += -0.5 * z * z
      gradient += -z / sd
      info += 1 / (sd * sd)
    }
    return (value, gradient, info)
  }

  /// Fisher scoring with step halving inside the fence.
  func maximize(_ used: [Int32], correct: [Bool], from start: Double, bayesian: Bool) -> (
    theta: Double, converged: Bool, atBound: Bool
  ) {
    let bounds = options.bounds
    var theta = start
    var current = objective(used, correct: correct, at: theta, bayesian: bayesian)
    for _ in 0..<options.maximumIterations {
      guard current.information > 0 else { break }
      var step = current.gradient / current.information
      step = max(-1, min(1, step))  // at most one logit per iteration
      var candidate = min(max(theta + step, bounds.lowerBound), bounds.upperBound)
      if candidate == theta {
        // Pressing against a fence.
        return (theta, true, theta == bounds.lowerBound || theta == bounds.upperBound)
      }
      var next = objective(used, correct: correct, at: candidate, bayesian: bayesian)
      var halvings = 0
      while next.value < current.value - 1e-12 && halvings < 30 {
        step /= 2
        candidate = min(max(theta + step, bounds.lowerBound), bounds.upperBound)
        next = objective(used, correct: correct, at: candidate, bayesian: bayesian)
        halvings += 1
      }
      let change = abs(candidate - theta)
      theta = candidate
      current = next
      if change < options.tolerance {
        let atBound =
          (theta == bounds.lowerBound && current.gradient < 0)
          || (theta == bounds.upperBound && current.gradient > 0)
        return (theta, true, atBound)
      }
    }
    let atBound =
      (theta == bounds.lowerBound && current.gradient < 0) || (theta == bounds.upperBound && current.gradient > 0)
    return (theta, abs(current.gradient) < 1e-6, atBound)
  }
}
