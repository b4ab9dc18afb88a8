import ItemBank
import ItemBenchCore
import ItemLint  // not @testable: everything here must be public API
import Testing

/// The example rule of docs/lint.md, written only against the public API.
struct NoTrickWordsRule: LintRule {
  let id = "no-trick-words"
  let defaultSeverity = Severity.warning
  let description = "The stem calls the question tricky."
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which ↓tricky cost rises with the lot size?", options: ["Holding", "Ordering", "Setup", "Stockout"]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which cost rises with the lot size?", options: ["Holding", "Ordering", "Setup", "Stockout"]))
    ]
  }
  func check(item: Item, context: LintContext) -> [LintFinding] {
    context.analysis(of: item).lowercasedStemWords.contains("tricky")
      ? [context.finding("the stem calls the question tricky", item: item, field: "stem", highlighting: "tricky")]
      : []
  }
}

/// A reporter that counts findings per rule.
struct CountReporter: LintReporter {
  let name = "counts"
  let summary = "rule: count"
  func render(_ report: LintReport) -> String {
    Dictionary(grouping: report.findings, by: \.ruleID).sorted { $0.key < $1.key }
      .map { "\($0.key): \($0.value.count)\n" }.joined()
  }
}

@Suite struct ExtensionAPITests {
  @Test func documentedRuleRunsThroughTheRegistryAndConfiguration() throws {
    let registry = LintRuleRegistry()
    registry.register(NoTrickWordsRule())
    let rule = try #require(registry.rule("no-trick-words"))
    for example in rule.triggeringExamples {
      let findings = Linter(rules: [ConfiguredRule(rule)]).lint(BankLoader.load(texts: example.cleanFiles)).findings
      #expect(findings.map(\.location) == example.markedLocations)
    }
    for example in rule.nonTriggeringExamples {
      #expect(Linter(rules: [ConfiguredRule(rule)]).lint(BankLoader.load(texts: example.cleanFiles)).findings.isEmpty)
    }
    // Configurable like a built-in rule: severity, suppression, did-you-mean.
    let configuration = try LintConfiguration.parse("no-trick-words: error\n", file: "c.yml", registry: registry)
    let text = ExampleItem.text(
      stem: "Which tricky cost rises with the lot size?", options: ["Holding", "Ordering", "Setup", "Stockout"])
    let findings = Linter(configuration: configuration, registry: registry).lint(
      BankLoader.load(texts: ["a.yml": text])
    ).findings
    #expect(findings.filter { $0.ruleID == "no-trick-words" }.map(\.severity) == [.error])
    let suppressed = "# itembench:disable no-trick-words\n" + text
    #expect(
      !Linter(configuration: configuration, registry: registry).lint(BankLoader.load(texts: ["a.yml": suppressed]))
        .findings
        .contains { $0.ruleID == "no-trick-words" })
    #expect(throws: LintConfigurationError.self) {
      try LintConfiguration.parse("no-trick-word: error\n", file: "c.yml", registry: registry)
    }
  }

  @Test func reportersAreRegisteredByName() {
    let registry = LintReporterRegistry()
    registry.register(CountReporter())
    #expect(registry.names == ["text", "json", "sarif", "github", "junit", "counts"])
    let report = LintReport(
      findings: [
        LintFinding(ruleID: "b", severity: .info, message: "m", location: SourceLocation(file: "x")),
        LintFinding(ruleID: "a", severity: .info, message: "m", location: SourceLocation(file: "x")),
      ], files: ["x"], rules: [], enabledRuleIDs: [])
    #expect(registry.reporter(named: "counts")?.render(report) == "a: 1\nb: 1\n")
  }
}
