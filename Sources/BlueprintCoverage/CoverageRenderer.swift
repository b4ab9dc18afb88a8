import ItemBank
import ItemBenchCore

/// The output formats of a coverage report.
public enum CoverageReportFormat: String, Sendable, CaseIterable {
  case text, json, markdown
}

/// Renders coverage reports (one per blueprint) as one document.
///
/// Output is deterministic: rows follow blueprint and form order, diagnostics are sorted by
/// location, and numbers are rounded half away from zero. The JSON layout (format 1) is
/// documented in `docs/coverage.md`.
public enum CoverageRenderer {
  /// The version of the JSON layout.
  public static let jsonFormat = 1

  public static func render(_ reports: [CoverageReport], as format: CoverageReportFormat) -> String {
    switch format {
    case .text: return text(reports)
    case .json: return json(reports).rendered(pretty: true) + "\n"
    case .markdown: return markdown(reports)
    }
  }

  static func passed(_ reports: [CoverageReport]) -> Bool { reports.allSatisfy(\.passed) }

  static func significance(_ reports: [CoverageReport]) -> Double {
    reports.first?.options.keyBalanceSignificance ?? CoverageOptions().keyBalanceSignificance
  }

  static func rules(_ reports: [CoverageReport]) -> [(String, String)] {
    [
      ("rounding", CoverageRules.rounding),
      ("status_policy", CoverageRules.statusPolicy),
      ("bank_capacity", CoverageRules.bankCapacity),
      ("anchors", CoverageRules.anchors),
      ("key_balance", CoverageRules.keyBalance(significance: significance(reports))),
    ]
  }

  static func formsText(_ count: Int) -> String { count == 1 ? "1 form" : "\(count) forms" }

  static func statusHeader() -> [String] { ItemStatus.allCases.map(\.rawValue) + ["total"] }
  static func statusCells(_ counts: StatusCounts) -> [String] {
    ItemStatus.allCases.map { String(counts[$0]) } + [String(counts.total)]
  }

  static func weightText(_ target: WeightTarget, _ unit: WeightUnit) -> String {
    let number = plainNumber(target.weight) + (unit == .percent ? "%" : "")
    let tolerance = plainNumber(target.tolerance) + (unit == .percent ? "%" : "")
    return "\(number) ± \(tolerance)"
  }

  static func list(_ values: [String]) -> String { values.isEmpty ? "none" : values.joined(separator: ", ") }

  // MARK: Text

  static func text(_ reports: [CoverageReport]) -> String {
    var out = ""
    for report in reports {
      out += textBlueprint(report)
      out += "\n"
    }
    out += "Rules\n"
    for (_, rule) in rules(reports) { out += "- " + rule + "\n" }
    let errors = reports.reduce(0) { $0 + $1.errorCount }
    let warnings = reports.reduce(0) { $0 + $1.warningCount }
    out += "\nResult: \(passed(reports) ? "PASSED" : "FAILED") (\(errors) error(s), \(warnings) warning(s))\n"
    return out
  }

