import Testing

@testable import ItemLint

@Suite struct TextAnalysisTests {
  @Test func words() {
    #expect(
      TextAnalysis.words("Don't order 10,000.5 lead-time units, please.").map(String.init)
        == ["Don't", "order", "10,000.5", "lead-time", "units", "please"])
    #expect(TextAnalysis.words("a,b 1, 2 -x- ").map(String.init) == ["a", "b", "1", "2", "x"])
    #expect(TextAnalysis.words("").isEmpty)
  }

  @Test func normalisedAndContentWords() {
    #expect(TextAnalysis.normalised("  Buffer\n  STOCK. ") == "buffer stock")
    #expect(TextAnalysis.normalised("Café  au lait;") == "café au lait")
    #expect(TextAnalysis.contentWords("Which of the orders is the largest in 2024?") == ["order", "largest"])
    #expect(TextAnalysis.stemmed("process") == "process")
    #expect(TextAnalysis.stemmed("bus") == "bus")
    #expect(TextAnalysis.stemmed("orders") == "order")
  }

  @Test(arguments: [
    ("apple", true), ("hour", true), ("honest", true), ("MRP", true), ("FIFO", false), ("EOQ", true),
    ("unit", false), ("umbrella", true), ("European", false), ("one-time", false), ("8", true),
    ("11", true), ("18,000", true), ("110", false), ("80", true), ("7", false), ("safety", false),
    ("SKU", false), ("X", true), ("B", false),
  ])
  func vowelSounds(word: String, vowel: Bool) {
    #expect(TextAnalysis.startsWithVowelSound(word[...]) == vowel, "\(word)")
  }

  @Test func leadingNumbers() {
    #expect(TextAnalysis.leadingNumber("$1,200.50 per unit")?.value == 1200.5)
    #expect(TextAnalysis.leadingNumber("−5 days")?.value == -5)
    #expect(TextAnalysis.leadingNumber("25%")?.rest == "%")
    #expect(TextAnalysis.leadingNumber("About 5") == nil)
    #expect(TextAnalysis.leadingNumber("1, 2 and 3")?.value == 1)
  }

  @Test func numericIntervals() throws {
    let range = try #require(NumericInterval("10 to 20 units"))
    #expect((range.lower, range.upper, range.unit) == (10, 20, "unit"))
    #expect(NumericInterval("10–20 units")?.upper == 20)
    #expect(NumericInterval("between 5 and 9 days")?.lower == 5)
    #expect(NumericInterval("More than 15 days")?.lowerClosed == false)
    #expect(NumericInterval("at least 15 days")?.lowerClosed == true)
    #expect(NumericInterval("15 days or more")?.upper == .infinity)
    #expect(NumericInterval("15 or fewer")?.upper == 15)
    #expect(NumericInterval("Increase the lot size") == nil)
    #expect(NumericInterval("5 units for each of 3 stores") == nil)
    // Touching closed ends overlap; open ends do not.
    #expect(NumericInterval("0 to 5")!.overlaps(NumericInterval("5 to 10")!))
    #expect(!NumericInterval("less than 5")!.overlaps(NumericInterval("5 to 10")!))
    #expect(!NumericInterval("0 to 4")!.overlaps(NumericInterval("5 to 10")!))
    #expect(NumericInterval("more than 15")!.overlaps(NumericInterval("16 to 20")!))
  }

  @Test(arguments: [
    ("A and B", true), ("A, B and C", true), ("1 and 3 only", true), ("I, II, and III", true),
    ("Both A and B", true), ("Both of the above", true), ("Neither of these", true), ("A or C", true),
    ("Vitamin A and D", false), ("A", false), ("Plan A and plan B", false), ("E and F", false),
    ("All except C", true),
  ])
  func combinations(text: String, isCombination: Bool) {
    #expect(TypeKRule.isCombination(text, optionIDs: ["A", "B", "C", "D"]) == isCombination, "\(text)")
  }
}
