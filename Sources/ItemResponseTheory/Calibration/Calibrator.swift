import Foundation
import ItemBenchCore

/// Marginal maximum-likelihood (or Bayes-modal, with priors) calibration of dichotomous items by
/// the EM algorithm of Bock & Aitkin (1981).
///
/// Parameterisation: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))), D = ``CalibrationOptions/scalingConstant``.
///
/// Method:
/// - Latent distribution θ ~ N(μ, σ²) on the quadrature θₖ = μ + σ·zₖ, zₖ equally spaced on
///   [−6, 6] (61 points by default), weights ∝ φ(zₖ). μ = 0, σ = 1 unless the model estimates σ
///   (Rasch) or items are held fixed (then μ and σ are both estimated).
/// - E-step: each distinct response pattern's posterior over the θₖ (see
///   ``ResponsePatterns/expectedCounts(tables:)``), giving expected counts rⱼₖ and nⱼₖ.
/// - M-step: for each item, Fisher scoring with step halving on
///   Σₖ rⱼₖ log Pⱼ(θₖ) + (nⱼₖ − rⱼₖ) log(1 − Pⱼ(θₖ)) + log π(ψⱼ) until the step is below 10⁻¹⁰
///   (parameters shared by all items, like the 1PL slope, are solved jointly through the Schur
///   complement of the block-arrow information matrix); then μ and σ (when estimated) become the
///   mean and SD of the posterior mass over the θₖ.
/// - Acceleration: SQUAREM by default (``EMAcceleration``).
/// - Convergence: the largest absolute change of any estimated parameter over one EM step is
///   below ``CalibrationOptions/tolerance`` (10⁻⁴), within ``CalibrationOptions/maximumIterations``.
/// - Standard errors: ``StandardErrorMethod``.
/// - Missing responses: ``CalibrationOptions/missingResponses`` decides, for item statistics,
///   which omitted and not-reached responses count as incorrect (default: omits incorrect,
///   not reached left out); every other missing response, and every not-presented one, is left
///   out of the likelihood.
/// - Log-likelihood: log L = Σᵢ log Σₖ wₖ Πⱼ P(xᵢⱼ | θₖ) at the estimates (responses left out
///   by the rule skipped); AIC = −2 log L + 2k, BIC = −2 log L + k log N with k estimated parameters and N
///   candidates.
///
/// - Complexity: per EM step O(patterns × listed items × points) for the E-step (the hot loop,
///   on all cores) and O(items × points × Fisher iterations) for the M-step.
public struct Calibrator: Sendable {
  public var model: any IRTModel
  public var options: CalibrationOptions

  public init(model: any IRTModel, options: CalibrationOptions = CalibrationOptions()) {
    self.model = model
    self.options = options
  }

