import Foundation
import ItemBenchCore
import Testing

@testable import ItemBank

/// The `partial-credit` item type: score categories 0…m with rubrics instead of options and a
/// key, every problem located; multiple-choice items read exactly as before.
@Suite struct PartialCreditItemTests {
  /// The head of a partial-credit item (lines 1–5), before the fields each test varies.
  static let head = "id: SCN-0001\nstatus: pretest\ndomain: inventory\ncognitive_level: analysis\n"

  static let categories = """
    score_categories:
      - score: 0
        rubric: No relevant work.
      - score: 1
        rubric: Identifies the EOQ formula.
      - score: 2
        rubric: Computes the EOQ correctly.

    """

  static func parse(_ text: String) -> (items: [Item], diagnostics: [Diagnostic]) {
    ItemParser.parse(text, file: "x.yml")
  }

  @Test func theFixtureReadsAsAPartialCreditItem() throws {
    let path = fixturesDirectory() + "/partial-credit/SCN-0001.yml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let (items, diagnostics) = ItemParser.parse(text, file: path)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let item = try #require(items.first)
    #expect(item.responseType == .partialCredit)
    #expect(!item.isMultipleChoice)
    #expect(item.status == .pretest && item.cognitiveLevel == .analysis)
    #expect(item.options.isEmpty && item.key.isEmpty)
    #expect(item.scoreCategories.map(\.score) == [0, 1, 2])
    #expect(item.scoreCategories[1].rubric.hasPrefix("States EOQ = sqrt(2DS/H)"))
    #expect(item.maximumScore == 2)
    #expect(item.rationale == ItemRationale(key: "Accept 536 to 538 units (rounding)."))
    #expect(item.stem.hasSuffix("should change the order size.\n"))
    #expect(item.tags == ["eoq", "scenario"])
    // `score_categories:` is line 13; its entries start at lines 14, 16 and 18 (the mapping at
    // column 5, the score value at 12, the rubric value at 13 one line down).
    #expect(item.source.location(of: "type") == SourceLocation(file: path, line: 7, column: 7))
    #expect(item.source.location(of: "score_categories") == SourceLocation(file: path, line: 14, column: 3))
    #expect(item.source.location(of: "score_categories.0") == SourceLocation(file: path, line: 14, column: 5))
    #expect(item.source.location(of: "score_categories.2.score") == SourceLocation(file: path, line: 18, column: 12))
    #expect(item.source.location(of: "score_categories.1.rubric") == SourceLocation(file: path, line: 17, column: 13))
  }

  @Test func flowStyleCategoriesAndTheMemberwiseInitialiser() throws {
    let text =
      Self.head
      + "type: partial-credit\nstem: Explain safety stock.\n"
      + "score_categories: [{score: 0, rubric: Nothing}, {score: 1, rubric: Defines it}]\n"
    let (items, diagnostics) = Self.parse(text)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let item = try #require(items.first)
    let built = Item(
      id: "SCN-0001", status: .pretest, domain: "inventory", cognitiveLevel: .analysis, stem: "Explain safety stock.",
      source: item.source, responseType: .partialCredit,
      scoreCategories: [ScoreCategory(score: 0, rubric: "Nothing"), ScoreCategory(score: 1, rubric: "Defines it")])
    #expect(item == built)
    #expect(item.maximumScore == 1)
  }

  @Test func missingScoreCategoriesIsAMissingField() {
    let (items, diagnostics) = Self.parse(Self.head + "type: partial-credit\nstem: Explain safety stock.\n")
    #expect(items.isEmpty)
    let missing = diagnostics.with(code: "missing-field")
    #expect(missing.count == 1)
    #expect(missing.first?.message.contains("missing required field 'score_categories'") == true)
    #expect(missing.first?.location == SourceLocation(file: "x.yml", line: 1, column: 1))
    // Options and key are not required of a partial-credit item.
    #expect(!diagnostics.contains { $0.message.contains("'options'") || $0.message.contains("'key'") })
  }

  @Test func aGapARepeatAndAWrongStartAreEachReportedWhereTheyHappen() {
    let text =
      Self.head + "type: partial-credit\nstem: Explain safety stock.\nscore_categories:\n"
      + "  - score: 1\n    rubric: a\n"  // lines 8-9: does not start at 0
      + "  - score: 2\n    rubric: b\n"
      + "  - score: 4\n    rubric: c\n"  // line 12: a gap (3 is missing)
      + "  - score: 4\n    rubric: d\n"  // line 14: a repeat
      + "  - score: 5\n    rubric: e\n"
    let (items, diagnostics) = Self.parse(text)
    #expect(items.isEmpty)
    let invalid = diagnostics.with(code: "invalid-value")
    #expect(invalid.count == 3, "\(invalid)")
    #expect(invalid.map(\.location.line) == [8, 12, 14])
    #expect(invalid.allSatisfy { $0.location.column == 12 })
    #expect(invalid[0].message.hasPrefix("expected score 0 in score_categories[1], found 1"))
    #expect(invalid[1].message.hasPrefix("expected score 3 in score_categories[3], found 4"))
    #expect(invalid[2].message.hasPrefix("expected score 5 in score_categories[4], found 4"))
  }

