/// A fixed-point iteration x ← F(x) with optional SQUAREM acceleration, independent of what x
/// is: the EM of ``Calibrator`` is one use, and the tests drive it on toy maps with known fixed
/// points.
///
/// Method (``EMAcceleration/squarem``, scheme S3 of Varadhan & Roland 2008): from x₀, two steps
/// give x₁ = F(x₀), x₂ = F(x₁), r = x₁ − x₀ and v = x₂ − 2x₁ + x₀; the step length
/// α = −‖r‖/‖v‖, capped at −1, gives x′ = x₀ − 2αr + α²v, projected into the admissible region,
/// then one more step x₃ = F(x′). x₃ is kept when the objective at x′ is finite and at least the
/// objective at x₁; otherwise iteration continues from x₂. α = −1 (no gain over two plain
/// steps) skips the extrapolation.
///
/// Convergence: the largest absolute change of any component in one step is below
/// ``tolerance``, tested after every step; or ``maximumIterations`` steps are spent (every F
/// evaluation counts as one). Each step costs one F.
struct SquaremDriver {
  var tolerance: Double
  var maximumIterations: Int
  var accelerated: Bool

  /// Where the iteration ended.
  struct Outcome<State> {
    var state: State
    var converged: Bool
    var iterations: Int
    /// The largest absolute change in the last step and the component it was in.
    var lastChange: Double
    var lastChangeIndex: Int
  }

  /// Iterates from `start`.
  ///
  /// - `step`: F(x) and the objective (for EM, the log-posterior) at x, the input.
  /// - `vector`: x as numbers, for the change and the extrapolation.
  /// - `extrapolated`: the state for extrapolated numbers (unpack and project), given the
  ///   latest state as a template.
  /// - `observe`: called after every step with the iteration count and the largest change.
  func run<State>(
    from start: State, step: (State) -> (next: State, objective: Double), vector: (State) -> [Double],
    extrapolated: ([Double], State) -> State, observe: (_ iteration: Int, _ change: Double) -> Void = { _, _ in }
  ) -> Outcome<State> {
    var outcome = Outcome(state: start, converged: false, iterations: 0, lastChange: .infinity, lastChangeIndex: 0)
    func advance(_ state: State) -> (State, Double) {
      let (next, objective) = step(state)
      outcome.iterations += 1
      let (largest, index) = Self.largestChange(vector(next), vector(state))
      outcome.lastChange = largest
      outcome.lastChangeIndex = index
      observe(outcome.iterations, largest)
      return (next, objective)
    }
    var state = start
    while outcome.iterations < maximumIterations {
      let x0 = vector(state)
      let (state1, _) = advance(state)
      if outcome.lastChange < tolerance {
        state = state1
        outcome.converged = true
        break
      }
      if !accelerated || outcome.iterations >= maximumIterations {
        state = state1
        continue
      }
      let x1 = vector(state1)
      let (state2, objective1) = advance(state1)
      if outcome.lastChange < tolerance {
        state = state2
        outcome.converged = true
        break
      }
      let x2 = vector(state2)
      let alpha = Self.stepLength(x0, x1, x2)
      if alpha == -1 || outcome.iterations >= maximumIterations {
        state = state2
        continue
      }
      var jump = x0
      for index in 0..<x0.count {
        let r = x1[index] - x0[index]
        let v = x2[index] - 2 * x1[index] + x0[index]
        jump[index] = x0[index] - 2 * alpha * r + alpha * alpha * v
      }
      let (state3, objectiveJump) = advance(extrapolated(jump, state2))
      if objectiveJump.isFinite && objectiveJump >= objective1 {
        state = state3
        if outcome.lastChange < tolerance {
          outcome.converged = true
          break
        }
      } else {
        state = state2
      }
    }
    outcome.state = state
    return outcome
  }

  /// α = −‖x₁ − x₀‖ / ‖x₂ − 2x₁ + x₀‖, or −1 when that is not finite or above −1.
  static func stepLength(_ x0: [Double], _ x1: [Double], _ x2: [Double]) -> Double {
    var rr = 0.0
    var vv = 0.0
    for index in 0..<x0.count {
      let r = x1[index] - x0[index]
      let v = x2[index] - 2 * x1[index] + x0[index]
      rr += r * r
      vv += v * v
    }
    let alpha = -(rr / vv).squareRoot()
    return !alpha.isFinite || alpha > -1 ? -1 : alpha
  }

  /// max over components of |a − b| and the first component where it occurs.
  static func largestChange(_ a: [Double], _ b: [Double]) -> (Double, Int) {
    var largest = 0.0
    var index = 0
    for position in 0..<a.count {
      let delta = abs(a[position] - b[position])
      if delta > largest {
        largest = delta
        index = position
      }
    }
    return (largest, index)
  }
}
