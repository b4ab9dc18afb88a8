import Foundation
import ItemBenchCore

/// Everything that configures ``MixedFormatCalibrator/calibrate(_:models:options:)``.
public struct MixedFormatCalibrationOptions: Sendable {
  /// D in every item's formula. Default 1 (the logistic metric).
  public var scalingConstant: Double = 1
  /// The θ distribution the marginal likelihood integrates over; the latent distribution is
  /// held at it (the mean and SD of θ are not estimated, which identifies the scale). Default:
  /// 61 equally spaced points on [−6, 6] weighted by the N(0, 1) density, as `calibrate`.
  public var quadrature: Quadrature = .normal()
  /// Convergence: the largest absolute change of any item parameter in one EM step. Default 1e-6.
  public var tolerance: Double = 1e-6
  /// EM steps allowed (each SQUAREM evaluation counts as one). Default 5,000.
  public var maximumIterations: Int = 5000
  /// SQUAREM acceleration of the EM fixed point (``SquaremDriver``). Default on.
  public var accelerated: Bool = true
  /// The prior c ~ Beta(α, β) of every 3PL item. Default Beta(5, 17), as `calibrate`.
  public var guessingPrior: (alpha: Double, beta: Double) = (5, 17)
  /// Whether to compute standard errors (cross-product information). Default true.
  public var standardErrors: Bool = true
  /// The form, written to the parameter file.
  public var form: String?

  public init() {}
}

/// A mixed-format calibration: the parameters and how the EM ended.
public struct MixedFormatCalibrationResult: Sendable {
  public var parameters: MixedFormatParameterFile
  /// Σᵢ log Σ_q w_q·Lᵢ(θ_q) at the estimates (no prior terms).
  public var logLikelihood: Double
  public var converged: Bool
  public var iterations: Int
  /// Candidates with at least one response (the others carry no information and are skipped).
  public var candidateCount: Int
  /// Total number of estimated parameters.
  public var parameterCount: Int
  /// Non-convergence, slopes near their bound, singular information.
  public var warnings: [CalibrationWarning]
}

/// Marginal maximum-likelihood calibration (Bock & Aitkin 1981) of forms that mix dichotomous
/// (2PL, 3PL) and polytomous (GPCM, GRM) items.
///
/// Method:
/// - **E-step**: with log Pⱼₖ(θ_q) tabulated for every item, category and quadrature point,
///   each candidate's posterior over the points is wᵢ_q ∝ w_q·Πⱼ Pⱼ,xᵢⱼ(θ_q) (missing responses
///   skipped); the expected counts r̄ⱼₖ_q = Σᵢ [xᵢⱼ = k]·wᵢ_q are accumulated in fixed blocks of
///   candidates over the cores and added in block order, so results do not depend on the
///   scheduling. O(N·J·Q) per step.
/// - **M-step**: for each item, Fisher scoring on Σ_q Σₖ r̄ⱼₖ_q·log Pⱼₖ(θ_q) (+ the log Beta
///   prior of a 3PL's c): gradient Σ_q Σₖ r̄ⱼₖ_q·∂Pₖ/Pₖ, information Σ_q n̄ⱼ_q·Σₖ ∂Pₖ·∂Pₖᵀ/Pₖ
///   (n̄ⱼ_q = Σₖ r̄ⱼₖ_q), each step halved (at most 30 times) until it is admissible
///   (``MixedFormatItemKernel/isAdmissible(_:)``) and does not lower the objective; at most 10
///   steps, stopping when the largest step is below 1e-10.
/// - **Iteration**: the EM map driven by ``SquaremDriver`` (SQUAREM scheme S3 by default), the
///   objective being the log-likelihood plus the log priors; converged when no parameter moves
///   by more than ``MixedFormatCalibrationOptions/tolerance`` in one step.
/// - **Standard errors**: the inverse of the cross-product information Σᵢ sᵢ·sᵢᵀ, sᵢ the
///   gradient of candidate i's marginal log-likelihood, sᵢ = Σ_q wᵢ_q·Σⱼ ∂log Pⱼ,xᵢⱼ(θ_q), plus
///   the prior's curvature for c. O(N·(J·Q·p + P²)) for P parameters in all.
/// - **Starting values**: a = 1; 2PL/3PL b = −logit(p)/D from the proportion p scoring 1 (3PL
///   c = 0.2); GRM bₖ = −logit(P(X ≥ k))/D; GPCM bᵥ = log(nᵥ₋₁/nᵥ)/D from adjacent category
///   counts.
///
/// Throws ``CalibrationError`` for an item whose categories do not match its model (a GPCM or
/// GRM item needs at least three categories, 2PL/3PL items exactly two) or that has a score
/// category nobody reached (its threshold would go to ±∞: collapse the category first).
public enum MixedFormatCalibrator {
  public static func calibrate(
    _ responses: ScoredResponses, models: [MixedFormatItemModel], options: MixedFormatCalibrationOptions = .init()
  ) throws -> MixedFormatCalibrationResult {
    let problem = try MixedFormatEMProblem(responses: responses, models: models, options: options)
    return problem.run()
  }
}