  /// Calibrates the items of `responses`. Items without variance or responses are excluded
  /// (with a warning), as are candidates without responses.
  public func calibrate(_ responses: ResponseMatrix) throws -> CalibrationResult {
    let responses = options.missingResponses.applied(to: responses, for: .itemStatistics)
    var warnings: [CalibrationWarning] = []
    let D = options.scalingConstant
    guard D > 0, D.isFinite else { throw CalibrationError("the scaling constant D must be positive, got \(D)") }
    guard options.quadraturePoints >= 5, options.quadraturePoints <= InputLimits.quadraturePoints.upperBound else {
      throw CalibrationError(
        InputLimits.message(
          "the number of quadrature points", options.quadraturePoints, 5...InputLimits.quadraturePoints.upperBound))
    }
    guard options.tolerance > 0 else { throw CalibrationError("the tolerance must be positive") }

    // Fixed items.
    var fixedByID: [String: ItemParameters] = [:]
    for item in options.fixed { fixedByID[item.id] = item }
    let responseIDs = Set(responses.itemIDs)
    for item in options.fixed.sorted(by: { $0.id < $1.id }) where !responseIDs.contains(item.id) {
      warnings.append(CalibrationWarning(itemID: item.id, "held fixed but not in the response data; ignored"))
    }

    // Classical screening: which columns can be calibrated.
    var columns: [Int] = []
    var excluded: [String] = []
    let (answeredCounts, correctCounts) = Self.answeredAndCorrectCounts(responses)
    for column in 0..<responses.itemCount {
      let id = responses.itemIDs[column]
      let answered = answeredCounts[column]
      let correct = correctCounts[column]
      if fixedByID[id] != nil {
        if answered > 0 { columns.append(column) }
        continue
      }
      if answered == 0 {
        warnings.append(CalibrationWarning(itemID: id, "no responses; excluded from the calibration and the output"))
        excluded.append(id)
      } else if correct == answered || correct == 0 {
        let what = correct == 0 ? "incorrect" : "correct"
        warnings.append(
          CalibrationWarning(
            itemID: id,
            "all \(answered) responses are \(what), so its parameters cannot be estimated; excluded from the calibration and the output"
          ))
        excluded.append(id)
      } else {
        columns.append(column)
      }
    }
    let freeCount = columns.filter { fixedByID[responses.itemIDs[$0]] == nil }.count
    guard !columns.isEmpty else {
      throw CalibrationError("no item can be calibrated (every item lacks responses or variance)")
    }

    var emptyRows: [Int] = []
    let patterns = ResponsePatterns(responses: responses, columns: columns, emptyRows: &emptyRows)
    if !emptyRows.isEmpty {
      let first = responses.candidateIDs[emptyRows[0]]
      warnings.append(
        CalibrationWarning(
          itemID: nil,
          "\(emptyRows.count) candidate\(emptyRows.count == 1 ? " has" : "s have") no responses to the calibrated items (first: '\(first)'); excluded"
        ))
    }
    guard patterns.candidateCount > 0 else {
      throw CalibrationError("no candidate has a response to a calibrated item")
    }
    let candidateCount = Int(patterns.candidateCount)
    if candidateCount < model.minimumCandidates {
      warnings.append(
        CalibrationWarning(
          itemID: nil,
          "\(model.name.uppercased()) with only \(candidateCount) candidates (fewer than \(model.minimumCandidates)): \(model.smallSampleNote)"
        ))
    }

    let ids = columns.map { responses.itemIDs[$0] }
    let problem = EMProblem(
      model: model, options: options, patterns: patterns, itemIDs: ids,
      fixed: ids.map { fixedByID[$0] }, hasFixed: freeCount < ids.count)
    var result = problem.run(warnings: &warnings)
    result.excludedItems = excluded
    result.warnings = warnings
    return result
  }
}

extension Calibrator {
  /// Per column: the answered responses and the correct ones, counted in candidate blocks on
  /// all cores (integer counts: the result does not depend on the split).
  ///
  /// - Complexity: O(candidates × items).
  static func answeredAndCorrectCounts(_ responses: ResponseMatrix) -> (answered: [Int], correct: [Int]) {
    let width = responses.itemCount
    let candidates = responses.candidateCount
    let blocks = max(1, min(16, candidates / 4096))
    let partial = Array(0..<blocks).concurrentMap { block -> [Int] in
      var counts = [Int](repeating: 0, count: 2 * width)
      responses.codes.withUnsafeBufferPointer { codes in
        counts.withUnsafeMutableBufferPointer { counts in
          for candidate in (candidates * block / blocks)..<(candidates * (block + 1) / blocks) {
            let base = candidate * width
            for column in 0..<width {
              let code = codes[base + column]
              let answered = code < 0xFD ? 1 : 0
              counts[column] &+= answered
              counts[width + column] &+= answered & Int(code & 1)
            }
          }
        }
      }
      return counts
    }
    var answered = [Int](repeating: 0, count: width)
    var correct = answered
    for counts in partial {
      for column in 0..<width {
        answered[column] += counts[column]
        correct[column] += counts[width + column]
      }
    }
    return (answered, correct)
  }
}

/// One calibration problem: data, layout of the free parameter vector, EM and standard errors.
final class EMProblem: @unchecked Sendable {
  let model: any IRTModel
  let options: CalibrationOptions
  let patterns: ResponsePatterns
  let itemIDs: [String]
  let fixed: [ItemParameters?]
  let D: Double
  let z: [Double]
  let weights: [Double]
  let K: Int
  let J: Int
  /// Where each estimated quantity sits in the free vector (see ``CalibrationLayout``).
  let layout: CalibrationLayout
  var p: Int { layout.p }
  var shared: [Int] { layout.shared }
  var own: [Int] { layout.own }
  var freeItems: [Int] { layout.freeItems }
  var estimateMean: Bool { layout.estimateMean }
  var estimateSD: Bool { layout.estimateSD }
  var dimension: Int { layout.dimension }

