import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

/// Partial-credit items: the rules about options, keys and distractors skip them, the rules
/// about stems and references still run, and `score-rubric` checks their rubrics.
@Suite struct PartialCreditLintTests {
  /// Every registered rule, opt-in ones included, with its defaults.
  static var everyRule: Linter { Linter(rules: LintRuleRegistry.shared.rules.map { ConfiguredRule($0) }) }

  /// A partial-credit item that an option or key rule would report if it ran: no options (so
  /// `option-count` and `key-not-an-option` would fire), no rationale (`missing-rationale`), and
  /// a prompt ending in a full stop (`stem-format`).
  static let clean = ExampleItem.partialCredit(
    stem: "A distributor sells 12,000 units a year at $60 an order and $5 a unit-year.\n"
      + "Compute the economic order quantity and show your work.",
    rubrics: [
      "No relevant work.", "States EOQ = sqrt(2DS/H) with D, S and H identified.",
      "Computes EOQ = 537 units and shows the work.",
    ])

  @Test func noRuleAboutOptionsKeysOrDistractorsFiresOnAPartialCreditItem() {
    let bank = BankLoader.load(texts: ["SCN-0001.yml": Self.clean])
    #expect(bank.diagnostics.isEmpty, "\(bank.diagnostics)")
    #expect(bank.items.first?.responseType == .partialCredit)
    let findings = Self.everyRule.lint(bank).findings
    #expect(findings.isEmpty, "\(findings.map(\.description))")
  }

  @Test func stemRulesStillRunOnAPartialCreditItem() {
    let text = ExampleItem.partialCredit(
      stem: "Explain why safety stock is usually held and compute it.",
      rubrics: ["No relevant work.", "Explains safety stock.", "Explains and computes it."], references: nil)
    let findings = Self.everyRule.lint(BankLoader.load(texts: ["SCN-0001.yml": text])).findings
    #expect(Set(findings.map(\.ruleID)) == ["vague-terms", "missing-reference"], "\(findings.map(\.description))")
  }

  @Test func partialCreditItemsDoNotCountTowardsKeyPositionBalance() throws {
    // Twenty multiple-choice items all keyed A, and twenty partial-credit items: the balance
    // test is over the twenty keyed items only.
    var list = ""
    for index in 1...20 {
      list += ExampleItem.line(id: "INV-\(1000 + index)", stem: "Question \(index)?", key: "A")
    }
    var files = ["items.yml": list]
    for index in 1...20 {
      files["SCN-\(1000 + index).yml"] = ExampleItem.partialCredit(
        id: "SCN-\(1000 + index)", stem: "Compute scenario \(index) and show your work.",
        rubrics: ["No relevant work.", "Sets up scenario \(index).", "Solves scenario \(index)."])
    }
    let bank = BankLoader.load(texts: files)
    #expect(bank.diagnostics.isEmpty, "\(bank.diagnostics)")
    let findings = Linter(rules: [ConfiguredRule(KeyPositionBalanceRule(), options: ["minimum_items": .integer(20)])])
      .lint(bank).findings
    let finding = try #require(findings.first)
    #expect(findings.count == 1)
    #expect(finding.message.contains("the 20 linted items with 4 options"), "\(finding.message)")
  }

  @Test func scoreRubricReportsEmptyAndRepeatedRubricsWhereTheyAre() {
    let text =
      "id: SCN-0001\nstatus: draft\ndomain: inventory\ncognitive_level: analysis\ntype: partial-credit\n"
      + "stem: Compute the EOQ and show your work.\nscore_categories:\n"
      + "  - score: 0\n    rubric: No relevant work.\n"  // lines 8-9
      + "  - score: 1\n    rubric: \"\"\n"  // lines 10-11: empty (value at column 13)
      + "  - score: 2\n    rubric: States the EOQ formula.\n"  // lines 12-13
      + "  - score: 3\n    rubric: \"  states the EOQ   formula!\"\n"  // lines 14-15: the same words as score 2
      + "references: [Ref]\n"
    let findings = TestSupport.lint(["SCN-0001.yml": text], only: "score-rubric")
    #expect(findings.count == 2, "\(findings.map(\.description))")
    #expect(findings.map(\.location.line) == [11, 15])
    #expect(findings.allSatisfy { $0.location.column == 13 && $0.severity == .error })
    #expect(findings.map(\.field) == ["score_categories.1.rubric", "score_categories.3.rubric"])
    #expect(findings[0].message == "the rubric of score 1 is empty; say what a response must show to earn it")
    #expect(findings[1].message.hasPrefix("the rubrics of scores 2 and 3 have the same words"))
  }

  @Test func templatePlaceholdersInARubricAreFound() {
    let text = ExampleItem.partialCredit(
      stem: "Compute the EOQ and show your work.", rubrics: ["No relevant work.", "Why the key is correct."])
    let findings = TestSupport.lint(["SCN-0001.yml": text], only: "template-placeholder")
    #expect(findings.map(\.field) == ["score_categories.1.rubric"])
    #expect(findings.first?.location.line == 11)
  }

  @Test func loaderProblemsOfPartialCreditItemsAreLintFindings() {
    let text =
      "id: SCN-0001\nstatus: draft\ndomain: inventory\ncognitive_level: analysis\ntype: partial-credit\n"
      + "stem: Compute the EOQ.\nkey: A\nscore_categories:\n  - {score: 0, rubric: a}\n  - {score: 2, rubric: b}\n"
    let findings = TestSupport.lint(["SCN-0001.yml": text])
    #expect(findings.map(\.ruleID) == ["invalid-value", "invalid-value"], "\(findings.map(\.description))")
    #expect(findings.map(\.location.line) == [7, 10])
  }
}
