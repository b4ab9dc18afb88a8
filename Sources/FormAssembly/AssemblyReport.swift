import BlueprintCoverage
import ItemBank
import ItemBenchCore

/// One constraint of the report: its bound and the value each form achieved.
public struct ConstraintRow: Sendable, Hashable {
  public var constraint: String
  public var bound: String
  /// One value per new form (or one for constraints over all forms).
  public var achieved: [String]
  public var satisfied: Bool
}

extension AssemblyResult {
  /// Every constraint with its bound and achieved value(s), in the order of the program.
  public var constraintRows: [ConstraintRow] {
    let p = problem
    let b = p.blueprint
    var rows: [ConstraintRow] = []
    func add(_ name: String, _ bound: String, _ values: [Int], _ ok: (Int) -> Bool) {
      rows.append(
        ConstraintRow(
          constraint: name, bound: bound, achieved: values.map(String.init), satisfied: values.allSatisfy(ok)))
    }
    add("form length", "= \(b.formLength)", coverage.map(\.length)) { $0 == b.formLength }
    add("scored (scored + anchor)", "= \(b.scoredCount)", coverage.map(\.scoredCount)) { $0 == b.scoredCount }
    add("pretest", "= \(b.pretestCount)", coverage.map(\.pretestCount)) { $0 == b.pretestCount }
    for (d, domain) in b.domains.enumerated() {
      let range = p.domainRanges[d]
      let counts = coverage.map { $0.domains[d].count }
      add("domain \(domain.id)", rangeText(range), counts) { range.contains($0) }
    }
    for (l, level) in p.levels.enumerated() {
      let range = p.levelRanges[l]
      let counts = coverage.map { form in form.cognitiveLevels.first { $0.id == level.rawValue }?.count ?? 0 }
      add("cognitive level \(level.rawValue)", rangeText(range), counts) { range.contains($0) }
    }
    add("status rule violations", "= 0", coverage.map(\.statusProblems.count)) { $0 == 0 }
    add("enemy pairs", "= 0", coverage.map(\.enemyPairs.count)) { $0 == 0 }
    if !p.anchorItems.isEmpty {
      add("anchors", "= \(p.anchorItems.count)", coverage.map(\.anchorCount)) { $0 == p.anchorItems.count }
      rows.append(
        ConstraintRow(
          constraint: "anchor set a miniature of the form", bound: "every domain in range",
          achieved: coverage.map { $0.anchors.isMiniature ? "yes" : "no" },
          satisfied: coverage.allSatisfy(\.anchors.isMiniature)))
    }
    // Uses and overlap over the new forms (anchors and included items are common by design).
    let fixed = Set(p.fixedItems.map { p.candidates[$0].id })
    var uses: [String: Int] = [:]
    for form in forms {
      for id in Set(form.entries.map(\.itemID)) where !fixed.contains(id) { uses[id, default: 0] += 1 }
    }
    var previous: [String: Int] = [:]
    for form in p.options.previousForms { for id in Set(form.entries.map(\.itemID)) { previous[id, default: 0] += 1 } }
    let mostUses = uses.map { $0.value + (previous[$0.key] ?? 0) }.max() ?? 0
    let previousText =
      p.options.previousForms.isEmpty ? "" : " (counting \(p.options.previousForms.map(\.id).joined(separator: ", ")))"
    rows.append(
      ConstraintRow(
        constraint: "uses of a non-anchor item\(previousText)", bound: "≤ \(p.maxUses)", achieved: ["\(mostUses)"],
        satisfied: mostUses <= p.maxUses))
    if forms.count > 1 {
      var largest = 0
      for a in forms.indices {
        for c in (a + 1)..<forms.count {
          let shared = Set(forms[a].entries.map(\.itemID)).intersection(forms[c].entries.map(\.itemID)).subtracting(
            fixed)
          largest = Swift.max(largest, shared.count)
        }
      }
      let bound = p.maxOverlap.map { "≤ \($0)" } ?? "(U only)"
      rows.append(
        ConstraintRow(
          constraint: "non-anchor items shared by two new forms", bound: bound, achieved: ["\(largest)"],
          satisfied: p.maxOverlap.map { largest <= $0 } ?? true))
    }
    for id in p.options.include {
      add("include \(id)", "on every form", forms.map { $0.entries.contains { $0.itemID == id } ? 1 : 0 }) { $0 == 1 }
    }
    if !p.options.exclude.isEmpty {
      let count = forms.map { form in form.entries.filter { p.options.exclude.contains($0.itemID) }.count }
      add("excluded items used", "= 0", count) { $0 == 0 }
    }
    return rows
  }

