import Foundation

/// The M-step for one item: maximises the expected complete-data log-posterior of the item's
/// parameter vector ψ given the E-step's expected counts rₖ (correct) and nₖ (answered) at the
/// quadrature points, by Fisher scoring.
struct ItemFisherScoring: Sendable {
  let model: any IRTModel
  let scalingConstant: Double
  /// At most this many scoring iterations per M-step.
  static let iterations = 60
  /// At most this many halvings of a step that does not raise ℓ (2⁻⁴⁰ ≈ 10⁻¹²).
  static let halvings = 40
  /// Converged when no parameter moves more than this in one iteration.
  static let parameterTolerance = 1e-10

  init(model: any IRTModel, scalingConstant: Double) {
    self.model = model
    self.scalingConstant = scalingConstant
  }

  var p: Int { model.parameterNames.count }

  /// The expected complete-data log-posterior of one item at `vector`, its gradient and its
  /// Fisher information (p × p, row-major): with Pₖ clamped to [10⁻¹⁵, 1 − 10⁻¹⁵],
  ///
  ///     ℓ = Σₖ rₖ log Pₖ + (nₖ − rₖ) log Qₖ + log π(ψ)
  ///     ∇ℓ = Σₖ (rₖ − nₖPₖ)/(PₖQₖ) ∂Pₖ/∂ψ + ∇log π
  ///     𝓘 = Σₖ nₖ/(PₖQₖ) ∂Pₖ/∂ψ ∂Pₖ/∂ψᵀ − ∇²log π
  ///
  /// over the quadrature points θₖ with nₖ > 0. O(K·p²).
  func statistics(_ vector: [Double], r: ArraySlice<Double>, n: ArraySlice<Double>, theta: [Double]) -> (
    value: Double, gradient: [Double], information: [Double]
  ) {
    var gradient = [Double](repeating: 0, count: p)
    var information = [Double](repeating: 0, count: p * p)
    var dP = [Double](repeating: 0, count: p)
    var value = 0.0
    var rIndex = r.startIndex
    var nIndex = n.startIndex
    for k in 0..<theta.count {
      let rk = r[rIndex]
      let nk = n[nIndex]
      rIndex += 1
      nIndex += 1
      if nk <= 0 { continue }
      let evaluated = model.evaluate(
        theta: theta[k], parameters: vector, scalingConstant: scalingConstant, gradient: &dP)
      let prob = min(max(evaluated.probability, 1e-15), 1 - 1e-15)
      let q = 1 - prob
      value += rk * log(prob) + (nk - rk) * log(q)
      let w = 1 / (prob * q)
      let residual = (rk - nk * prob) * w
      for a in 0..<p {
        gradient[a] += residual * dP[a]
        let scaled = nk * w * dP[a]
        for b in 0...a { information[a * p + b] += scaled * dP[b] }
      }
    }
    var priorHessian = [Double](repeating: 0, count: p * p)
    value += model.logPrior(vector, gradient: &gradient, hessian: &priorHessian)
    for a in 0..<p {
      for b in 0...a {
        information[a * p + b] -= priorHessian[a * p + b]
        information[b * p + a] = information[a * p + b]
      }
    }
    return (value, gradient, information)
  }

  /// Fisher scoring with step halving for one item (no shared parameters), from `start`.
  ///
  /// Each iteration solves 𝓘·δ = ∇ℓ (``SymmetricMatrix/solveRegularised(_:_:count:)``); a
  /// parameter on a bound of ``IRTModel/clamp(_:)`` that δ pushes outward is held there and δ
  /// re-solved for the rest (projected Newton); then δ is halved up to ``halvings`` times until
  /// ℓ(ψ + tδ) ≥ ℓ(ψ) − 10⁻¹²·|ℓ(ψ)| (no ascent within rounding stops the item). Stops when
  /// the largest change is below ``parameterTolerance`` or after ``iterations`` iterations: the
  /// M-step need not be exact, since EM only needs each step to raise the objective.
  func maximise(from start: [Double], r: ArraySlice<Double>, n: ArraySlice<Double>, theta: [Double]) -> [Double] {
    var psi = start
    var current = statistics(psi, r: r, n: n, theta: theta)
    for _ in 0..<Self.iterations {
      var step = SymmetricMatrix.solveRegularised(current.information, current.gradient, count: p)
      // Active set: a parameter sitting on a bound that the step pushes outward is held there
      // and the step re-solved for the others (projected Newton).
      var probe = zip(psi, step).map { $0 + $1 }
      model.clamp(&probe)
      var active: [Int] = []
      for index in 0..<p where probe[index] != psi[index] + step[index] && abs(probe[index] - psi[index]) < 1e-12 {
        active.append(index)
      }
      if !active.isEmpty {
        var information = current.information
        var gradient = current.gradient
        for index in active {
          for other in 0..<p {
            information[index * p + other] = 0
            information[other * p + index] = 0
          }
          information[index * p + index] = 1
          gradient[index] = 0
        }
        step = SymmetricMatrix.solveRegularised(information, gradient, count: p)
      }
      var t = 1.0
      var accepted = false
      var candidate = psi
      var next = current
      for _ in 0..<Self.halvings {
        candidate = zip(psi, step).map { $0 + t * $1 }
        model.clamp(&candidate)
        next = statistics(candidate, r: r, n: n, theta: theta)
        if next.value >= current.value - 1e-12 * abs(current.value) {
          accepted = true
          break
        }
        t *= 0.5
      }
      if !accepted { break }
      let change = zip(candidate, psi).map { abs($0 - $1) }.max() ?? 0
      psi = candidate
      current = next
      if change < Self.parameterTolerance { break }
    }
    return psi
  }

}