/// The arrays and steps of one mixed-format EM.
struct MixedFormatEMProblem: Sendable {
  let responses: ScoredResponses
  let kernels: [MixedFormatItemKernel]
  let options: MixedFormatCalibrationOptions
  /// Offset of item j's block in the parameter vector.
  let parameterOffsets: [Int]
  /// Offset of item j's (category, point) block in the tables: entry (k, q) at offset + k·Q + q.
  let tableOffsets: [Int]
  let tableSize: Int
  let logWeights: [Double]
  let start: [Double]
  /// Candidates with at least one response.
  let activeCandidates: [Int]
  static let blockSize = 1024

  var pointCount: Int { options.quadrature.points.count }
  var parameterCount: Int { start.count }

  init(responses: ScoredResponses, models: [MixedFormatItemModel], options: MixedFormatCalibrationOptions) throws {
    let J = responses.itemCount
    guard models.count == J else {
      throw CalibrationError("expected a model for each of the \(J) items, found \(models.count)")
    }
    guard J > 0, responses.candidateCount > 0 else { throw CalibrationError("no responses to calibrate") }
    guard options.scalingConstant > 0, options.scalingConstant.isFinite else {
      throw CalibrationError("the scaling constant D must be a positive number")
    }
    guard options.tolerance > 0, options.maximumIterations > 0 else {
      throw CalibrationError("the tolerance and the iteration limit must be positive")
    }
    let frequencies = responses.categoryFrequencies()
    var kernels: [MixedFormatItemKernel] = []
    var start: [Double] = []
    var parameterOffsets: [Int] = []
    var tableOffsets: [Int] = []
    var tableSize = 0
    let D = options.scalingConstant
    for j in 0..<J {
      let id = responses.itemIDs[j]
      let model = models[j]
      let counts = frequencies[j]
      let total = counts.reduce(0, +)
      guard total > 0 else { throw CalibrationError("item '\(id)' has no responses") }
      let categories: Int
      if model.isPolytomous {
        guard counts.count >= 3 else {
          throw CalibrationError(
            "item '\(id)' is calibrated as \(model.rawValue) but its highest score is \(counts.count - 1); a polytomous item needs scores 0, 1 and 2 at least (use 2pl or 3pl for a dichotomous item)"
          )
        }
        categories = counts.count
      } else {
        guard counts.count <= 2 else {
          throw CalibrationError(
            "item '\(id)' is calibrated as \(model.rawValue) but has scores up to \(counts.count - 1); use gpcm or grm")
        }
        categories = 2
      }
      let padded = counts + [Int](repeating: 0, count: categories - counts.count)
      if let empty = padded.firstIndex(of: 0) {
        throw CalibrationError(
          "item '\(id)': no candidate has score \(empty), so its threshold cannot be estimated (it goes to ±∞); collapse the category into its neighbour or drop the item"
        )
      }
      let kernel = MixedFormatItemKernel(model: model, categoryCount: categories)
      kernels.append(kernel)
      parameterOffsets.append(start.count)
      tableOffsets.append(tableSize)
      tableSize += categories * options.quadrature.points.count
      func logit(_ p: Double) -> Double { log(p / (1 - p)) }
      let n = Double(total)
      switch model {
      case .twoPL, .threePL:
        let p = min(max(Double(padded[1]) / n, 0.02), 0.98)
        start += [1, -logit(p) / D]
        if model == .threePL { start.append(0.2) }
      case .grm:
        start.append(1)
        var atLeast = n
        for k in 1..<categories {
          atLeast -= Double(padded[k - 1])
          start.append(-logit(min(max(atLeast / n, 0.005), 0.995)) / D)
        }
      case .gpcm:
        start.append(1)
        for v in 1..<categories { start.append(log(Double(padded[v - 1]) / Double(padded[v])) / D) }
      }
    }
    var active: [Int] = []
    for i in 0..<responses.candidateCount {
      let row = responses.scores[(i * J)..<((i + 1) * J)]
      if row.contains(where: { $0 != ScoredResponses.missing }) { active.append(i) }
    }
    self.responses = responses
    self.kernels = kernels
    self.options = options
    self.parameterOffsets = parameterOffsets
    self.tableOffsets = tableOffsets
    self.tableSize = tableSize
    self.logWeights = options.quadrature.weights.map { log($0) }
    self.start = start
    self.activeCandidates = active
  }