  typealias State = CalibrationState

  init(
    model: any IRTModel, options: CalibrationOptions, patterns: ResponsePatterns, itemIDs: [String],
    fixed: [ItemParameters?], hasFixed: Bool
  ) {
    self.model = model
    self.options = options
    self.patterns = patterns
    self.itemIDs = itemIDs
    self.fixed = fixed
    D = options.scalingConstant
    let quadrature = Quadrature.normal(
      count: options.quadraturePoints, lower: options.quadratureRange.lowerBound,
      upper: options.quadratureRange.upperBound)
    z = quadrature.points
    weights = quadrature.weights
    K = z.count
    J = itemIDs.count
    layout = CalibrationLayout(
      model: model, free: (0..<itemIDs.count).filter { fixed[$0] == nil }, itemCount: itemIDs.count,
      estimateMean: hasFixed, estimateSD: hasFixed || model.estimatesLatentSD)
  }

  // MARK: Layout

  func pack(_ state: State) -> [Double] { layout.pack(state) }

  func unpack(_ x: [Double], into template: State) -> State { layout.unpack(x, into: template) }

  /// Projects a state into the admissible region (used after extrapolation).
  func project(_ state: State) -> State {
    var state = state
    for j in freeItems { model.clamp(&state.vectors[j]) }
    if let first = freeItems.first {
      for index in shared { for j in freeItems { state.vectors[j][index] = state.vectors[first][index] } }
    }
    state.sd = min(max(state.sd, 0.05), 20)
    state.mean = min(max(state.mean, -10), 10)
    return state
  }

  /// The name of component `index` of the free vector, for messages.
  func describe(component index: Int) -> (item: String?, parameter: String) {
    layout.describe(component: index, itemIDs: itemIDs, parameterNames: model.parameterNames)
  }

  // MARK: Probabilities and E-step

  func thetas(_ state: State) -> [Double] { z.map { state.mean + state.sd * $0 } }

  /// Pⱼₖ and ∂Pⱼₖ/∂θ for all items.
  func probabilities(_ state: State) -> (p: [Double], dTheta: [Double]) {
    let theta = thetas(state)
    var probabilities = [Double](repeating: 0, count: J * K)
    var derivatives = probabilities
    var gradient = [Double](repeating: 0, count: p)
    for j in 0..<J {
      if let item = fixed[j], let function = item.modelParameters {
        for k in 0..<K {
          let value = function.probabilityAndDerivative(at: theta[k], scalingConstant: D)
          probabilities[j * K + k] = value.probability
          derivatives[j * K + k] = value.derivative
        }
      } else if let item = fixed[j] {
        for k in 0..<K {
          let l = 1 / (1 + exp(-D * item.a * (theta[k] - item.b)))
          probabilities[j * K + k] = item.c + (1 - item.c) * l
          derivatives[j * K + k] = (1 - item.c) * D * item.a * l * (1 - l)
        }
      } else {
        for k in 0..<K {
          let value = model.evaluate(
            theta: theta[k], parameters: state.vectors[j], scalingConstant: D, gradient: &gradient)
          probabilities[j * K + k] = value.probability
          derivatives[j * K + k] = value.thetaDerivative
        }
      }
    }
    return (probabilities, derivatives)
  }

  /// Posterior windows carried from one E-step to the next (EM iterations only).
  lazy var windows = PosteriorWindows(patternCount: patterns.patternCount)

  /// The E-step at `state`; `reuseWindows` restricts each pattern's likelihood row to its last
  /// posterior window (verified; see ``PosteriorWindows``).
  func eStep(_ state: State, reuseWindows: Bool = false) -> ExpectedCounts {
    let tables = LogTables(probabilities: probabilities(state).p, itemCount: J, weights: weights)
    return patterns.expectedCounts(tables: tables, windows: reuseWindows ? windows : nil)
  }