  static func textBlueprint(_ report: CoverageReport) -> String {
    let blueprint = report.blueprint
    let bank = report.bank
    let unit = blueprint.weightUnit
    var out = "Blueprint '\(blueprint.id)' (\(blueprint.exam)), \(blueprint.location.file)\n"
    out +=
      "form_length \(blueprint.formLength) = \(blueprint.scoredCount) scored + \(blueprint.pretestCount) pretest; weights in \(unit == .percent ? "percent of scored items" : "items")\n\n"

    out +=
      "Bank capacity: \(bank.itemCount) item(s); operational items against \(formsText(bank.plannedForms)) without reuse\n"
    let header = ["", "weight", "target/form", "allowed/form", "needed", "minimum", "available", "shortfall", "status"]
    func supplyRow(_ row: SupplyRow) -> [String] {
      [
        (row.kind == .domain ? "" : "level ") + row.id, weightText(row.weight, unit), String(row.perForm.target),
        row.perForm.rangeText, String(row.needed), String(row.minimumNeeded), String(row.available),
        String(row.shortfall), row.status.rawValue,
      ]
    }
    out += TextTable.render(header: header, rows: (bank.domains + bank.cognitiveLevels).map(supplyRow))
    out += "Gaps, worst first:"
    if bank.gaps.isEmpty {
      out += " none\n"
    } else {
      out += "\n"
      for gap in bank.gaps {
        let what = gap.kind == .domain ? "domain" : "cognitive level"
        out +=
          "  \(what) '\(gap.id)': short by \(gap.shortfall) item(s) (needs \(gap.needed), minimum \(gap.minimumNeeded), has \(gap.available)): \(gap.status.rawValue)\n"
      }
    }
    out +=
      "Scored positions the operational items can fill within the allowed ranges: \(bank.scoredUsable) (needed \(bank.scoredNeeded))\n"
    let pipeline = bank.pretestPipeline
    out +=
      "Pretest pipeline: \(pipeline.slotsPerForm) slot(s) per form, \(pipeline.slotsNeeded) for \(formsText(bank.plannedForms)); \(pipeline.pretest) pretest + \(pipeline.approved) approved = \(pipeline.eligible) eligible (shortfall \(pipeline.shortfall))\n\n"

    out += "Items by status\n"
    var statusRows: [[String]] = []
    for domain in bank.domains {
      statusRows.append([domain.id] + statusCells(domain.items))
      for subdomain in domain.subdomains {
        let name =
          subdomain.id.map { "  " + $0 + (subdomain.recognised ? "" : " (not in blueprint)") } ?? "  (no subdomain)"
        statusRows.append([name] + statusCells(subdomain.items))
      }
    }
    for level in bank.cognitiveLevels { statusRows.append(["level " + level.id] + statusCells(level.items)) }
    out += TextTable.render(header: ["domain / subdomain"] + statusHeader(), rows: statusRows)
    out += "Items whose domain is not in the blueprint:"
    out += bank.unknownDomains.isEmpty ? " none\n" : "\n"
    for unknown in bank.unknownDomains {
      var note = unknown.inOtherBlueprint ? " (in another blueprint)" : ""
      if let suggestion = unknown.suggestion { note += " (did you mean '\(suggestion)'?)" }
      out += "  '\(unknown.domain)'\(note): \(unknown.itemIDs.joined(separator: ", "))\n"
    }
    out += "Blueprint domains with no items: \(list(bank.emptyDomains))\n"
    if !bank.diagnostics.isEmpty {
      out += "Bank problems:\n"
      for diagnostic in bank.diagnostics { out += "  \(diagnostic)\n" }
    }

    for form in report.forms { out += "\n" + textForm(form, unit: unit) }
    if !report.overlaps.isEmpty {
      out += "\nOverlap between forms\n"
      out += TextTable.render(
        header: ["forms", "items", "shared", "% of first", "% of second", "shared anchors"],
        rows: report.overlaps.map {
          [
            "\($0.firstForm) / \($0.secondForm)", "\($0.firstItems) / \($0.secondItems)", String($0.shared.count),
            formatDecimal($0.percentOfFirst, places: 1), formatDecimal($0.percentOfSecond, places: 1),
            String($0.sharedAnchors.count),
          ]
        })
    }
    out +=
      "\nBlueprint '\(blueprint.id)': \(report.passed ? "PASSED" : "FAILED") (\(report.errorCount) error(s), \(report.warningCount) warning(s))\n"
    return out
  }