  func slice(_ x: [Double], item j: Int) -> ArraySlice<Double> {
    x[parameterOffsets[j]..<(parameterOffsets[j] + kernels[j].parameterCount)]
  }

  /// log Pⱼₖ(θ_q) for every item, category and point (−∞ where Pⱼₖ underflows).
  func logProbabilityTable(_ x: [Double]) -> [Double] {
    var table = [Double](repeating: 0, count: tableSize)
    let Q = pointCount
    let points = options.quadrature.points
    var none: [Double] = []
    for j in kernels.indices {
      var probabilities = [Double](repeating: 0, count: kernels[j].categoryCount)
      let parameters = slice(x, item: j)
      for q in 0..<Q {
        kernels[j].evaluate(
          parameters, theta: points[q], D: options.scalingConstant, probabilities: &probabilities, gradients: &none,
          withGradients: false)
        for k in probabilities.indices { table[tableOffsets[j] + k * Q + q] = log(probabilities[k]) }
      }
    }
    return table
  }

  /// Candidate i's posterior over the quadrature points, wᵢ_q ∝ w_q·Πⱼ Pⱼ,xᵢⱼ(θ_q) (missing
  /// responses skipped), written to `posterior` (normalised to sum 1), and the log marginal
  /// likelihood log Σ_q w_q·Lᵢ(θ_q); nil when the likelihood is 0 at every point.
  func posterior(of i: Int, logTable: [Double], into posterior: inout [Double]) -> Double? {
    let J = responses.itemCount
    let Q = pointCount
    for q in 0..<Q { posterior[q] = logWeights[q] }
    for j in 0..<J {
      let score = responses.scores[i * J + j]
      guard score != ScoredResponses.missing else { continue }
      let base = tableOffsets[j] + Int(score) * Q
      for q in 0..<Q { posterior[q] += logTable[base + q] }
    }
    let top = posterior.max() ?? 0
    guard top.isFinite else { return nil }
    var total = 0.0
    for q in 0..<Q {
      posterior[q] = exp(posterior[q] - top)
      total += posterior[q]
    }
    for q in 0..<Q { posterior[q] /= total }
    return top + log(total)
  }

