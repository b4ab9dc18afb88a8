import Dispatch

#if CBC
  import CCbc
#endif

/// COIN-OR CBC (branch and cut, through its C interface) on the program of
/// ``MixedIntegerModel``. Available only in builds with the `CBC` trait
/// (`swift build --traits CBC`, Debian package `coinor-libcbc-dev`).
///
/// CBC runs with its defaults (cuts, heuristics, two threads are not used: the Debian build is
/// serial), log level 0, the given time limit and a relative gap of 1e-6; it reports proven
/// optimality, or the best bound when the time limit stops it, and proven infeasibility.
public struct CBCSolver: AssemblySolver {
  /// Whether this build links CBC.
  public static var isAvailable: Bool {
    #if CBC
      true
    #else
      false
    #endif
  }

  /// Start CBC from this assembly (per form: free scored, free pretest candidate indices).
  public var start: (scored: [[Int]], pretest: [[Int]])?
  public init(start: (scored: [[Int]], pretest: [[Int]])? = nil) { self.start = start }

  public func solve(_ problem: AssemblyProblem, timeLimit: Double) throws -> SolverOutcome {
    #if CBC
      return try solveWithCBC(problem, timeLimit: timeLimit)
    #else
      throw AssemblyInputError(
        "this itembench was built without CBC; rebuild with `swift build --traits CBC` (needs coinor-libcbc-dev)")
    #endif
  }

  #if CBC
    private func solveWithCBC(_ problem: AssemblyProblem, timeLimit: Double) throws -> SolverOutcome {
      let begin = DispatchTime.now().uptimeNanoseconds
      let model = MixedIntegerModel(problem: problem)
      // Column-major matrix.
      var perColumn: [[(Int32, Double)]] = Array(repeating: [], count: model.columns.count)
      for (rowIndex, row) in model.rows.enumerated() {
        for (column, value) in row.entries where value != 0 { perColumn[column].append((Int32(rowIndex), value)) }
      }
      var starts: [CoinBigIndex] = [0]
      var indices: [Int32] = []
      var values: [Double] = []
      for column in perColumn {
        for (row, value) in column {
          indices.append(row)
          values.append(value)
        }
        starts.append(CoinBigIndex(indices.count))
      }
      let infinity = 1e30
      func clamp(_ x: Double) -> Double { x == .infinity ? infinity : (x == -.infinity ? -infinity : x) }
      let colLower = model.columns.map { clamp($0.lower) }
      let colUpper = model.columns.map { clamp($0.upper) }
      let objective = model.columns.map(\.objective)
      let rowLower = model.rows.map { clamp($0.lower) }
      let rowUpper = model.rows.map { clamp($0.upper) }

      guard let cbc = Cbc_newModel() else { throw AssemblyInputError("CBC could not create a model") }
      defer { Cbc_deleteModel(cbc) }
      Cbc_loadProblem(
        cbc, Int32(model.columns.count), Int32(model.rows.count), starts, indices, values, colLower, colUpper,
        objective, rowLower, rowUpper)
      for (j, column) in model.columns.enumerated() where column.isInteger { Cbc_setInteger(cbc, Int32(j)) }
      Cbc_setObjSense(cbc, model.maximize ? -1 : 1)
      Cbc_setLogLevel(cbc, 0)
      Cbc_setMaximumSeconds(cbc, timeLimit)
      Cbc_setAllowableFractionGap(cbc, 1e-6)
      if let start {
        var columns: [Int32] = []
        var startValues: [Double] = []
        for f in 0..<problem.formCount {
          for i in start.scored[f] {
            if let c = model.scoredColumn[f][i] { columns.append(Int32(c)); startValues.append(1) }
          }
          for i in start.pretest[f] {
            if let c = model.pretestColumn[f][i] { columns.append(Int32(c)); startValues.append(1) }
          }
        }
        Cbc_setMIPStartI(cbc, Int32(columns.count), columns, startValues)
      }
      _ = Cbc_solve(cbc)
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
      let version = String(cString: Cbc_getVersion())
      if Cbc_isProvenInfeasible(cbc) != 0 {
        var reasons = problem.infeasibilities()
        if reasons.isEmpty {
          reasons = [
            "CBC \(version) proved the program infeasible: the domain and cognitive-level ranges, enemies, usage (--max-uses \(problem.maxUses)) and overlap\(problem.maxOverlap.map { " (--max-overlap \($0))" } ?? "") limits cannot all hold at once, although each count check passes on its own"
          ]
        }
        throw AssemblyInfeasibility(reasons: reasons, proven: true)
      }
      guard let solution = Cbc_getColSolution(cbc), Cbc_bestSolution(cbc) != nil || Cbc_isProvenOptimal(cbc) != 0 else {
        throw AssemblyInfeasibility(
          reasons: [
            "CBC \(version) found no feasible assembly within the time limit of \(timeLimit) s and did not prove infeasibility"
          ],
          proven: false)
      }
      var scored: [[Int]] = Array(repeating: [], count: problem.formCount)
      var pretest: [[Int]] = Array(repeating: [], count: problem.formCount)
      for f in 0..<problem.formCount {
        for i in problem.candidates.indices {
          if let c = model.scoredColumn[f][i], solution[c] > 0.5 { scored[f].append(i) }
          if let c = model.pretestColumn[f][i], solution[c] > 0.5 { pretest[f].append(i) }
        }
      }
      // The objective of the integer assembly itself (not CBC's y, which may carry slack).
      let perForm = scored.map { problem.formObjective(scored: $0) }
      let value = model.maximize ? -(perForm.max() ?? 0) : (perForm.max() ?? 0)
      let proven = Cbc_isProvenOptimal(cbc) != 0
      var bound = Cbc_getBestPossibleObjValue(cbc)
      if !bound.isFinite || abs(bound) >= 1e29 { bound = model.maximize ? .infinity : 0 }
      if model.maximize { bound = Swift.max(bound, value) } else { bound = Swift.min(bound, value) }
      return SolverOutcome(
        scored: scored, pretest: pretest, objective: value, bound: proven ? value : bound,
        status: proven ? .optimal : (Cbc_isSecondsLimitReached(cbc) != 0 ? .timeLimit : .feasible),
        seconds: seconds, solver: "CBC \(version)",
        work:
          "\(Cbc_getNodeCount(cbc)) branch-and-bound node(s), \(model.columns.count) columns, \(model.rows.count) rows")
    }
  #endif
}