  static func textForm(_ form: FormCoverage, unit: WeightUnit) -> String {
    var out =
      "Form '\(form.id)'\(form.title.map { " (\($0))" } ?? ""), \(form.location.file): \(form.passed ? "PASSED" : "FAILED")\n"
    out +=
      "  length \(form.length) (blueprint \(form.expectedLength)); scored \(form.scoredCount) = \(form.scoredOnly) scored + \(form.anchorCount) anchor (blueprint \(form.expectedScored)); pretest \(form.pretestCount) (blueprint \(form.expectedPretest))\n"
    let header = ["", "weight", "quota", "target", "allowed", "count", "percent", "ok"]
    func row(_ count: FormCount, prefix: String) -> [String] {
      [
        prefix + count.id, weightText(count.weight, unit), formatDecimal(count.target.quota, places: 2),
        String(count.target.target), count.target.rangeText, String(count.count),
        formatDecimal(count.percent, places: 1), count.withinTolerance ? "yes" : "NO",
      ]
    }
    out += TextTable.render(
      header: header,
      rows: form.domains.map { row($0, prefix: "") } + form.cognitiveLevels.map { row($0, prefix: "level ") }
    )
    .split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(
      separator: "\n")
    let anchors = form.anchors
    out += "  Anchors: \(anchors.count)"
    if anchors.count == 0 {
      out += " (none on this form)\n"
    } else {
      out +=
        " (recommended at least \(anchors.recommendedMinimum)); miniature of the form: \(anchors.isMiniature ? "yes" : "NO")\n"
      out += TextTable.render(
        header: ["", "anchors", "% of anchors", "% of form", "quota", "allowed", "ok"],
        rows: anchors.domains.map {
          [
            $0.id, String($0.anchors), formatDecimal($0.anchorPercent, places: 1),
            formatDecimal($0.formPercent, places: 1),
            formatDecimal($0.target.quota, places: 2), $0.target.rangeText, $0.withinTolerance ? "yes" : "NO",
          ]
        }
      )
      .split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(
        separator: "\n")
    }
    let keys = form.keys
    out +=
      "  Keys over \(keys.itemCount) item(s): "
      + keys.letters.map { "\($0.id) \($0.observed) (expected \(formatDecimal($0.expected, places: 1)))" }.joined(
        separator: ", ")
    if let chi = keys.chiSquare, let p = keys.pValue {
      out +=
        "; chi-square \(formatDecimal(chi, places: 2)), df \(keys.degreesOfFreedom), \(pValueText(p)); largest deviation \(formatDecimal(keys.maxDeviation, places: 1)) points: \(keys.balanced ? "balanced" : "UNBALANCED")\n"
    } else {
      out += "; too few items to test\n"
    }
    out += "  Missing items: \(list(form.missingItems))\n"
    out +=
      "  Status not allowed for role: \(list(form.statusProblems.map { "\($0.itemID) (\($0.status.rawValue) as \($0.role.rawValue))" }))\n"
    out += "  Listed more than once: \(list(form.duplicates))\n"
    out += "  Enemy pairs: \(list(form.enemyPairs.map { "\($0.first) + \($0.second)" }))\n"
    out += "  Domain not in blueprint: \(list(form.unknownDomainItems))\n"
    if !form.diagnostics.isEmpty {
      out += "  Problems:\n"
      for diagnostic in form.diagnostics { out += "    \(diagnostic)\n" }
    }
    return out
  }

  // MARK: JSON

  static func json(_ reports: [CoverageReport]) -> JSONValue {
    let errors = reports.reduce(0) { $0 + $1.errorCount }
    let warnings = reports.reduce(0) { $0 + $1.warningCount }
    return .object([
      ("format", .int(jsonFormat)),
      ("report", "coverage"),
      ("passed", .bool(passed(reports))),
      ("errors", .int(errors)),
      ("warnings", .int(warnings)),
      ("planned_forms", .int(reports.first?.options.plannedForms ?? 1)),
      ("rules", .object(rules(reports).map { ($0.0, .string($0.1)) })),
      ("blueprints", .array(reports.map(jsonBlueprint))),
    ])
  }

  static func statusJSON(_ counts: StatusCounts) -> JSONValue {
    .object(ItemStatus.allCases.map { ($0.rawValue, .int(counts[$0])) } + [("total", .int(counts.total))])
  }

  static func targetJSON(_ target: CountTarget) -> [(String, JSONValue)] {
    [
      ("quota", .rounded(target.quota, places: 3)),
      ("tolerance_items", .rounded(target.toleranceItems, places: 3)),
      ("target", .int(target.target)),
      ("minimum", .int(target.minimum)),
      ("maximum", .int(target.maximum)),
    ]
  }