  /// One E-step: the expected counts r̄ⱼₖ_q (laid out as the table) and the log-likelihood.
  func expectedCounts(_ logTable: [Double]) -> (counts: [Double], logLikelihood: Double) {
    let blocks = stride(from: 0, to: activeCandidates.count, by: Self.blockSize).map { $0 }
    let J = responses.itemCount
    let Q = pointCount
    let partial: [([Double], Double)] = blocks.concurrentMap { first in
      var counts = [Double](repeating: 0, count: tableSize)
      var logLikelihood = 0.0
      var posterior = [Double](repeating: 0, count: Q)
      let last = min(first + Self.blockSize, activeCandidates.count)
      for index in first..<last {
        let i = activeCandidates[index]
        guard let marginal = self.posterior(of: i, logTable: logTable, into: &posterior) else {
          logLikelihood = -.infinity
          continue
        }
        logLikelihood += marginal
        for j in 0..<J {
          let score = responses.scores[i * J + j]
          guard score != ScoredResponses.missing else { continue }
          let base = tableOffsets[j] + Int(score) * Q
          for q in 0..<Q { counts[base + q] += posterior[q] }
        }
      }
      return (counts, logLikelihood)
    }
    var counts = [Double](repeating: 0, count: tableSize)
    var logLikelihood = 0.0
    for (blockCounts, blockLikelihood) in partial {
      for index in counts.indices { counts[index] += blockCounts[index] }
      logLikelihood += blockLikelihood
    }
    return (counts, logLikelihood)
  }

  /// log π(x): the Beta(α, β) guessing priors of the 3PL items.
  func logPrior(_ x: [Double]) -> Double {
    var total = 0.0
    let (alpha, beta) = options.guessingPrior
    for j in kernels.indices where kernels[j].model == .threePL {
      let c = x[parameterOffsets[j] + 2]
      total += (alpha - 1) * log(c) + (beta - 1) * log(1 - c)
    }
    return total
  }

  /// The M-step objective of item j and, when asked, its gradient and Fisher information.
  func itemObjective(
    _ parameters: ArraySlice<Double>, kernel: MixedFormatItemKernel, counts: ArraySlice<Double>, wantDerivatives: Bool
  ) -> (value: Double, gradient: [Double], information: [Double]) {
    let Q = pointCount
    let K = kernel.categoryCount
    let p = kernel.parameterCount
    var probabilities = [Double](repeating: 0, count: K)
    var gradients = [Double](repeating: 0, count: wantDerivatives ? K * p : 0)
    var value = 0.0
    var gradient = [Double](repeating: 0, count: wantDerivatives ? p : 0)
    var information = [Double](repeating: 0, count: wantDerivatives ? p * p : 0)
    let base = counts.startIndex
    for q in 0..<Q {
      kernel.evaluate(
        parameters, theta: options.quadrature.points[q], D: options.scalingConstant, probabilities: &probabilities,
        gradients: &gradients, withGradients: wantDerivatives)
      var n = 0.0
      for k in 0..<K {
        let r = counts[base + k * Q + q]
        n += r
        if r > 0 { value += r * log(probabilities[k]) }
      }
      guard wantDerivatives, n > 0 else { continue }
      for k in 0..<K where probabilities[k] > 0 {
        let r = counts[base + k * Q + q]
        let inverse = 1 / probabilities[k]
        for s in 0..<p {
          let gs = gradients[k * p + s]
          gradient[s] += r * gs * inverse
          let scaled = n * gs * inverse
          for t in 0...s { information[s * p + t] += scaled * gradients[k * p + t] }
        }
      }
    }
    if kernel.model == .threePL {
      let (alpha, beta) = options.guessingPrior
      let c = parameters[parameters.startIndex + 2]
      value += (alpha - 1) * log(c) + (beta - 1) * log(1 - c)
      if wantDerivatives {
        gradient[2] += (alpha - 1) / c - (beta - 1) / (1 - c)
        information[2 * p + 2] += (alpha - 1) / (c * c) + (beta - 1) / ((1 - c) * (1 - c))
      }
    }
    if wantDerivatives {
      for s in 0..<p { for t in 0..<s { information[t * p + s] = information[s * p + t] } }
    }
    return (value.isNaN ? -.infinity : value, gradient, information)
  }