  @Test func everyProblemOfTheCategoriesIsCollected() {
    let text =
      Self.head + "type: partial-credit\nstem: Explain safety stock.\nscore_categories:\n"
      + "  - score: zero\n    rubric: a\n"  // line 8: not a whole number (value at column 12)
      + "  - rubric: b\n"  // line 10: no score (the mapping at column 5)
      + "  - score: 2\n    rubric: [x]\n    points: 2\n"  // lines 11-13: a list as rubric, an unknown key
      + "  - just text\n"  // line 14: not a mapping
    let (items, diagnostics) = Self.parse(text)
    #expect(items.isEmpty)
    func has(_ line: Int, _ column: Int, _ code: String, _ text: String) -> Bool {
      diagnostics.contains {
        $0.location == SourceLocation(file: "x.yml", line: line, column: column) && $0.code == code
          && $0.message.contains(text)
      }
    }
    #expect(has(8, 12, "invalid-value", "expected 'score' to be a whole number"), "\(diagnostics)")
    #expect(has(10, 5, "missing-field", "score_categories[2] is missing required field 'score'"))
    #expect(has(12, 13, "invalid-value", "expected 'rubric' to be what a response must show"))
    #expect(has(13, 5, "unknown-field", "unknown field 'points' in score_categories[3]"))
    #expect(has(14, 5, "invalid-value", "expected score_categories[4] to be a mapping, found text"))
    #expect(diagnostics.count == 5)
  }

  @Test func fewerThanTwoCategoriesOrNotAListIsAnError() {
    let one = Self.parse(
      Self.head + "type: partial-credit\nstem: Explain.\nscore_categories:\n  - {score: 0, rubric: Nothing}\n")
    #expect(one.items.isEmpty)
    #expect(one.diagnostics.count == 1)
    #expect(one.diagnostics.first?.message.contains("needs at least 2 (scores 0 and 1)") == true)
    #expect(one.diagnostics.first?.location == SourceLocation(file: "x.yml", line: 8, column: 3))

    let mapping = Self.parse(Self.head + "type: partial-credit\nstem: Explain.\nscore_categories: {0: Nothing}\n")
    #expect(mapping.items.isEmpty)
    #expect(mapping.diagnostics.first?.message.contains("expected 'score_categories' to be a list") == true)
    #expect(mapping.diagnostics.first?.location == SourceLocation(file: "x.yml", line: 7, column: 19))
  }

  @Test func moreThan255CategoriesAreRefusedBeforeReadingThem() {
    let list = (0...255).map { "  - {score: \($0), rubric: r\($0)}\n" }.joined()
    let (items, diagnostics) = Self.parse(
      Self.head + "type: partial-credit\nstem: Explain.\nscore_categories:\n" + list)
    #expect(items.isEmpty)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message.contains("256 score categories; a partial-credit item has at most 255") == true)
    let most = (0...254).map { "  - {score: \($0), rubric: r\($0)}\n" }.joined()
    let accepted = Self.parse(Self.head + "type: partial-credit\nstem: Explain.\nscore_categories:\n" + most)
    #expect(accepted.diagnostics.isEmpty)
    #expect(accepted.items.first?.maximumScore == 254)
  }

  @Test func optionsKeyAndShuffleOnAPartialCreditItemAreLocatedAtTheirKeys() throws {
    let text =
      Self.head + "type: partial-credit\nstem: Explain safety stock.\n"
      + "options:\n  A: Buffer stock\n  B: Cycle stock\n"  // line 7
      + "key: A\n"  // line 10
      + "shuffle: true\n"  // line 11, value at column 10
      + Self.categories
    let (items, diagnostics) = Self.parse(text)
    #expect(diagnostics.count == 3, "\(diagnostics)")
    #expect(diagnostics.allSatisfy { $0.code == "invalid-value" })
    let options = try #require(diagnostics.first { $0.message.contains("'options'") })
    #expect(options.message.hasPrefix("item 'SCN-0001' cannot have 'options': a partial-credit item has no options"))
    #expect(options.location == SourceLocation(file: "x.yml", line: 7, column: 1))
    let key = try #require(diagnostics.first { $0.message.contains("cannot have 'key'") })
    #expect(key.location == SourceLocation(file: "x.yml", line: 10, column: 1))
    let shuffle = try #require(diagnostics.first { $0.message.contains("shuffle") })
    #expect(shuffle.location == SourceLocation(file: "x.yml", line: 11, column: 10))
    // The item is still read (without the refused fields), so later checks run.
    let item = try #require(items.first)
    #expect(item.options.isEmpty && item.key.isEmpty && !item.shuffle)
    #expect(item.maximumScore == 2)
  }