  /// The JSON report (format 1, keys in the order written; numbers rounded to 6 decimals).
  /// `timing: false` leaves out `seconds`, the one value that differs between runs.
  public func jsonValue(timing: Bool = true) -> JSONValue {
    let o = outcome
    func number(_ x: Double?) -> JSONValue {
      guard let x, x.isFinite else { return .null }
      return .rounded(x, places: 6)
    }
    let target = problem.options.target
    let formsValue: [JSONValue] = forms.indices.map { f in
      let curve = curves[f]
      let points: [JSONValue] = curve.thetas.indices.map { k in
        var members: [(String, JSONValue)] = [("theta", number(curve.thetas[k])), ("tcc", number(curve.tcc[k]))]
        if let target { members.append(("target_tcc", number(target.tcc[k]))) }
        members.append(("tif", number(curve.tif[k])))
        if let target { members.append(("target_tif", number(target.tif[k]))) }
        return .object(members)
      }
      return .object([
        ("id", .string(forms[f].id)),
        ("file", .string(forms[f].id + ".yml")),
        (
          "objective",
          number(
            problem.rows.contains(where: \.maximize) ? rowValues[f][0] : problem.formObjective(scored: o.scored[f]))
        ),
        (
          "items",
          .array(forms[f].entries.map { .object([("id", .string($0.itemID)), ("role", .string($0.role.rawValue))]) })
        ),
        ("curves", .array(points)),
      ])
    }
    let constraints: [JSONValue] = constraintRows.map { row in
      .object([
        ("constraint", .string(row.constraint)), ("bound", .string(row.bound)),
        ("achieved", .array(row.achieved.map(JSONValue.string))), ("satisfied", .bool(row.satisfied)),
      ])
    }
    var solverMembers: [(String, JSONValue)] = [
      ("name", .string(o.solver)), ("status", .string(o.status.rawValue)),
      ("objective", number(o.objective)), ("bound", number(o.bound)),
      ("absolute_gap", number(o.absoluteGap)), ("relative_gap", number(o.relativeGap)),
    ]
    if timing { solverMembers.append(("seconds", number(o.seconds))) }
    solverMembers.append(("work", .string(o.work)))
    var members: [(String, JSONValue)] = [
      ("format", 1),
      ("report", "assembly"),
      ("blueprint", .string(problem.blueprint.id)),
      ("objective", .string(problem.options.objective.rawValue)),
      ("theta_cut", number(problem.options.thetaCut)),
      ("target", target.map { .string($0.source) } ?? .null),
      ("solver", .object(solverMembers)),
    ]
    if let a = anchorOutcome {
      var anchorMembers: [(String, JSONValue)] = [
        ("status", .string(a.status.rawValue)), ("objective", number(a.objective)), ("bound", number(a.bound)),
      ]
      if timing { anchorMembers.append(("seconds", number(a.seconds))) }
      members.append(("anchor_stage", .object(anchorMembers)))
    }
    members += [
      ("constraints", .array(constraints)),
      ("forms", .array(formsValue)),
    ]
    return .object(members)
  }

  /// The report as JSON text (see ``jsonValue(timing:)``).
  public func jsonText(timing: Bool = true) -> String { jsonValue(timing: timing).rendered(pretty: true) + "\n" }

