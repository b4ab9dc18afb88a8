import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

@Suite struct ConfigurationTests {
  @Test func readsEverySetting() throws {
    let text = """
      disabled_rules: [missing-reference, convergence-cue]
      opt_in_rules: [missing-distractor-rationale]
      included: ["**/*.yml"]
      excluded: [drafts]
      negative-stem: error
      option-count: {count: 5, severity: warning}
      longest-option-key:
        ratio: 2
      custom_rules:
        no-trick:
          regex: "(?i)\\\\btrick\\\\b"
          fields: [stem]
          message: avoid the word trick
          severity: info

      """
    let configuration = try LintConfiguration.parse(text, file: "/bank/.itembench.yml")
    #expect(configuration.disabledRules == ["missing-reference", "convergence-cue"])
    #expect(configuration.optInRules == ["missing-distractor-rationale"])
    #expect(configuration.severities == ["negative-stem": .error, "option-count": .warning])
    #expect(configuration.parameters["option-count"] == ["count": .integer(5)])
    #expect(configuration.parameters["longest-option-key"] == ["ratio": .number(2)])
    #expect(configuration.customRules.map(\.id) == ["no-trick"])
    #expect(configuration.customRules.first?.fields == [.stem])
    #expect(configuration.customRules.first?.defaultSeverity == .info)
    #expect(configuration.baseDirectory == "/bank")
    #expect(configuration.selects("inventory/INV-0001.yml"))
    #expect(!configuration.selects("drafts/INV-0009.yml"))
    #expect(!configuration.selects("notes.txt"))

    let linter = Linter(configuration: configuration)
    let enabled = Set(linter.rules.map(\.rule.id))
    #expect(!enabled.contains("missing-reference"))
    #expect(enabled.contains("missing-distractor-rationale"))
    #expect(enabled.contains("no-trick"))
    #expect(linter.rules.first { $0.rule.id == "option-count" }?.options.integer("count") == 5)
    #expect(linter.rules.first { $0.rule.id == "negative-stem" }?.severity == .error)
  }

  @Test func optInRulesAreOffByDefault() {
    let enabled = Set(Linter().rules.map(\.rule.id))
    #expect(!enabled.contains("missing-distractor-rationale"))
    #expect(enabled.contains("negative-stem"))
  }

