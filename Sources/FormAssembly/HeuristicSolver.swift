import Dispatch
import Foundation
import ItemResponseTheory

/// The built-in solver: greedy construction, then iterated best-improvement local search, with
/// a proven bound beside the result.
///
/// **Method.**
/// 1. *Pretest.* Pretest positions go first to eligible items (pretest or approved status,
///    capacity, enemies, overlap), least used first, then fewest enemies, then bank order; they
///    carry no objective, and the scored steps respect them (enemies, overlap).
/// 2. *Domain counts.* Each form gets, per domain, coverage's largest-remainder target clamped to
///    the allowed range (narrowed for anchors) and to the usable supply, adjusted to fill the free
///    scored positions.
/// 3. *Construction.* Forms take turns, one position at a time, in an order interleaving the
///    domains. A form with m positions left and row values v picks, among the items it may hold
///    (status, parameters, capacity, enemies, overlap), the one nearest the ideal contribution
///    `(t_r − v_r) / m` in weighted squared distance (under `max-info`: the most informative),
///    avoiding levels already at their maximum and, when the positions left are all needed for
///    levels below their minimum, other levels.
/// 4. *Local search.* For each form, the best swap of one of its free scored items for an unused
///    or other-form item (any domain, keeping domain counts in range) under the lexicographic key
///    (level-range violation, largest weighted deviation of the form, sum of squared deviations)
///    is applied while it improves the key; when none does under a matching objective, the best
///    pair of swaps (each of the 12 best first swaps, then the best swap after it); under
///    `max-info` a second move exchanges same-domain,
///    same-level items between the least informative form and another when that raises the
///    minimum. The swap scan is split in two halves run on both cores; the tie rule (smallest
///    key, then first half) keeps the result independent of scheduling.
/// 5. *Restarts.* `restarts` times, a few random feasible swaps per form (seeded SplitMix64) and
///    the local search again; the best assembly is kept. The time limit stops restarts early.
///
/// **Guarantee.** Every assembly it returns satisfies every constraint (checked again by
/// coverage). It is a heuristic: under `max-info` it reports the upper bound of the relaxation
/// that drops levels, enemies and overlap and lets forms share the information (the best items
/// per domain within F × the ranges, by greedy allocation of concave per-domain sums, which is
/// exact for that relaxation), so the gap is proven. Under the matching objectives the bound is
/// the trivial 0. When no feasible assembly is found it says which constraint it could not meet;
/// that does not prove infeasibility (CBC can).
/// - Complexity: one local-search step O(S × n × R) for S free scored positions, n candidates and
///   R objective rows.
public struct HeuristicSolver: AssemblySolver {
  public var restarts: Int
  public var seed: UInt64
  public init(restarts: Int = 8, seed: UInt64 = 1) {
    self.restarts = restarts
    self.seed = seed
  }

  public func solve(_ problem: AssemblyProblem, timeLimit: Double) throws -> SolverOutcome {
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var state = try SearchState(problem: problem)
    let pretest = try state.assignPretest()
    try state.construct()
    var moves = state.localSearch()
    var best = state.snapshot()
    var bestKey = state.globalKey()
    var rng = SplitMix64(seed: seed)
    var completed = 0
    var stoppedByTime = false
    for _ in 0..<restarts {
      if elapsed() > timeLimit {
        stoppedByTime = true
        break
      }
      state.perturb(&rng)
      moves += state.localSearch()
      completed += 1
      let key = state.globalKey()
      if key < bestKey {
        bestKey = key
        best = state.snapshot()
      } else {
        state.restore(best)
      }
    }
    state.restore(best)
    if bestKey.violation > 0 {
      throw AssemblyInfeasibility(reasons: state.violationReasons(), proven: false)
    }
    let objective = state.objective()
    let bound = problem.rows.contains(where: \.maximize) ? problem.informationBound() : 0
    let optimal = abs(objective - bound) <= 1e-9 * Swift.max(1, abs(bound))
    return SolverOutcome(
      scored: state.scored, pretest: pretest, objective: objective, bound: bound,
      status: optimal ? .optimal : (stoppedByTime ? .timeLimit : .feasible), seconds: elapsed(),
      solver: "built-in (greedy + iterated local search)",
      work: "\(moves) improving moves, \(completed) restart(s)")
  }
}

extension AssemblyProblem {
  /// Upper bound on the smallest information over forms under `max-info`: the fixed items'
  /// information plus 1/F of the best total information F forms could hold if levels, enemies and
  /// overlap were dropped and forms could pool their items (each item at most min(F, capacity)
  /// times, each domain's total within F × its free range). Per domain the best k copies have a
  /// concave total in k, so filling the minima and then the largest remaining values is optimal
  /// for that relaxation.
  public func informationBound() -> Double {
    let f = formCount
    let r = rows.count
    guard let row = rows.firstIndex(where: \.maximize) else { return 0 }
    var perDomain: [[Double]] = Array(repeating: [], count: blueprint.domains.count)
    for i in scorable {
      guard let d = candidates[i].domain else { continue }
      let value = coefficients[i * r + row]
      for _ in 0..<Swift.min(f, candidates[i].capacity) { perDomain[d].append(value) }
    }
    var total = 0.0
    var remaining: [Double] = []
    var slots = f * freeScored
    for d in perDomain.indices {
      let values = perDomain[d].sorted(by: >)
      let low = Swift.min(values.count, f * Swift.max(0, domainRanges[d].lowerBound - fixedDomainCounts[d]))
      let high = Swift.min(values.count, f * Swift.max(0, domainRanges[d].upperBound - fixedDomainCounts[d]))
      total += values[0..<low].reduce(0, +)
      slots -= low
      remaining += values[low..<high]
    }
    remaining.sort(by: >)
    total += remaining.prefix(Swift.max(0, slots)).reduce(0, +)
    return fixedContribution[row] + total / Double(f)
  }
}