  /// log π summed over free items (a shared parameter's prior is the model's business: see
  /// ``ItemPriors``).
  func logPrior(_ state: State) -> Double {
    var gradient = [Double](repeating: 0, count: p)
    var hessian = [Double](repeating: 0, count: p * p)
    var total = 0.0
    for j in freeItems { total += model.logPrior(state.vectors[j], gradient: &gradient, hessian: &hessian) }
    return total
  }

  // MARK: M-step

  /// The M-step's per-item maximiser (see ``ItemFisherScoring``).
  var fisherScoring: ItemFisherScoring { ItemFisherScoring(model: model, scalingConstant: D) }

  func itemStatistics(_ vector: [Double], r: ArraySlice<Double>, n: ArraySlice<Double>, theta: [Double]) -> (
    value: Double, gradient: [Double], information: [Double]
  ) {
    fisherScoring.statistics(vector, r: r, n: n, theta: theta)
  }

  func maximiseItem(_ start: [Double], r: ArraySlice<Double>, n: ArraySlice<Double>, theta: [Double]) -> [Double] {
    fisherScoring.maximise(from: start, r: r, n: n, theta: theta)
  }

  /// Joint Fisher scoring when items share parameters (block-arrow information, Schur complement).
  func maximiseShared(_ state: State, counts: ExpectedCounts, theta: [Double]) -> State {
    var state = state
    let s = shared.count
    let o = own.count
    func total(_ state: State) -> (value: Double, stats: [(value: Double, gradient: [Double], information: [Double])]) {
      var value = 0.0
      var stats: [(value: Double, gradient: [Double], information: [Double])] = []
      for j in freeItems {
        let item = itemStatistics(
          state.vectors[j], r: counts.r[(j * K)..<((j + 1) * K)], n: counts.n[(j * K)..<((j + 1) * K)], theta: theta)
        value += item.value
        stats.append(item)
      }
      return (value, stats)
    }
    var current = total(state)
    for _ in 0..<60 {
      var schur = [Double](repeating: 0, count: s * s)
      var rhs = [Double](repeating: 0, count: s)
      var ownInverse: [[Double]] = []
      for stat in current.stats {
        let info = stat.information
        for a in 0..<s {
          rhs[a] += stat.gradient[shared[a]]
          for b in 0..<s { schur[a * s + b] += info[shared[a] * p + shared[b]] }
        }
        var oo = [Double](repeating: 0, count: o * o)
        for a in 0..<o { for b in 0..<o { oo[a * o + b] = info[own[a] * p + own[b]] } }
        let inv: [Double]
        if let inverse = SymmetricMatrix.inverse(oo, count: o) {
          inv = inverse
        } else {
          // A singular own block: a ridge of 10⁻⁶ of each diagonal (at least 10⁻⁶), else no step.
          for a in 0..<o { oo[a * o + a] += 1e-6 * max(1, abs(oo[a * o + a])) }
          inv = SymmetricMatrix.inverse(oo, count: o) ?? [Double](repeating: 0, count: o * o)
        }
        ownInverse.append(inv)
        // schur -= I_so inv I_os; rhs -= I_so inv g_o
        for a in 0..<s {
          for b in 0..<o {
            var sum = 0.0
            for c in 0..<o { sum += info[shared[a] * p + own[c]] * inv[c * o + b] }
            for e in 0..<s { schur[a * s + e] -= sum * info[own[b] * p + shared[e]] }
            rhs[a] -= sum * stat.gradient[own[b]]
          }
        }
      }
      let sharedStep = SymmetricMatrix.solveRegularised(schur, rhs, count: s)
      var steps: [[Double]] = []
      for (index, stat) in current.stats.enumerated() {
        var step = [Double](repeating: 0, count: p)
        for a in 0..<s { step[shared[a]] = sharedStep[a] }
        let inv = ownInverse[index]
        for a in 0..<o {
          var sum = 0.0
          for b in 0..<o {
            var g = stat.gradient[own[b]]
            for e in 0..<s { g -= stat.information[own[b] * p + shared[e]] * sharedStep[e] }
            sum += inv[a * o + b] * g
          }
          step[own[a]] = sum
        }
        steps.append(step)
      }
      var t = 1.0
      var accepted = false
      var candidate = state
      var next = current
      for _ in 0..<40 {
        candidate = state
        for (index, j) in freeItems.enumerated() {
          candidate.vectors[j] = zip(state.vectors[j], steps[index]).map { $0 + t * $1 }
          model.clamp(&candidate.vectors[j])
        }
        if let first = freeItems.first {
          for index in shared { for j in freeItems { candidate.vectors[j][index] = candidate.vectors[first][index] } }
        }
        next = total(candidate)
        if next.value >= current.value - 1e-12 * abs(current.value) {
          accepted = true
          break
        }
        t *= 0.5
      }
      if !accepted { break }
      var change = 0.0
      for j in freeItems {
        change = max(change, zip(candidate.vectors[j], state.vectors[j]).map { abs($0 - $1) }.max() ?? 0)
      }
      state = candidate
      current = next
      if change < 1e-10 { break }
    }
    return state
  }

