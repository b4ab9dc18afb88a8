import ItemBenchCore

/// Plain-text documentation of rules, built from the rules themselves (what `itembench rules`
/// prints).
public enum RuleDocumentation {
  /// A summary table, then every rule with its first triggering and non-triggering example,
  /// grouped by category.
  public static func catalogue(_ rules: [any LintRule]) -> String {
    let sorted = rules.sorted { ($0.category, $0.id) < ($1.category, $1.id) }
    var text = "\(sorted.count) rules. Legend: ↓ marks the position a finding points at.\n\n"
    let width = sorted.map(\.id.count).max() ?? 0
    for rule in sorted {
      let padding = String(repeating: " ", count: width - rule.id.count)
      text +=
        "  \(rule.id)\(padding)  \(rule.defaultSeverity.rawValue.padding(7))  "
        + "\(rule.isOptIn ? "opt-in " : "default")  \(rule.category.rawValue)\n"
    }
    for rule in sorted {
      text += "\n" + Self.text(for: rule, allExamples: false)
    }
    return text
  }

  /// A Markdown table of the rules: id, default severity, opt-in, category, description and
  /// parameters (for `docs/lint.md`).
  public static func markdownTable(_ rules: [any LintRule]) -> String {
    let sorted = rules.sorted { ($0.category, $0.id) < ($1.category, $1.id) }
    var table = MarkdownTable(header: ["Rule", "Default", "Opt-in", "Category", "What it reports", "Parameters"])
    for rule in sorted {
      let parameters = rule.parameters.map { "`\($0.name)` = \($0.defaultValue)" }.joined(separator: ", ")
      table.append([
        "`\(rule.id)`", rule.defaultSeverity.rawValue, rule.isOptIn ? "yes" : "no", rule.category.rawValue,
        rule.description, parameters,
      ])
    }
    return table.rendered()
  }

  /// One rule: header, description, parameters and examples.
  public static func text(for rule: any LintRule, allExamples: Bool) -> String {
    var text = "\(rule.id)\n"
    text +=
      "  severity: \(rule.defaultSeverity.rawValue); \(rule.isOptIn ? "opt-in (enable with opt_in_rules)" : "enabled by default"); category: \(rule.category.rawValue)\n"
    text += wrap(rule.description, indent: "  ") + "\n"
    if !rule.parameters.isEmpty {
      text += "  parameters:\n"
      for parameter in rule.parameters {
        text += "    \(parameter.name): \(parameter.defaultValue) (default) - \(parameter.description)\n"
      }
    }
    let triggering = allExamples ? rule.triggeringExamples : Array(rule.triggeringExamples.prefix(1))
    let nonTriggering = allExamples ? rule.nonTriggeringExamples : Array(rule.nonTriggeringExamples.prefix(1))
    for example in triggering { text += render(example, title: "triggers") }
    for example in nonTriggering { text += render(example, title: "does not trigger") }
    return text
  }

  static func render(_ example: LintExample, title: String) -> String {
    var header = "  \(title)"
    var notes: [String] = []
    if let note = example.note { notes.append(note) }
    if !example.options.isEmpty, example.note == nil {
      notes.append(example.options.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }
    if !notes.isEmpty { header += " (\(notes.joined(separator: "; ")))" }
    var text = header + ":\n"
    let files = example.files.sorted { $0.key < $1.key }
    for (path, file) in files {
      if files.count > 1 { text += "    # \(path)\n" }
      var body = file
      if body.hasSuffix("\n") { body.removeLast() }
      for line in body.split(separator: "\n", omittingEmptySubsequences: false) { text += "    | \(line)\n" }
    }
    return text
  }

  /// `text` wrapped at 96 columns with `indent` before each line.
  static func wrap(_ text: String, indent: String) -> String {
    var lines: [String] = []
    var line = indent
    for word in text.split(separator: " ") {
      if line.count + word.count + 1 > 96, line != indent {
        lines.append(line)
        line = indent
      }
      line += (line == indent ? "" : " ") + word
    }
    if line != indent { lines.append(line) }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
