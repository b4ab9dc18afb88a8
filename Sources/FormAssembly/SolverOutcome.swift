/// What a solver reports about the program it solved.
public enum SolverStatus: String, Sendable {
  /// The objective equals a proven bound (within 1e-9 relative, or the solver proved optimality).
  case optimal
  /// A feasible assembly; the gap to the bound is reported.
  case feasible
  /// A feasible assembly found when the time limit stopped the search.
  case timeLimit = "time-limit"
}

/// The free items a solver chose for each new form (candidate indices of the problem), with the
/// objective, the bound it proved and how long it took.
public struct SolverOutcome: Sendable {
  /// Per form: free scored items.
  public var scored: [[Int]]
  /// Per form: free pretest items.
  public var pretest: [[Int]]
  /// The program's objective: the largest weighted deviation over rows and forms (minimax), or the
  /// smallest information at the cut over forms (`max-info`).
  public var objective: Double
  /// A proven bound on the optimum: a lower bound when minimising, an upper bound under
  /// `max-info`; nil when none was computed.
  public var bound: Double?
  public var status: SolverStatus
  public var seconds: Double
  /// "built-in (…)" or "CBC 2.10.8".
  public var solver: String
  /// What the solver did: local-search moves and restarts, or branch-and-bound nodes.
  public var work: String

  /// |objective − bound| / max(|objective|, 1e-9); nil without a bound.
  public var relativeGap: Double? {
    guard let bound else { return nil }
    return abs(objective - bound) / Swift.max(abs(objective), 1e-9)
  }
  /// |objective − bound|; nil without a bound.
  public var absoluteGap: Double? { bound.map { abs(objective - $0) } }
}

/// A solver of ``AssemblyProblem``.
public protocol AssemblySolver {
  /// Solves the problem, or throws ``AssemblyInfeasibility`` (with reasons) when it finds no
  /// feasible assembly.
  func solve(_ problem: AssemblyProblem, timeLimit: Double) throws -> SolverOutcome
}