  func mStep(_ state: State, counts: ExpectedCounts) -> State {
    let theta = thetas(state)
    var next = state
    if shared.isEmpty || freeItems.isEmpty {
      let updated = freeItems.concurrentMap { j in
        self.maximiseItem(
          state.vectors[j], r: counts.r[(j * self.K)..<((j + 1) * self.K)],
          n: counts.n[(j * self.K)..<((j + 1) * self.K)], theta: theta)
      }
      for (index, j) in freeItems.enumerated() { next.vectors[j] = updated[index] }
    } else {
      next = maximiseShared(state, counts: counts, theta: theta)
    }
    if estimateMean || estimateSD {
      let mass = counts.total.reduce(0, +)
      var mean = 0.0
      for k in 0..<K { mean += counts.total[k] * theta[k] }
      mean /= mass
      if !estimateMean { mean = state.mean }
      var variance = 0.0
      for k in 0..<K { variance += counts.total[k] * (theta[k] - mean) * (theta[k] - mean) }
      variance /= mass
      next.mean = mean
      if estimateSD { next.sd = min(max(variance.squareRoot(), 0.05), 20) }
    }
    return next
  }

  // MARK: Starting values

  func initialState() -> State {
    // Proportion correct and item–rest point-biserial from the patterns.
    let weightsSum = patterns.weights
    var answered = [Double](repeating: 0, count: J)
    var correct = [Double](repeating: 0, count: J)
    var sxy = [Double](repeating: 0, count: J)
    var sy = [Double](repeating: 0, count: J)
    var syy = [Double](repeating: 0, count: J)
    for i in 0..<patterns.patternCount {
      let f = weightsSum[i]
      let row = patterns.rows[(i * J)..<((i + 1) * J)]
      var total = 0.0
      var count = 0.0
      for value in row where value < 2 {
        total += Double(value)
        count += 1
      }
      for (j, value) in row.enumerated() where value < 2 {
        let x = Double(value)
        // Rest score as a proportion of the other answered items (robust to missing by design).
        let rest = count > 1 ? (total - x) / (count - 1) : 0
        answered[j] += f
        correct[j] += f * x
        sxy[j] += f * x * rest
        sy[j] += f * rest
        syy[j] += f * rest * rest
      }
    }
    var vectors: [[Double]] = []
    for j in 0..<J {
      if let item = fixed[j] {
        vectors.append(item.modelParameters?.values ?? [item.a, item.b, item.c])
        continue
      }
      let n = max(answered[j], 1)
      let pj = correct[j] / n
      let meanRest = sy[j] / n
      let covariance = sxy[j] / n - pj * meanRest
      let varianceRest = max(syy[j] / n - meanRest * meanRest, 1e-12)
      let pointBiserial = covariance / (varianceRest * max(pj * (1 - pj), 1e-12)).squareRoot()
      let pc = min(max(pj, 0.01), 0.99)
      let ordinate = exp(-0.5 * pow(NormalDistribution.quantile(pc), 2)) / (2 * Double.pi).squareRoot()
      let biserial = pointBiserial * (pc * (1 - pc)).squareRoot() / ordinate
      var vector = model.startingValues(proportionCorrect: pj, biserial: biserial, scalingConstant: D)
      model.clamp(&vector)
      vectors.append(vector)
    }
    var state = State(vectors: vectors, mean: 0, sd: 1)
    if let first = freeItems.first, !shared.isEmpty {
      // Shared parameters start at their average over items.
      for index in shared {
        let average = freeItems.map { state.vectors[$0][index] }.reduce(0, +) / Double(freeItems.count)
        for j in freeItems { state.vectors[j][index] = average }
      }
      _ = first
    }
    return state
  }