  static func locationJSON(_ location: SourceLocation) -> [(String, JSONValue)] {
    [("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column))]
  }

  static func supplyJSON(_ row: SupplyRow) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(row.id)),
      ("weight", .number(row.weight.weight)),
      ("tolerance", .number(row.weight.tolerance)),
      ("items_by_status", statusJSON(row.items)),
      ("per_form", .object(targetJSON(row.perForm))),
      ("needed", .int(row.needed)),
      ("minimum_needed", .int(row.minimumNeeded)),
      ("maximum_usable", .int(row.maximumUsable)),
      ("available", .int(row.available)),
      ("shortfall", .int(row.shortfall)),
      ("status", .string(row.status.rawValue)),
    ]
    if row.kind == .domain {
      members.insert(("title", .string(row.title)), at: 1)
      members.append(
        (
          "subdomains",
          .array(
            row.subdomains.map {
              .object([
                ("id", $0.id.map(JSONValue.string) ?? .null),
                ("recognised", .bool($0.recognised)),
                ("items_by_status", statusJSON($0.items)),
              ])
            })
        ))
    }
    return .object(members)
  }

  static func diagnosticJSON(_ diagnostic: Diagnostic) -> JSONValue {
    .object(
      locationJSON(diagnostic.location) + [
        ("severity", .string(diagnostic.severity.rawValue)),
        ("code", diagnostic.code.map(JSONValue.string) ?? .null),
        ("message", .string(diagnostic.message)),
      ])
  }

  static func jsonBlueprint(_ report: CoverageReport) -> JSONValue {
    let blueprint = report.blueprint
    let bank = report.bank
    let pipeline = bank.pretestPipeline
    let bankJSON: JSONValue = .object([
      ("passed", .bool(bank.passed)),
      ("items", .int(bank.itemCount)),
      ("planned_forms", .int(bank.plannedForms)),
      ("domains", .array(bank.domains.map(supplyJSON))),
      ("cognitive_levels", .array(bank.cognitiveLevels.map(supplyJSON))),
      (
        "gaps",
        .array(
          bank.gaps.map {
            .object([
              ("kind", .string($0.kind.rawValue)),
              ("id", .string($0.id)),
              ("needed", .int($0.needed)),
              ("minimum_needed", .int($0.minimumNeeded)),
              ("available", .int($0.available)),
              ("shortfall", .int($0.shortfall)),
              ("status", .string($0.status.rawValue)),
            ])
          })
      ),
      ("scored_needed", .int(bank.scoredNeeded)),
      ("scored_usable", .int(bank.scoredUsable)),
      (
        "pretest_pipeline",
        .object([
          ("slots_per_form", .int(pipeline.slotsPerForm)),
          ("slots_needed", .int(pipeline.slotsNeeded)),
          ("pretest", .int(pipeline.pretest)),
          ("approved", .int(pipeline.approved)),
          ("eligible", .int(pipeline.eligible)),
          ("shortfall", .int(pipeline.shortfall)),
        ])
      ),
      (
        "unknown_domains",
        .array(
          bank.unknownDomains.map {
            .object([
              ("domain", .string($0.domain)),
              ("items", .array($0.itemIDs.map(JSONValue.string))),
              ("suggestion", $0.suggestion.map(JSONValue.string) ?? .null),
              ("in_other_blueprint", .bool($0.inOtherBlueprint)),
            ])
          })
      ),
      ("empty_domains", .array(bank.emptyDomains.map(JSONValue.string))),
    ])
    return .object([
      ("id", .string(blueprint.id)),
      ("exam", .string(blueprint.exam)),
      ("file", .string(blueprint.location.file)),
      ("weight_unit", .string(blueprint.weightUnit.rawValue)),
      ("form_length", .int(blueprint.formLength)),
      ("scored", .int(blueprint.scoredCount)),
      ("pretest", .int(blueprint.pretestCount)),
      ("passed", .bool(report.passed)),
      ("errors", .int(report.errorCount)),
      ("warnings", .int(report.warningCount)),
      ("bank", bankJSON),
      ("forms", .array(report.forms.map(jsonForm))),
      (
        "overlaps",
        .array(
          report.overlaps.map {
            .object([
              ("first", .string($0.firstForm)),
              ("second", .string($0.secondForm)),
              ("first_items", .int($0.firstItems)),
              ("second_items", .int($0.secondItems)),
              ("shared", .int($0.shared.count)),
              ("percent_of_first", .rounded($0.percentOfFirst, places: 2)),
              ("percent_of_second", .rounded($0.percentOfSecond, places: 2)),
              ("shared_items", .array($0.shared.map(JSONValue.string))),
              ("shared_anchors", .array($0.sharedAnchors.map(JSONValue.string))),
            ])
          })
      ),
      ("diagnostics", .array(report.diagnostics.map(diagnosticJSON))),
    ])
  }

  static func countJSON(_ count: FormCount) -> JSONValue {
    .object(
      [
        ("id", .string(count.id)),
        ("weight", .number(count.weight.weight)),
        ("tolerance", .number(count.weight.tolerance)),
        ("count", .int(count.count)),
        ("percent", .rounded(count.percent, places: 2)),
      ] + targetJSON(count.target) + [("within_tolerance", .bool(count.withinTolerance))])
  }

  static func jsonForm(_ form: FormCoverage) -> JSONValue {
    let keys = form.keys
    return .object([
      ("id", .string(form.id)),
      ("title", form.title.map(JSONValue.string) ?? .null),
      ("blueprint", .string(form.blueprintID)),
      ("file", .string(form.location.file)),
      ("passed", .bool(form.passed)),
      ("length", .object([("actual", .int(form.length)), ("expected", .int(form.expectedLength))])),
      (
        "scored",
        .object([
          ("actual", .int(form.scoredCount)), ("expected", .int(form.expectedScored)),
          ("scored_role", .int(form.scoredOnly)), ("anchor_role", .int(form.anchorCount)),
        ])
      ),
      ("pretest", .object([("actual", .int(form.pretestCount)), ("expected", .int(form.expectedPretest))])),
      ("domains", .array(form.domains.map(countJSON))),
      ("cognitive_levels", .array(form.cognitiveLevels.map(countJSON))),
      ("missing_items", .array(form.missingItems.map(JSONValue.string))),
      (
        "status_problems",
        .array(
          form.statusProblems.map {
            .object([
              ("item", .string($0.itemID)), ("status", .string($0.status.rawValue)),
              ("role", .string($0.role.rawValue)),
              ("line", .int($0.location.line)), ("column", .int($0.location.column)),
            ])
          })
      ),
      ("duplicates", .array(form.duplicates.map(JSONValue.string))),
      (
        "enemy_pairs",
        .array(
          form.enemyPairs.map {
            .object([
              ("first", .string($0.first)), ("second", .string($0.second)),
              ("line", .int($0.location.line)), ("column", .int($0.location.column)),
            ])
          })
      ),
      ("unknown_domain_items", .array(form.unknownDomainItems.map(JSONValue.string))),
      (
        "anchors",
        .object([
          ("count", .int(form.anchors.count)),
          ("recommended_minimum", .int(form.anchors.recommendedMinimum)),
          ("miniature", .bool(form.anchors.isMiniature)),
          (
            "domains",
            .array(
              form.anchors.domains.map {
                .object(
                  [
                    ("id", .string($0.id)), ("anchors", .int($0.anchors)),
                    ("anchor_percent", .rounded($0.anchorPercent, places: 2)),
                    ("form_percent", .rounded($0.formPercent, places: 2)),
                  ] + targetJSON($0.target) + [("within_tolerance", .bool($0.withinTolerance))])
              })
          ),
        ])
      ),
      (
        "keys",
        .object([
          ("items", .int(keys.itemCount)),
          (
            "letters",
            .array(
              keys.letters.map {
                .object([
                  ("id", .string($0.id)), ("observed", .int($0.observed)),
                  ("expected", .rounded($0.expected, places: 3)),
                  ("percent", .rounded($0.percent, places: 2)),
                  ("expected_percent", .rounded($0.expectedPercent, places: 2)),
                ])
              })
          ),
          ("chi_square", keys.chiSquare.map { .rounded($0, places: 4) } ?? .null),
          ("df", .int(keys.degreesOfFreedom)),
          ("p_value", keys.pValue.map { .rounded($0, places: 4) } ?? .null),
          ("max_deviation", .rounded(keys.maxDeviation, places: 2)),
          ("significance", .number(keys.significance)),
          ("balanced", .bool(keys.balanced)),
        ])
      ),
    ])
  }

  // MARK: Markdown

  static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
    MarkdownTable.labelled(header: header, rows: rows).rendered()
  }

  static func markdown(_ reports: [CoverageReport]) -> String {
    let errors = reports.reduce(0) { $0 + $1.errorCount }
    let warnings = reports.reduce(0) { $0 + $1.warningCount }
    var out = "# Blueprint coverage\n\n"
    out += "**Result: \(passed(reports) ? "passed" : "FAILED")** (\(errors) error(s), \(warnings) warning(s))\n\n"
    for report in reports { out += markdownBlueprint(report) }
    out += "## Rules\n\n"
    for (_, rule) in rules(reports) { out += "- " + rule + "\n" }
    return out
  }

  static func markdownBlueprint(_ report: CoverageReport) -> String {
    let blueprint = report.blueprint
    let bank = report.bank
    let unit = blueprint.weightUnit
    var out = "## Blueprint `\(blueprint.id)`: \(report.passed ? "passed" : "FAILED")\n\n"
    out +=
      "\(blueprint.exam) (`\(blueprint.location.file)`): form length \(blueprint.formLength) = \(blueprint.scoredCount) scored + \(blueprint.pretestCount) pretest; weights in \(unit == .percent ? "percent of scored items" : "items").\n\n"
    out += "### Bank capacity (\(formsText(bank.plannedForms)) without reuse)\n\n"
    out += markdownTable(
      ["", "weight", "target/form", "allowed/form", "needed", "minimum", "available", "shortfall", "status"],
      (bank.domains + bank.cognitiveLevels).map { row in
        [
          (row.kind == .domain ? "" : "level ") + row.id, weightText(row.weight, unit), String(row.perForm.target),
          row.perForm.rangeText, String(row.needed), String(row.minimumNeeded), String(row.available),
          String(row.shortfall), row.status.rawValue,
        ]
      })
    out += "\nGaps, worst first:"
    out +=
      bank.gaps.isEmpty
      ? " none.\n"
      : "\n\n"
        + bank.gaps.map {
          "- \($0.kind == .domain ? "domain" : "cognitive level") `\($0.id)`: short by \($0.shortfall) (needs \($0.needed), minimum \($0.minimumNeeded), has \($0.available)): \($0.status.rawValue)\n"
        }.joined()
    let pipeline = bank.pretestPipeline
    out +=
      "\nScored positions the operational items can fill within the allowed ranges: \(bank.scoredUsable) (needed \(bank.scoredNeeded)). "
    out +=
      "Pretest pipeline: \(pipeline.slotsNeeded) slot(s) for \(formsText(bank.plannedForms)); \(pipeline.pretest) pretest + \(pipeline.approved) approved = \(pipeline.eligible) eligible.\n\n"
    out += "### Items by status\n\n"
    var rows: [[String]] = []
    for domain in bank.domains {
      rows.append(["**\(domain.id)**"] + statusCells(domain.items))
      for subdomain in domain.subdomains {
        let name =
          subdomain.id.map { "↳ " + $0 + (subdomain.recognised ? "" : " (not in blueprint)") } ?? "↳ (no subdomain)"
        rows.append([name] + statusCells(subdomain.items))
      }
    }
    for level in bank.cognitiveLevels { rows.append(["level " + level.id] + statusCells(level.items)) }
    out += markdownTable(["domain / subdomain"] + statusHeader(), rows)
    out += "\nItems whose domain is not in the blueprint: "
    out +=
      bank.unknownDomains.isEmpty
      ? "none"
      : bank.unknownDomains.map { "`\($0.domain)` (\($0.itemIDs.joined(separator: ", ")))" }.joined(separator: "; ")
    out +=
      ".\n\nBlueprint domains with no items: \(bank.emptyDomains.isEmpty ? "none" : bank.emptyDomains.map { "`\($0)`" }.joined(separator: ", ")).\n\n"

    for form in report.forms {
      out += "### Form `\(form.id)`: \(form.passed ? "passed" : "FAILED")\n\n"
      out +=
        "`\(form.location.file)`: length \(form.length) (blueprint \(form.expectedLength)); scored \(form.scoredCount) = \(form.scoredOnly) scored + \(form.anchorCount) anchor (blueprint \(form.expectedScored)); pretest \(form.pretestCount) (blueprint \(form.expectedPretest)).\n\n"
      out += markdownTable(
        ["", "weight", "quota", "target", "allowed", "count", "percent", "ok"],
        form.domains.map { ($0, "") }.map(markdownCount(unit))
          + form.cognitiveLevels.map { ($0, "level ") }.map(markdownCount(unit)))
      let anchors = form.anchors
      out += "\nAnchors: \(anchors.count)"
      if anchors.count > 0 {
        out +=
          " (recommended at least \(anchors.recommendedMinimum)); miniature of the form: \(anchors.isMiniature ? "yes" : "**no**").\n\n"
        out += markdownTable(
          ["", "anchors", "% of anchors", "% of form", "quota", "allowed", "ok"],
          anchors.domains.map {
            [
              $0.id, String($0.anchors), formatDecimal($0.anchorPercent, places: 1),
              formatDecimal($0.formPercent, places: 1),
              formatDecimal($0.target.quota, places: 2), $0.target.rangeText, $0.withinTolerance ? "yes" : "**no**",
            ]
          })
      } else {
        out += ".\n"
      }
      let keys = form.keys
      out +=
        "\nKeys over \(keys.itemCount) item(s): "
        + keys.letters.map { "\($0.id) \($0.observed) (expected \(formatDecimal($0.expected, places: 1)))" }.joined(
          separator: ", ")
      if let chi = keys.chiSquare, let p = keys.pValue {
        out +=
          "; chi-square \(formatDecimal(chi, places: 2)), df \(keys.degreesOfFreedom), \(pValueText(p)): \(keys.balanced ? "balanced" : "**unbalanced**").\n"
      } else {
        out += "; too few items to test.\n"
      }
      if !form.diagnostics.isEmpty {
        out += "\nProblems:\n\n"
        for diagnostic in form.diagnostics { out += "- `\(diagnostic)`\n" }
      }
      out += "\n"
    }
    if !report.overlaps.isEmpty {
      out += "### Overlap between forms\n\n"
      out += markdownTable(
        ["forms", "items", "shared", "% of first", "% of second", "shared anchors"],
        report.overlaps.map {
          [
            "\($0.firstForm) / \($0.secondForm)", "\($0.firstItems) / \($0.secondItems)", String($0.shared.count),
            formatDecimal($0.percentOfFirst, places: 1), formatDecimal($0.percentOfSecond, places: 1),
            String($0.sharedAnchors.count),
          ]
        })
      out += "\n"
    }
    if !bank.diagnostics.isEmpty {
      out += "### Bank problems\n\n"
      for diagnostic in bank.diagnostics { out += "- `\(diagnostic)`\n" }
      out += "\n"
    }
    return out
  }

  static func markdownCount(_ unit: WeightUnit) -> ((FormCount, String)) -> [String] {
    { pair in
      let (count, prefix) = pair
      return [
        prefix + count.id, weightText(count.weight, unit), formatDecimal(count.target.quota, places: 2),
        String(count.target.target), count.target.rangeText, String(count.count),
        formatDecimal(count.percent, places: 1), count.withinTolerance ? "yes" : "**no**",
      ]
    }
  }
}