  /// The Markdown report; `timing: false` leaves out the solver's time.
  public func markdown(timing: Bool = true) -> String {
    let o = outcome
    let p = problem
    var lines: [String] = []
    lines.append("# Assembly: \(forms.map(\.id).joined(separator: ", ")) (blueprint \(p.blueprint.id))")
    lines.append("")
    let objectiveText: String
    switch p.options.objective {
    case .maxInformation:
      objectiveText = "maximise the smallest test information at θ = \(fmt(p.options.thetaCut)) over the forms"
    case .tcc: objectiveText = "minimise the largest |TCC − target| over the θ points and forms"
    case .tif: objectiveText = "minimise the largest |TIF − target| over the θ points and forms"
    case .tccTIF:
      objectiveText =
        "minimise the largest of |TCC − target| and \(fmt(p.options.tifWeight)) × |TIF − target| over the θ points and forms"
    }
    lines.append("- Objective: \(objectiveText)\(p.options.target.map { "; target: \($0.source)" } ?? "")")
    lines.append("- Solver: \(o.solver); status **\(o.status.rawValue)**; \(o.work)")
    lines.append(
      "- Objective value: \(fmt(o.objective)); bound \(o.bound.map { fmt($0) } ?? "none"); gap \(o.absoluteGap.map { fmt($0) } ?? "–") (relative \(o.relativeGap.map { fmt(100 * $0, 3) + " %" } ?? "–"))"
    )
    if timing { lines.append("- Time: \(fmt(o.seconds, 2)) s") }
    if let a = anchorOutcome {
      lines.append(
        "- Anchor stage: \(p.anchorItems.count) anchors assembled as a miniature of the blueprint; status \(a.status.rawValue), objective \(fmt(a.objective))"
          + (timing ? ", \(fmt(a.seconds, 2)) s" : ""))
    }
    lines.append("")
    lines.append("## Constraints")
    lines.append("")
    let perForm = constraintRows.allSatisfy { $0.achieved.count == forms.count }
    var constraints = MarkdownTable(
      header: ["constraint", "bound"] + (perForm ? forms.map(\.id) : ["achieved"]) + ["met"],
      alignments: [.left, .left] + forms.map { _ in .right } + [.left])
    for row in constraintRows {
      let cells =
        row.achieved.count == forms.count
        ? row.achieved : row.achieved + Array(repeating: "", count: Swift.max(0, forms.count - row.achieved.count))
      constraints.append([row.constraint, row.bound] + cells + [row.satisfied ? "yes" : "**no**"])
    }
    lines.append(
      contentsOf: constraints.rendered().split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
        String.init))
    lines.append("")
    lines.append("## Curves at the θ points")
    lines.append("")
    let target = p.options.target
    var header = "| θ |"
    var rule = "| ---: |"
    if target != nil {
      header += " target TCC |"
      rule += " ---: |"
    }
    for form in forms {
      header += " \(form.id) TCC |" + (target != nil ? " Δ |" : "")
      rule += " ---: |" + (target != nil ? " ---: |" : "")
    }
    if target != nil {
      header += " target TIF |"
      rule += " ---: |"
    }
    for form in forms {
      header += " \(form.id) TIF |"
      rule += " ---: |"
    }
    lines.append(header)
    lines.append(rule)
    let thetas = curves.first?.thetas ?? []
    for k in thetas.indices {
      var line = "| \(fmt(thetas[k], 3)) |"
      if let target { line += " \(fmt(target.tcc[k], 4)) |" }
      for curve in curves {
        line += " \(fmt(curve.tcc[k], 4)) |"
        if let target { line += " \(signed(curve.tcc[k] - target.tcc[k])) |" }
      }
      if let target { line += " \(fmt(target.tif[k], 4)) |" }
      for curve in curves { line += " \(fmt(curve.tif[k], 4)) |" }
      lines.append(line)
    }
    lines.append("")
    lines.append(
      "Every form passes `itembench coverage --form` against blueprint '\(p.blueprint.id)' (checked before writing).")
    return lines.joined(separator: "\n") + "\n"
  }
}

func fmt(_ x: Double, _ places: Int = 6) -> String { formatDecimal(x, places: places) }
func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + formatDecimal(x, places: 4) }
func rangeText(_ range: ClosedRange<Int>) -> String {
  range.lowerBound == range.upperBound ? "= \(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
}

extension Form {
  /// The form as a form file (docs/formats.md), entries in order, ids quoted when YAML needs it.
  public func yamlText(notes: String? = nil) -> String {
    func scalar(_ text: String) -> String {
      let plain =
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        && !["true", "false", "yes", "no", "null", "on", "off", "~"].contains(text.lowercased())
        && Double(text) == nil
      return plain
        ? text
        : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    var text = "format: 1\nid: \(scalar(id))\n"
    if let title { text += "title: \(scalar(title))\n" }
    text += "blueprint: \(scalar(blueprintID))\n"
    if let notes { text += "notes: >-\n  " + notes + "\n" }
    text += "items:\n"
    for entry in entries { text += "  - {id: \(scalar(entry.itemID)), role: \(entry.role.rawValue)}\n" }
    return text
  }
}
