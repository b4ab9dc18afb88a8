import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

@Suite struct SuppressionTests {
  /// An item with a lower-case "not" (negative-stem, line 5 or later) and no references.
  static func item(prefix: String = "", stemPrefix: String = "") -> String {
    prefix
      + ExampleItem.text(
        stem: "Which is not a reason to hold safety stock?",
        options: ["Stable demand", "Variable demand", "Variable lead time", "Unreliable suppliers"], references: nil
      )
      .replacingOccurrences(of: "stem: ", with: stemPrefix + "stem: ")
  }

  static func ruleIDs(_ text: String) -> [String] {
    TestSupport.lint(["a.yml": text]).map(\.ruleID)
  }

  @Test func unsuppressed() {
    #expect(Self.ruleIDs(Self.item()) == ["missing-reference", "negative-stem"])
  }

  @Test func disableNextLine() {
    let text = Self.item(stemPrefix: "# itembench:disable-next-line negative-stem -- the negative is the construct\n")
    #expect(Self.ruleIDs(text) == ["missing-reference"])
  }

  @Test func disableNextLineSkipsCommentsAndBlankLines() {
    let text = Self.item(stemPrefix: "# itembench:disable-next-line negative-stem\n\n# reviewed\n")
    #expect(Self.ruleIDs(text) == ["missing-reference"])
  }

  @Test func disableNextLineCoversAMultiLineValue() {
    let text = """
      id: INV-0001
      status: draft
      domain: inventory
      cognitive_level: recall
      # itembench:disable-next-line negative-stem
      stem: |
        A distributor reviews its buffers every week. Which of these is
        not a reason to hold more safety stock?
      options: {A: Stable demand, B: Variable demand, C: Variable lead time, D: Unreliable suppliers}
      key: A
      rationale: R
      references: [Ref]

      """
    #expect(Self.ruleIDs(text) == [])
  }

  @Test func disableNextLineAppliesOnlyToTheNextLine() {
    let text = Self.item(prefix: "# itembench:disable-next-line negative-stem\n")
    // The directive's next line is "id:", not the stem.
    #expect(Self.ruleIDs(text) == ["missing-reference", "negative-stem"])
  }

  @Test func disableWholeFileWithSeveralIDs() {
    let text = Self.item(prefix: "# itembench:disable negative-stem, missing-reference\n")
    #expect(Self.ruleIDs(text) == [])
    #expect(Self.ruleIDs(Self.item(prefix: "# itembench:disable all -- legacy item\n")) == [])
  }

  @Test func unknownRuleIDInACommentIsReportedWithASuggestion() {
    let text = Self.item(stemPrefix: "# itembench:disable-next-line negativ-stem\n")
    let findings = TestSupport.lint(["a.yml": text])
    let invalid = findings.filter { $0.ruleID == "invalid-suppression" }
    #expect(invalid.map(\.location) == [SourceLocation(file: "a.yml", line: 5, column: 31)])
    #expect(
      invalid.first?.message == "unknown rule id 'negativ-stem' in suppression comment (did you mean 'negative-stem'?)")
    #expect(findings.contains { $0.ruleID == "negative-stem" })
  }

  @Test func parsesDirectives() {
    let text =
      "a: 1\n  #   itembench:disable-next-line  x-rule,y-rule -- because\n\nb: 2\n# itembench:disable\n# not a directive\n"
    let directives = Suppressions.directives(in: text)
    #expect(directives.count == 2)
    #expect(directives[0].kind == .nextLine)
    #expect(directives[0].ruleIDs.map(\.id) == ["x-rule", "y-rule"])
    #expect(directives[0].ruleIDs.map(\.column) == [36, 43])
    #expect(directives[0].targetLine == 4)
    #expect(directives[0].reason == "because")
    #expect(directives[1].kind == .file)
    #expect(directives[1].ruleIDs.isEmpty)
    #expect(Suppressions.directives(in: "stem: no comments here\n").isEmpty)
  }
}
