import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

/// Every registered rule's examples are its test (as SwiftLint's generated tests): each
/// triggering example produces findings exactly at its `↓` markers (or at least one finding when
/// it has none), and no non-triggering example produces a finding of the rule.
@Suite struct RuleExampleTests {
  static let ruleIDs = LintRuleRegistry.shared.ruleIDs

  static func findings(of rule: any LintRule, in example: LintExample) -> (findings: [LintFinding], bank: ItemBank) {
    let bank = BankLoader.load(texts: example.cleanFiles)
    let linter = Linter(rules: [ConfiguredRule(rule, options: example.options)])
    return (linter.lint(bank).findings.filter { $0.ruleID == rule.id }, bank)
  }

  @Test(arguments: ruleIDs)
  func triggeringExamplesTrigger(ruleID: String) throws {
    let rule = try #require(LintRuleRegistry.shared.rule(ruleID))
    #expect(!rule.triggeringExamples.isEmpty, "\(ruleID) has no triggering example")
    for (index, example) in rule.triggeringExamples.enumerated() {
      let (findings, _) = Self.findings(of: rule, in: example)
      let marked = example.markedLocations
      if marked.isEmpty {
        #expect(!findings.isEmpty, "\(ruleID) triggering example \(index + 1) produced no finding")
      } else {
        #expect(
          findings.map(\.location).sorted() == marked.sorted(),
          "\(ruleID) triggering example \(index + 1): findings \(findings.map(\.description)) expected at \(marked)")
      }
    }
  }

  @Test(arguments: ruleIDs)
  func nonTriggeringExamplesDoNotTrigger(ruleID: String) throws {
    let rule = try #require(LintRuleRegistry.shared.rule(ruleID))
    #expect(!rule.nonTriggeringExamples.isEmpty, "\(ruleID) has no non-triggering example")
    for (index, example) in rule.nonTriggeringExamples.enumerated() {
      let (findings, bank) = Self.findings(of: rule, in: example)
      #expect(findings.isEmpty, "\(ruleID) non-triggering example \(index + 1): \(findings.map(\.description))")
      #expect(
        bank.diagnostics.isEmpty,
        "\(ruleID) non-triggering example \(index + 1) does not load cleanly: \(bank.diagnostics)")
    }
  }

  /// Examples of item-writing and bank rules are valid item files, so they show one problem at
  /// a time.
  @Test(arguments: ruleIDs)
  func triggeringExamplesOfContentRulesLoadCleanly(ruleID: String) throws {
    let rule = try #require(LintRuleRegistry.shared.rule(ruleID))
    guard rule.category != .structure else { return }
    for (index, example) in rule.triggeringExamples.enumerated() {
      let bank = BankLoader.load(texts: example.cleanFiles)
      #expect(bank.diagnostics.isEmpty, "\(ruleID) triggering example \(index + 1): \(bank.diagnostics)")
    }
  }
}