  /// Each problem is reported at its position with a did-you-mean suggestion.
  @Test func unknownRuleIDsAreErrorsWithSuggestions() throws {
    let text = """
      disabled_rules: [negative-stems]
      absolute_terms: warning
      option-count: {counts: 5}

      """
    let error = try #require(throws: LintConfigurationError.self) {
      try LintConfiguration.parse(text, file: ".itembench.yml")
    }
    #expect(
      error.description == """
        .itembench.yml:1:18: error: unknown rule id 'negative-stems' in 'disabled_rules' (did you mean 'negative-stem'?)
        .itembench.yml:2:1: error: unknown rule id or setting 'absolute_terms' (did you mean 'absolute-terms'?)
        .itembench.yml:3:16: error: rule 'option-count' has no parameter 'counts'; it accepts 'count', 'severity' (did you mean 'count'?)
        """)
  }

  /// Problems in the top-level mapping, a rule's parameters and a custom rule are all reported
  /// together, each at its own line and column, with the `configuration` code.
  @Test func everyProblemIsReportedAtItsPosition() throws {
    let text = """
      disabled_rules: [negative-stem, option-counts]
      negative-stem: fatal
      option-count:
        count: four
        severty: error
      custom_rules:
        no-trick:
          regex: x
          messages: avoid tricks
      excluded: {drafts: true}
      includd: ["*.yml"]

      """
    let error = try #require(throws: LintConfigurationError.self) {
      try LintConfiguration.parse(text, file: "c.yml")
    }
    #expect(
      error.description == """
        c.yml:1:33: error: unknown rule id 'option-counts' in 'disabled_rules' (did you mean 'option-count'?)
        c.yml:2:16: error: expected a severity (error, warning or info) or a mapping of parameters for rule 'negative-stem'
        c.yml:4:10: error: parameter 'count' of rule 'option-count': expected a whole number
        c.yml:5:3: error: rule 'option-count' has no parameter 'severty'; it accepts 'count', 'severity' (did you mean 'severity'?)
        c.yml:9:5: error: unknown setting 'messages' in custom rule 'no-trick' (did you mean 'message'?)
        c.yml:10:11: error: expected 'excluded' to be a list of path globs
        c.yml:11:1: error: unknown rule id or setting 'includd' (did you mean 'included'?)
        """)
    #expect(error.diagnostics.allSatisfy { $0.code == "configuration" })
  }

  @Test func parameterValuesAreTypeAndRangeChecked() throws {
    let error = try #require(throws: LintConfigurationError.self) {
      try LintConfiguration.parse(
        "option-count: {count: four}\nnear-duplicate: {threshold: 1.5}\nnegative-stem: fatal\n", file: "c.yml")
    }
    #expect(
      error.diagnostics.map(\.message) == [
        "parameter 'count' of rule 'option-count': expected a whole number",
        "parameter 'threshold' of rule 'near-duplicate': expected at most 1.0, found 1.5",
        "expected a severity (error, warning or info) or a mapping of parameters for rule 'negative-stem'",
      ])
  }

  @Test func customRulesAreValidated() throws {
    let text = """
      custom_rules:
        negative-stem: {regex: x}
        bad-regex: {regex: "(unclosed"}
        bad-field: {regex: x, fields: [stems]}

      """
    let error = try #require(throws: LintConfigurationError.self) {
      try LintConfiguration.parse(text, file: "c.yml")
    }
    let messages = error.diagnostics.map(\.message)
    #expect(messages.count == 3)
    #expect(
      messages.contains("custom rule 'negative-stem' has the id of a built-in or registered rule; choose another id"))
    #expect(messages.contains { $0.hasPrefix("invalid regex in custom rule 'bad-regex'") })
    #expect(
      messages.contains(
        "unknown field 'stems' in custom rule 'bad-field'; expected stem, options, key or rationale (did you mean 'stem'?)"
      ))
  }

  /// A custom rule's regex, message and description are text: an empty regex (`~`) or a list
  /// where text belongs is an error at the value, never the default message.
  @Test func customRuleTextsMustBeText() throws {
    let text = """
      custom_rules:
        no-regex: {regex: ~}
        listed-message: {regex: x, message: [a, b]}
        mapped-description: {regex: x, description: {a: 1}}

      """
    let error = try #require(throws: LintConfigurationError.self) {
      try LintConfiguration.parse(text, file: "c.yml")
    }
    #expect(
      error.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
        "2:21 expected 'regex' of custom rule 'no-regex' to be a regular expression, found an empty value",
        "3:39 expected 'message' of custom rule 'listed-message' to be text, found a list",
        "4:47 expected 'description' of custom rule 'mapped-description' to be text, found a mapping",
      ])
  }

  @Test func emptyConfigurationIsTheDefault() throws {
    let configuration = try LintConfiguration.parse("", file: "c.yml")
    #expect(configuration.disabledRules.isEmpty && configuration.customRules.isEmpty)
    #expect(throws: LintConfigurationError.self) { try LintConfiguration.parse("- a list\n", file: "c.yml") }
    #expect(throws: LintConfigurationError.self) { try LintConfiguration.parse("disabled_rules: [\n", file: "c.yml") }
  }

  @Test func severityOverrideChangesFindings() throws {
    let configuration = try LintConfiguration.parse("missing-reference: error\n", file: "c.yml")
    let text = ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options, references: nil)
    let findings = TestSupport.lint(["a.yml": text], configuration: configuration)
    #expect(findings.map(\.ruleID) == ["missing-reference"])
    #expect(findings.first?.severity == .error)
  }

  @Test(arguments: [
    ("*.yml", "a.yml", true), ("*.yml", "dir/a.yml", false), ("**/*.yml", "dir/sub/a.yml", true),
    ("**/*.yml", "a.yml", true), ("dir", "dir/a.yml", true), ("dir/", "dir/sub/a.yml", true),
    ("di", "dir/a.yml", false), ("dir/*.yml", "dir/a.yml", true), ("dir/*.yml", "dir/sub/a.yml", false),
    ("?.yml", "a.yml", true), ("?.yml", "ab.yml", false), ("drafts/**", "drafts/x/y.yml", true),
    ("./inventory", "inventory/a.yml", true), ("**/forms/*", "Items/forms/a.yml", true),
  ])
  func globs(pattern: String, path: String, matches: Bool) {
    #expect(Glob.matches(pattern, path) == matches, "\(pattern) ~ \(path)")
  }
}