  // MARK: EM driver

  func run(warnings: inout [CalibrationWarning]) -> CalibrationResult {
    let clock = ContinuousClock()
    let started = clock.now
    let progress = options.progress
    var latestLogLikelihood = 0.0
    let driver = SquaremDriver(
      tolerance: options.tolerance, maximumIterations: options.maximumIterations,
      accelerated: options.acceleration != .none)
    // One EM step from a state: the next state and the log-posterior at the state.
    let outcome =
      dimension == 0
      ? SquaremDriver.Outcome(
        state: initialState(), converged: true, iterations: 0, lastChange: .infinity, lastChangeIndex: 0)
      : driver.run(
        from: initialState(),
        step: { state in
          let counts = eStep(state, reuseWindows: true)
          latestLogLikelihood = counts.logLikelihood
          return (mStep(state, counts: counts), counts.logLikelihood + logPrior(state))
        },
        vector: pack,
        extrapolated: { numbers, template in project(unpack(numbers, into: template)) },
        observe: { iteration, change in
          progress?(
            CalibrationProgress(iteration: iteration, logLikelihood: latestLogLikelihood, largestChange: change))
        })
    let state = outcome.state
    let iterations = outcome.iterations
    let converged = outcome.converged
    let lastChange = outcome.lastChange
    let lastChangeIndex = outcome.lastChangeIndex

    if !converged {
      let what = describe(component: lastChangeIndex)
      let change = formatDecimal(lastChange, places: 6)
      warnings.append(
        CalibrationWarning(
          itemID: what.item,
          "EM did not converge in \(iterations) iterations (largest change \(change) in \(what.parameter), tolerance \(options.tolerance)); the estimates are those of the last iteration"
        ))
    }

    // Final log-likelihood at the estimates.
    let finalCounts = eStep(state)
    let logLikelihood = finalCounts.logLikelihood
    let logPosterior = logLikelihood + logPrior(state)

    // Bounds.
    for j in freeItems {
      for message in model.boundWarnings(state.vectors[j]) {
        warnings.append(CalibrationWarning(itemID: itemIDs[j], message))
      }
    }

    let emFinished = clock.now
    // Standard errors.
    var method = options.standardErrors
    if method == .automatic {
      let cost = 2.0 * Double(dimension) * Double(patterns.patternCount) * Double(J)
      method = cost <= 2e8 ? .observed : .crossProduct
    }
    var covariance: [Double]? = nil
    if dimension > 0 && method != .none {
      let information: [Double]
      switch method {
      case .observed: information = louisInformation(state)
      default: information = crossProductInformation(state)
      }
      covariance = SymmetricMatrix.inverse(information, count: dimension)
      if covariance == nil {
        warnings.append(
          CalibrationWarning(
            itemID: nil,
            "the information matrix is not positive definite (the model is not identified by these data); standard errors omitted"
          ))
        method = .none
      }
    } else if dimension == 0 {
      method = .none
    }

    // Assemble the parameter file.
    var items: [ItemParameters] = []
    for j in 0..<J {
      if let item = fixed[j] {
        items.append(
          ItemParameters(
            id: item.id, a: item.a, b: item.b, c: item.c,
            modelParameters: item.modelParameters.map { ModelParameters(model: $0.model, values: $0.values) }))
        continue
      }
      var itemCovariance: [Double]? = nil
      if let covariance, let position = freeItems.firstIndex(of: j) {
        let indices = layout.components(ofFreeItem: position)
        var block = [Double](repeating: 0, count: p * p)
        for a in 0..<p {
          for b in 0..<p {
            block[a * p + b] = max(covariance[indices[a] * dimension + indices[b]], a == b ? 0 : -Double.infinity)
          }
        }
        itemCovariance = block
      }
      var item = model.itemParameters(id: itemIDs[j], vector: state.vectors[j], covariance: itemCovariance)
      item.covariance = itemCovariance.flatMap { ParameterCovariance(block: $0, names: model.parameterNames) }
      if !model.isLogisticFamily && item.modelParameters == nil {
        // The model's own response function travels with the item to scoring, linking and tables.
        let standardErrors = (0..<p).map { index in itemCovariance.map { $0[index * p + index].squareRoot() } }
        item.modelParameters = ModelParameters(model: model, values: state.vectors[j], standardErrors: standardErrors)
      }
      items.append(item)
    }
    var meanSE: Double? = nil
    var sdSE: Double? = nil
    if let covariance {
      meanSE = layout.meanComponent.map { covariance[$0 * dimension + $0].squareRoot() }
      sdSE = layout.sdComponent.map { covariance[$0 * dimension + $0].squareRoot() }
    }
    let k = Double(dimension)
    let n = patterns.candidateCount
    let file = ParameterFile(
      model: model.name, scalingConstant: D, logLikelihood: logLikelihood,
      aic: -2 * logLikelihood + 2 * k, bic: -2 * logLikelihood + k * log(n), converged: converged,
      iterations: iterations, latent: LatentDistribution(mean: state.mean, sd: state.sd), items: items)
    return CalibrationResult(
      parameters: file, warnings: [], standardErrorMethod: method, latentMeanStandardError: meanSE,
      latentSDStandardError: sdSE, logPosterior: logPosterior, parameterCount: dimension,
      candidateCount: Int(n), patternCount: patterns.patternCount, excludedItems: [],
      emSeconds: seconds(emFinished - started), standardErrorSeconds: seconds(clock.now - emFinished))
  }

