import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

@Suite struct CustomRuleTests {
  static let configuration = """
    custom_rules:
      which-of-the-following:
        regex: "(?i)which of the following"
        fields: [stem]
        message: "write the question so it can be answered without the options"
        severity: info
      no-always-in-key:
        regex: "\\\\balways\\\\b"
        fields: key
        message: "the key says 'always'"

    """

  @Test func regexRulesFireAtTheMatch() throws {
    let configuration = try LintConfiguration.parse(Self.configuration, file: "c.yml")
    let text = ExampleItem.text(
      stem: "Which of the following is held against demand variation?",
      options: ["Stock that is always held", "Cycle stock", "Pipeline stock, always", "Anticipation stock"])
    let findings = Linter(rules: configuration.customRules.map { ConfiguredRule($0) })
      .lint(BankLoader.load(texts: ["a.yml": text])).findings
    #expect(
      findings.map(\.description) == [
        "a.yml:5:7: info: write the question so it can be answered without the options (which-of-the-following)",
        "a.yml:7:20: warning: the key says 'always' (no-always-in-key)",
      ])
  }

  @Test func customRulesCanBeDisabledAndReconfigured() throws {
    let text = Self.configuration + "disabled_rules: [no-always-in-key]\nwhich-of-the-following: error\n"
    let configuration = try LintConfiguration.parse(text, file: "c.yml")
    let linter = Linter(configuration: configuration)
    #expect(!linter.rules.contains { $0.rule.id == "no-always-in-key" })
    #expect(linter.rules.first { $0.rule.id == "which-of-the-following" }?.severity == .error)
    #expect(linter.catalogue.contains { $0.id == "no-always-in-key" })
  }

  @Test func defaultFieldsAreStemOptionsAndRationale() throws {
    let rule = try RegexRule(id: "x", regex: "zzz")
    #expect(rule.fields == [.stem, .options, .rationale])
    let text = ExampleItem.text(
      stem: WritingRules.stem, options: WritingRules.options, rationale: nil,
      extra: "rationale:\n  key: fine\n  distractors: {B: zzz here}")
    let findings = Linter(rules: [ConfiguredRule(rule)]).lint(BankLoader.load(texts: ["a.yml": text])).findings
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 15, column: 20)])
    #expect(findings.first?.field == "rationale.distractors.B")
  }
}