  @Test func aRationaleMappingOnAPartialCreditItemIsAnError() {
    let text =
      Self.head + "type: partial-credit\nstem: Explain.\n" + Self.categories
      + "rationale:\n  key: Why\n"  // line 14, the mapping at line 15
    let (items, diagnostics) = Self.parse(text)
    #expect(items.count == 1)
    #expect(diagnostics.count == 1)
    #expect(
      diagnostics.first?.message
        == "expected 'rationale' of a partial-credit item to be text (a scoring note), found a mapping")
    #expect(diagnostics.first?.location == SourceLocation(file: "x.yml", line: 15, column: 3))
  }

  @Test func anUnknownTypeGetsASuggestionAndNoGuessedErrors() {
    let text = Self.head + "type: partial-credti\nstem: Explain.\n" + Self.categories
    let (items, diagnostics) = Self.parse(text)
    #expect(items.isEmpty)
    #expect(diagnostics.count == 1, "\(diagnostics)")
    let diagnostic = diagnostics.first
    #expect(diagnostic?.code == "invalid-value")
    #expect(
      diagnostic?.message
        == "unknown type 'partial-credti'; expected one of multiple-choice, partial-credit (did you mean 'partial-credit'?)"
    )
    #expect(diagnostic?.location == SourceLocation(file: "x.yml", line: 5, column: 7))
    // The fields of either type are still checked for their own shape.
    let broken = Self.parse(Self.head + "type: essay\nstem: Explain.\noptions: [1, 2]\nscore_categories: 3\n")
    #expect(broken.diagnostics.count == 4, "\(broken.diagnostics)")
    #expect(broken.diagnostics.allSatisfy { $0.code == "invalid-value" })
  }

  @Test func scoreCategoriesOnAMultipleChoiceItemAreAnError() throws {
    let text =
      Self.head + "stem: What is safety stock?\noptions: {A: Buffer, B: Cycle}\nkey: A\n"
      + Self.categories  // line 8
    let (items, diagnostics) = Self.parse(text)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message.contains("cannot have 'score_categories'") == true)
    #expect(diagnostics.first?.location == SourceLocation(file: "x.yml", line: 8, column: 1))
    let item = try #require(items.first)
    #expect(item.isMultipleChoice && item.scoreCategories.isEmpty)
  }

  @Test func multipleChoiceItemsReadAsBeforeWithOrWithoutAType() throws {
    let body = "stem: What is safety stock?\noptions: {A: Buffer, B: Cycle}\nkey: A\nrationale: R\nshuffle: true\n"
    let plain = try #require(Self.parse(Self.head + body).items.first)
    let typed = Self.parse(Self.head + "type: multiple-choice\n" + body)
    #expect(typed.diagnostics.isEmpty)
    var explicit = try #require(typed.items.first)
    #expect(plain.responseType == .multipleChoice && plain.scoreCategories.isEmpty && plain.maximumScore == 1)
    #expect(plain.source.fieldLocations["type"] == nil)
    explicit.source = plain.source
    #expect(explicit == plain)
    // Required fields of a multiple-choice item are unchanged.
    let missing = Self.parse(Self.head + "stem: What is safety stock?\n").diagnostics.with(code: "missing-field")
    #expect(missing.map(\.message).allSatisfy { $0.contains("'options'") || $0.contains("'key'") })
    #expect(missing.count == 2)
    #expect(ItemParser.requiredFields(for: .multipleChoice) == ItemParser.requiredFields)
    #expect(ItemParser.requiredFields(for: .partialCredit).contains("score_categories"))
    #expect(ItemParser.knownFields.contains("type") && ItemParser.knownFields.contains("score_categories"))
  }

  @Test func bothComposersGiveTheSameResult() throws {
    let path = fixturesDirectory() + "/partial-credit/SCN-0001.yml"
    let fixture = try String(contentsOfFile: path, encoding: .utf8)
    let texts = [
      fixture,
      Self.head
        + "type: partial-credit\nstem: Explain.\noptions: {A: x}\nscore_categories:\n  - {score: 0, rubric: a}\n"
        + "  - {score: 2, rubric: b}\n",
    ]
    for text in texts {
      let fast = ItemParser.parse(text, file: "x.yml")
      let yams = YAMLTreeDifferentialTests.yamsPath(text, file: "x.yml")
      #expect(fast.items == yams.items)
      #expect(fast.diagnostics == yams.diagnostics)
    }
  }
}