  // MARK: Standard errors

  func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) * 1e-18
  }

  /// The gradient of log L + log π with respect to the free vector at `state` (Fisher's
  /// identity: expected complete-data score under the posterior).
  func score(_ state: State) -> [Double] {
    let counts = eStep(state)
    let theta = thetas(state)
    var g = [Double](repeating: 0, count: dimension)
    let ownTotal = freeItems.count * own.count
    for (position, j) in freeItems.enumerated() {
      let stats = itemStatistics(
        state.vectors[j], r: counts.r[(j * K)..<((j + 1) * K)], n: counts.n[(j * K)..<((j + 1) * K)], theta: theta)
      for (o, index) in own.enumerated() { g[position * own.count + o] = stats.gradient[index] }
      for (s, index) in shared.enumerated() { g[ownTotal + s] += stats.gradient[index] }
    }
    if estimateMean || estimateSD {
      let (probabilities, derivatives) = self.probabilities(state)
      var dMean = 0.0
      var dSD = 0.0
      for j in 0..<J {
        for k in 0..<K {
          let index = j * K + k
          let prob = min(max(probabilities[index], 1e-15), 1 - 1e-15)
          let term = (counts.r[index] - counts.n[index] * prob) / (prob * (1 - prob)) * derivatives[index]
          dMean += term
          dSD += term * z[k]
        }
      }
      if let component = layout.meanComponent { g[component] = dMean }
      if let component = layout.sdComponent { g[component] = dSD }
    }
    return g
  }

  /// −∂²(log L + log π) by central differences of ``score(_:)``: two E-steps per parameter.
  /// The engine uses ``louisInformation(_:)``, the same matrix without the E-steps; this one
  /// is the independent check of it in the tests.
  func observedInformationByDifferences(_ state: State) -> [Double] {
    let x = pack(state)
    let n = dimension
    var hessian = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      let h = 1e-4 * max(1, abs(x[i]))
      var plus = x
      plus[i] += h
      var minus = x
      minus[i] -= h
      let gPlus = score(unpack(plus, into: state))
      let gMinus = score(unpack(minus, into: state))
      for j in 0..<n { hessian[j * n + i] = (gPlus[j] - gMinus[j]) / (2 * h) }
    }
    var information = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { information[i * n + j] = -0.5 * (hessian[i * n + j] + hessian[j * n + i]) }
    }
    return information
  }
}