  /// The M-step of item j from `parameters`.
  func maximise(item j: Int, from parameters: ArraySlice<Double>, counts: ArraySlice<Double>) -> [Double] {
    let kernel = kernels[j]
    let p = kernel.parameterCount
    var x = Array(parameters)
    for _ in 0..<10 {
      let current = itemObjective(x[...], kernel: kernel, counts: counts, wantDerivatives: true)
      let step = SymmetricMatrix.solveRegularised(current.information, current.gradient, count: p)
      var scale = 1.0
      var moved = false
      for _ in 0..<30 {
        let trial = (0..<p).map { x[$0] + scale * step[$0] }
        if kernel.isAdmissible(trial[...]) {
          let value = itemObjective(trial[...], kernel: kernel, counts: counts, wantDerivatives: false).value
          if value >= current.value {
            x = trial
            moved = true
            break
          }
        }
        scale /= 2
      }
      let largest = step.reduce(0) { max($0, abs($1)) } * scale
      if !moved || largest < 1e-10 { break }
    }
    return x
  }

  /// One EM step from x: the new parameters and the objective (log-likelihood + log prior) at x.
  func emStep(_ x: [Double]) -> (next: [Double], objective: Double) {
    let (counts, logLikelihood) = expectedCounts(logProbabilityTable(x))
    let blocks: [[Double]] = Array(kernels.indices).concurrentMap { j in
      let size = kernels[j].categoryCount * pointCount
      return maximise(
        item: j, from: slice(x, item: j), counts: counts[tableOffsets[j]..<(tableOffsets[j] + size)])
    }
    return (blocks.flatMap { $0 }, logLikelihood + logPrior(x))
  }

  /// Projects an extrapolated vector: items whose block is inadmissible keep the template's.
  func projected(_ x: [Double], template: [Double]) -> [Double] {
    var result = x
    for j in kernels.indices where !kernels[j].isAdmissible(slice(x, item: j)) {
      let range = parameterOffsets[j]..<(parameterOffsets[j] + kernels[j].parameterCount)
      result.replaceSubrange(range, with: template[range])
    }
    return result
  }

  /// The cross-product information Σᵢ sᵢ·sᵢᵀ (+ prior curvature), row-major P × P, at `x` with
  /// its log tables (``logProbabilityTable(_:)``).
  func crossProductInformation(_ x: [Double], logTable: [Double]) -> [Double] {
    let P = parameterCount
    let Q = pointCount
    let J = responses.itemCount
    // ∂log Pⱼₖ(θ_q)/∂x for every item, category and point: entry ((k·Q + q)·p + s) of item j's block.
    var scoreOffsets: [Int] = []
    var scoreTable: [Double] = []
    for j in kernels.indices {
      let kernel = kernels[j]
      let p = kernel.parameterCount
      scoreOffsets.append(scoreTable.count)
      var block = [Double](repeating: 0, count: kernel.categoryCount * Q * p)
      var probabilities = [Double](repeating: 0, count: kernel.categoryCount)
      var gradients = [Double](repeating: 0, count: kernel.categoryCount * p)
      for q in 0..<Q {
        kernel.evaluate(
          slice(x, item: j), theta: options.quadrature.points[q], D: options.scalingConstant,
          probabilities: &probabilities, gradients: &gradients, withGradients: true)
        for k in 0..<kernel.categoryCount where probabilities[k] > 0 {
          for s in 0..<p { block[(k * Q + q) * p + s] = gradients[k * p + s] / probabilities[k] }
        }
      }
      scoreTable += block
    }
    let blocks = stride(from: 0, to: activeCandidates.count, by: Self.blockSize).map { $0 }
    let scores = (offsets: scoreOffsets, table: scoreTable)
    let partial: [[Double]] = blocks.concurrentMap { first in
      var information = [Double](repeating: 0, count: P * P)
      var posterior = [Double](repeating: 0, count: Q)
      var score = [Double](repeating: 0, count: P)
      for index in first..<min(first + Self.blockSize, activeCandidates.count) {
        let i = activeCandidates[index]
        guard self.posterior(of: i, logTable: logTable, into: &posterior) != nil else { continue }
        for s in 0..<P { score[s] = 0 }
        for j in 0..<J {
          let value = responses.scores[i * J + j]
          guard value != ScoredResponses.missing else { continue }
          let p = kernels[j].parameterCount
          let offset = parameterOffsets[j]
          let base = scores.offsets[j] + Int(value) * Q * p
          for q in 0..<Q where posterior[q] > 0 {
            let w = posterior[q]
            for s in 0..<p { score[offset + s] += w * scores.table[base + q * p + s] }
          }
        }
        for s in 0..<P where score[s] != 0 {
          let row = s * P
          let value = score[s]
          for t in 0...s { information[row + t] += value * score[t] }
        }
      }
      return information
    }
    var information = [Double](repeating: 0, count: P * P)
    for block in partial { for index in information.indices { information[index] += block[index] } }
    let (alpha, beta) = options.guessingPrior
    for j in kernels.indices where kernels[j].model == .threePL {
      let index = parameterOffsets[j] + 2
      let c = x[index]
      information[index * P + index] += (alpha - 1) / (c * c) + (beta - 1) / ((1 - c) * (1 - c))
    }
    for s in 0..<P { for t in 0..<s { information[t * P + s] = information[s * P + t] } }
    return information
  }

