import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

/// The rule ids and default severities are a contract (issue 3); this table is copied from the
/// issue, not from the code.
@Suite struct RuleCatalogueTests {
  static let issueRules: [(String, Severity)] = [
    ("yaml-syntax", .error), ("missing-field", .error), ("unknown-field", .error), ("invalid-value", .error),
    ("duplicate-id", .error), ("key-not-an-option", .error), ("option-count", .error),
    ("duplicate-option", .error), ("unknown-domain", .error), ("enemy-not-found", .error),
    ("all-of-the-above", .error), ("none-of-the-above", .warning), ("negative-stem", .warning),
    ("absolute-terms", .warning), ("vague-terms", .warning), ("longest-option-key", .warning),
    ("stem-key-word-repeat", .warning), ("grammatical-cue", .warning), ("numeric-option-order", .warning),
    ("option-overlap", .warning), ("type-k", .warning), ("common-option-prefix", .info),
    ("convergence-cue", .info), ("stem-format", .warning), ("stem-length", .info),
    ("missing-rationale", .warning), ("missing-reference", .info), ("near-duplicate", .warning),
    ("key-position-balance", .info),
  ]

  @Test func everyRuleOfTheIssueIsRegisteredWithItsSeverity() {
    for (id, severity) in Self.issueRules {
      let rule = LintRuleRegistry.shared.rule(id)
      #expect(rule != nil, "missing rule \(id)")
      #expect(rule?.defaultSeverity == severity, "\(id) should default to \(severity)")
      #expect(rule?.isOptIn == false, "\(id) is enabled by default in the issue")
    }
  }

  @Test func ruleIDsAreKebabCaseAndDescribed() {
    for rule in LintRuleRegistry.shared.rules {
      #expect(RegexRule.isValidID(rule.id) && !rule.id.contains("_"), "\(rule.id)")
      #expect(rule.description.count > 20, "\(rule.id) needs a description")
      #expect(!rule.description.hasSuffix("\n"))
      for parameter in rule.parameters {
        #expect(
          parameter.name == parameter.name.lowercased() && !parameter.name.contains("-"), "\(rule.id).\(parameter.name)"
        )
      }
    }
  }

  @Test func builtInRulesAreRegisteredThroughThePublicProtocol() {
    // A fresh registry without built-ins accepts the same rule values the shared one holds.
    let registry = LintRuleRegistry(builtIns: false)
    #expect(registry.rules.isEmpty)
    for rule in LintRuleRegistry.builtInRules { registry.register(rule) }
    #expect(registry.ruleIDs == LintRuleRegistry.shared.ruleIDs)
  }

  @Test func anExternalRuleRunsLikeABuiltInOne() throws {
    struct NoQuestionMarkInOptions: LintRule {
      let id = "no-question-mark-in-options"
      let defaultSeverity = Severity.warning
      let description = "An option ends with a question mark."
      var triggeringExamples: [LintExample] { [] }
      var nonTriggeringExamples: [LintExample] { [] }
      func check(item: Item, context: LintContext) -> [LintFinding] {
        item.options.filter { $0.text.hasSuffix("?") }.map {
          context.finding("option \($0.id) is a question", item: item, field: "options.\($0.id)")
        }
      }
    }
    let registry = LintRuleRegistry()
    registry.register(NoQuestionMarkInOptions())
    let text = ExampleItem.text(
      stem: WritingRules.stem, options: ["Safety stock", "Cycle stock?", "Pipeline stock", "Anticipation stock"])
    let configuration = try LintConfiguration.parse(
      "no-question-mark-in-options: error\n", file: ".itembench.yml", registry: registry)
    let findings = Linter(configuration: configuration, registry: registry).lint(
      BankLoader.load(texts: ["item.yml": text])
    ).findings
    let finding = try #require(findings.first { $0.ruleID == "no-question-mark-in-options" })
    #expect(finding.severity == .error)
    #expect(finding.location == SourceLocation(file: "item.yml", line: 8, column: 6))
  }
}
