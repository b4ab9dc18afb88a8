/// A mixed-integer linear program in row-bounded form: minimise or maximise `Σ_j obj_j x_j`
/// subject to `rowLower_i ≤ Σ_j a_ij x_j ≤ rowUpper_i` and `lower_j ≤ x_j ≤ upper_j`, some x_j
/// integer. Built from an ``AssemblyProblem`` for external solvers (CBC); the variables are those
/// documented on ``AssemblyProblem``.
public struct MixedIntegerModel: Sendable {
  public struct Column: Sendable {
    public var lower: Double
    public var upper: Double
    public var objective: Double
    public var isInteger: Bool
  }
  public struct Row: Sendable {
    public var lower: Double
    public var upper: Double
    /// (column, coefficient), columns distinct.
    public var entries: [(Int, Double)]
  }
  public var columns: [Column] = []
  public var rows: [Row] = []
  public var maximize = false

  /// Column of `s_if` (scored) and `p_if` (pretest) for candidate i on form f, or nil when the
  /// candidate cannot take that role.
  public var scoredColumn: [[Int?]] = []
  public var pretestColumn: [[Int?]] = []
  /// The column of y.
  public var objectiveColumn = 0

  mutating func addColumn(lower: Double = 0, upper: Double = 1, objective: Double = 0, integer: Bool = true) -> Int {
    columns.append(Column(lower: lower, upper: upper, objective: objective, isInteger: integer))
    return columns.count - 1
  }

  mutating func addRow(_ entries: [(Int, Double)], lower: Double = -.infinity, upper: Double = .infinity) {
    guard !entries.isEmpty || lower > 0 || upper < 0 else { return }
    rows.append(Row(lower: lower, upper: upper, entries: entries))
  }

  /// The program of `problem` (fixed items enter as constants).
  public init(problem p: AssemblyProblem) {
    let f = p.formCount
    let candidates = p.candidates
    scoredColumn = Array(repeating: Array(repeating: nil, count: candidates.count), count: f)
    pretestColumn = scoredColumn
    let optimizeInformation = p.rows.contains(where: \.maximize)
    maximize = optimizeInformation
    objectiveColumn = addColumn(
      lower: optimizeInformation ? -.infinity : 0, upper: .infinity, objective: 1, integer: false)
    for form in 0..<f {
      for (i, c) in candidates.enumerated() where c.capacity >= 1 {
        if c.canScore { scoredColumn[form][i] = addColumn() }
        if c.canPretest { pretestColumn[form][i] = addColumn() }
      }
    }
    func x(_ form: Int, _ i: Int) -> [(Int, Double)] {
      [scoredColumn[form][i], pretestColumn[form][i]].compactMap { $0.map { ($0, 1.0) } }
    }
    let r = p.rows.count
    for form in 0..<f {
      let scored = candidates.indices.compactMap { i in scoredColumn[form][i].map { ($0, 1.0) } }
      addRow(scored, lower: Double(p.freeScored), upper: Double(p.freeScored))
      let pretest = candidates.indices.compactMap { i in pretestColumn[form][i].map { ($0, 1.0) } }
      addRow(pretest, lower: Double(p.freePretest), upper: Double(p.freePretest))
      for i in candidates.indices where scoredColumn[form][i] != nil && pretestColumn[form][i] != nil {
        addRow(x(form, i), upper: 1)
      }
      for d in p.blueprint.domains.indices {
        let entries = candidates.indices.compactMap { i in
          candidates[i].domain == d ? scoredColumn[form][i].map { ($0, 1.0) } : nil
        }
        let fixed = Double(p.fixedDomainCounts[d])
        addRow(
          entries, lower: Double(p.domainRanges[d].lowerBound) - fixed,
          upper: Double(p.domainRanges[d].upperBound) - fixed)
      }
      for l in p.levels.indices {
        let entries = candidates.indices.compactMap { i in
          candidates[i].level == l ? scoredColumn[form][i].map { ($0, 1.0) } : nil
        }
        let fixed = Double(p.fixedLevelCounts[l])
        addRow(
          entries, lower: Double(p.levelRanges[l].lowerBound) - fixed,
          upper: Double(p.levelRanges[l].upperBound) - fixed)
      }
      for (i, c) in candidates.enumerated() {
        for j in c.enemies where j > i {
          let entries = x(form, i) + x(form, j)
          if entries.count > 1 { addRow(entries, upper: 1) }
        }
      }
      // Objective rows.
      for k in 0..<r {
        let row = p.rows[k]
        let entries = candidates.indices.compactMap { i in
          scoredColumn[form][i].map { ($0, p.coefficients[i * r + k]) }
        }
        let constant = p.fixedContribution[k]
        if row.maximize {
          // y − Σ c_i s_i ≤ constant
          addRow([(objectiveColumn, 1)] + entries.map { ($0.0, -$0.1) }, upper: constant)
        } else {
          // y ≥ w (constant + Σ c s − t)  ⇔  y − w Σ c s ≥ w (constant − t)
          let w = row.weight
          addRow([(objectiveColumn, 1)] + entries.map { ($0.0, -w * $0.1) }, lower: w * (constant - row.target))
          // y ≥ −w (constant + Σ c s − t)  ⇔  y + w Σ c s ≥ w (t − constant)
          addRow([(objectiveColumn, 1)] + entries.map { ($0.0, w * $0.1) }, lower: w * (row.target - constant))
        }
      }
    }
    // Uses.
    for (i, c) in candidates.enumerated() where c.capacity < f {
      let entries = (0..<f).flatMap { x($0, i) }
      addRow(entries, upper: Double(c.capacity))
    }
    // Overlap: w_ifg ≥ x_if + x_ig − 1, Σ_i w_ifg ≤ K.
    if let k = p.maxOverlap, f > 1 {
      for a in 0..<f {
        for b in (a + 1)..<f {
          var pairColumns: [(Int, Double)] = []
          for (i, c) in candidates.enumerated() where c.capacity >= 2 {
            let xa = x(a, i)
            let xb = x(b, i)
            guard !xa.isEmpty, !xb.isEmpty else { continue }
            let w = addColumn(upper: 1, integer: false)
            addRow([(w, 1)] + xa.map { ($0.0, -1) } + xb.map { ($0.0, -1) }, lower: -1)
            pairColumns.append((w, 1))
          }
          addRow(pairColumns, upper: Double(k))
        }
      }
    }
  }
}