  func run() -> MixedFormatCalibrationResult {
    let driver = SquaremDriver(
      tolerance: options.tolerance, maximumIterations: options.maximumIterations, accelerated: options.accelerated)
    let outcome = driver.run(
      from: start, step: emStep, vector: { $0 }, extrapolated: { projected($0, template: $1) })
    let x = outcome.state
    // The log tables at the estimates serve the final log-likelihood and the standard errors.
    let logTable = logProbabilityTable(x)
    let logLikelihood = expectedCounts(logTable).logLikelihood
    var warnings: [CalibrationWarning] = []
    if !outcome.converged {
      let j = parameterOffsets.lastIndex { $0 <= outcome.lastChangeIndex } ?? 0
      warnings.append(
        CalibrationWarning(
          itemID: responses.itemIDs[j],
          "EM did not converge in \(outcome.iterations) steps: the last step still moved a parameter of this item by \(formatDecimal(outcome.lastChange, places: 8)) (tolerance \(options.tolerance))"
        ))
    }
    for j in kernels.indices {
      let parameters = slice(x, item: j)
      if parameters[parameters.startIndex] > 10 {
        warnings.append(
          CalibrationWarning(
            itemID: responses.itemIDs[j],
            "slope a = \(formatDecimal(parameters[parameters.startIndex], places: 3)) is implausibly large (above 10); the item may separate the candidates perfectly"
          ))
      }
      if parameters[parameters.startIndex] < 0.2 {
        warnings.append(
          CalibrationWarning(
            itemID: responses.itemIDs[j],
            "slope a = \(formatDecimal(parameters[parameters.startIndex], places: 3)) is near 0: the item barely relates to what the others measure, or is keyed the other way (reverse its scores)"
          ))
      }
      if parameters.dropFirst().contains(where: { abs($0) > 10 }) {
        warnings.append(
          CalibrationWarning(
            itemID: responses.itemIDs[j], "a threshold lies beyond ±10 on the θ scale; the item is poorly determined"))
      }
    }
    var standardErrors = [Double?](repeating: nil, count: parameterCount)
    if options.standardErrors {
      if let inverse = SymmetricMatrix.inverse(crossProductInformation(x, logTable: logTable), count: parameterCount) {
        for s in 0..<parameterCount {
          let variance = inverse[s * parameterCount + s]
          standardErrors[s] = variance > 0 && variance.isFinite ? variance.squareRoot() : nil
        }
      } else {
        warnings.append(
          CalibrationWarning(
            itemID: nil, "the cross-product information is singular; standard errors are not reported"))
      }
    }
    let items = kernels.indices.map { j in
      let range = parameterOffsets[j]..<(parameterOffsets[j] + kernels[j].parameterCount)
      return kernels[j].item(
        id: responses.itemIDs[j], values: Array(x[range]), standardErrors: Array(standardErrors[range]))
    }
    let file = MixedFormatParameterFile(
      scalingConstant: options.scalingConstant, form: options.form, logLikelihood: logLikelihood,
      converged: outcome.converged, iterations: outcome.iterations, latent: LatentDistribution(), items: items)
    return MixedFormatCalibrationResult(
      parameters: file, logLikelihood: logLikelihood, converged: outcome.converged, iterations: outcome.iterations,
      candidateCount: activeCandidates.count, parameterCount: parameterCount, warnings: warnings)
  }
}
