import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

/// Findings point at the YAML value at fault (line and column counted by hand below).
@Suite struct PositionTests {
  static let listOptions = """
    id: INV-0009
    status: draft
    domain: inventory
    cognitive_level: recall
    stem: |
      A distributor reviews its buffers every week. Which of these is
      not a reason to hold more safety stock?
    options:
      - {id: A, text: Stable demand}
      - id: B
        text: All of the above
      - {id: C, text: Variable lead time}
      - {id: D, text: Unreliable suppliers}
    key: E
    rationale: Stable demand needs less buffer.
    references: [Ref]

    """

  @Test func wordInsideABlockScalarStem() {
    let findings = TestSupport.lint(["a.yml": Self.listOptions], only: "negative-stem")
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 7, column: 3)])
    #expect(findings.first?.field == "stem")
    #expect(findings.first?.itemID == "INV-0009")
  }

  @Test func optionInListForm() {
    let findings = TestSupport.lint(["a.yml": Self.listOptions], only: "all-of-the-above")
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 11, column: 11)])
    #expect(findings.first?.field == "options.B")
  }

  @Test func keyValue() {
    let findings = TestSupport.lint(["a.yml": Self.listOptions], only: "key-not-an-option")
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 14, column: 6)])
    #expect(findings.first?.message == "key 'E' is not one of the options (A, B, C, D)")
  }

  @Test func secondItemOfAListFile() {
    let text = """
      - id: INV-0001
        status: draft
        domain: inventory
        cognitive_level: recall
        stem: Which inventory is held to protect against variation in demand?
        options: {A: Safety stock, B: Cycle stock, C: Pipeline stock, D: Anticipation stock}
        key: A
        rationale: R
        references: [Ref]
      - id: INV-0002
        status: draft
        domain: inventory
        cognitive_level: recall
        stem: Which stock is usually held for a promotion?
        options: {A: Safety stock, B: Cycle stock, C: Pipeline stock, D: Anticipation stock}
        key: D
        rationale: R
        references: [Ref]

      """
    let findings = TestSupport.lint(["list.yml": text], only: "vague-terms")
    #expect(findings.map(\.location) == [SourceLocation(file: "list.yml", line: 14, column: 24)])
    #expect(findings.first?.itemID == "INV-0002")
  }

  @Test func stemFormatPointsAtTheLastWord() {
    let text = ExampleItem.text(
      stem: "Safety stock protects against variation in demand.", options: WritingRules.options)
    let findings = TestSupport.lint(["a.yml": text], only: "stem-format")
    // "stem: Safety stock protects against variation in demand." — "demand" starts at column 50.
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 5, column: 50)])
    #expect(
      findings.first?.message
        == "the stem ends with '.'; write a question ending in '?' or an incomplete statement ending in ':'")
  }

  @Test func repeatedWordIsFoundInItsOwnFieldNotAnEarlierOne() {
    // "demand" appears in the stem (line 5) before option A (line 7); the finding is on line 7.
    let text = ExampleItem.text(
      stem: "Which inventory protects against demand variation?",
      options: ["Stock held against demand variation", "Cycle stock", "Pipeline stock", "Anticipation stock"])
    let findings = TestSupport.lint(["a.yml": text], only: "stem-key-word-repeat")
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 7, column: 25)])
    #expect(findings.first?.message == "the key repeats 'demand' and 'variation' from the stem and no distractor does")
  }

  @Test func locatorFallsBackToTheValueWhenTheTextIsEscaped() {
    let text = "a: 1\nstem: \"Which is \\u004eOT it?\"\nkey: B\n"
    let start = SourceLocation(file: "f", line: 2, column: 7)
    #expect(
      SourceLocator.locate("NOT", in: text, from: start, before: SourceLocation(file: "f", line: 3, column: 6)) == nil)
    #expect(
      SourceLocator.locate("it", in: text, from: start, before: nil, occurrence: .last)
        == SourceLocation(file: "f", line: 2, column: 26))
    // Whole words only: "is" inside "This" is not a match.
    #expect(
      SourceLocator.locate("is", in: "x: This is\n", from: SourceLocation(file: "f", line: 1, column: 4), before: nil)
        == SourceLocation(file: "f", line: 1, column: 9))
  }

  @Test func columnsCountUnicodeScalars() {
    // "é" is one scalar (two UTF-8 bytes): "sometimes" starts at column 34.
    let text = ExampleItem.text(stem: "Which café stock is needed sometimes?", options: WritingRules.options)
    let findings = TestSupport.lint(["a.yml": text], only: "vague-terms")
    #expect(findings.map(\.location) == [SourceLocation(file: "a.yml", line: 5, column: 34)])
  }
}
