import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint
import ItemResponseTheory
import TestSupport

@Suite struct NearDuplicateTests {
  /// Brute force: the Jaccard similarity of word-bigram sets of every pair, computed from
  /// strings (not hashes) with a straightforward tokeniser.
  static func bruteForceSimilarities(_ stems: [String]) -> [(Int, Int, Double)] {
    func bigrams(_ text: String) -> Set<String> {
      let words = TextAnalysis.words(text).map { $0.lowercased() }
      if words.count < 2 { return Set(words) }
      return Set((1..<words.count).map { words[$0 - 1] + " " + words[$0] })
    }
    let sets = stems.map(bigrams)
    var result: [(Int, Int, Double)] = []
    for i in sets.indices {
      for j in sets.indices where j > i && !sets[i].isEmpty && !sets[j].isEmpty {
        let (small, large) = sets[i].count <= sets[j].count ? (sets[i], sets[j]) : (sets[j], sets[i])
        let shared = small.reduce(0) { $0 + (large.contains($1) ? 1 : 0) }
        result.append((i, j, Double(shared) / Double(sets[i].count + sets[j].count - shared)))
      }
    }
    return result
  }

  /// Random stems (4 to 60 words) from a small vocabulary, with clones that change zero to
  /// three words, so similarities spread over the whole range.
  static func stems(seed: UInt64, count: Int) -> [String] {
    var random = SplitMix64(state: seed)
    let vocabulary = (0..<60).map { "w\($0)" }
    var stems: [String] = []
    for _ in 0..<count {
      if !stems.isEmpty, random.next() % 3 == 0 {
        var words = stems[Int(random.next() % UInt64(stems.count))].split(separator: " ").map(String.init)
        for _ in 0..<Int(random.next() % 4) {
          words[Int(random.next() % UInt64(words.count))] = vocabulary[Int(random.next() % 60)]
        }
        stems.append(words.joined(separator: " "))
      } else {
        let length = 4 + Int(random.next() % 57)
        stems.append((0..<length).map { _ in vocabulary[Int(random.next() % 60)] }.joined(separator: " "))
      }
    }
    return stems
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
  func prefixFilteringFindsExactlyTheBruteForcePairs(seed: UInt64) {
    let stems = Self.stems(seed: seed, count: 160)
    let similarities = Self.bruteForceSimilarities(stems)
    for threshold in [0.5, 0.7, 0.8, 0.9, 1.0] {
      let fast = NearDuplicateRule.similarPairs(stems: stems, threshold: threshold).map { [$0.first, $0.second] }
      let slow = similarities.filter { $0.2 >= threshold - 1e-12 }.map { [$0.0, $0.1] }
      #expect(!slow.isEmpty, "seed \(seed), threshold \(threshold): the test data should contain similar pairs")
      #expect(fast == slow, "seed \(seed), threshold \(threshold)")
    }
  }

  @Test func similarityIsTheJaccardIndexOfWordPairs() {
    // 9 bigrams each, 7 shared → 7 / 11.
    let a = "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10"
    let b = "a1 a2 a3 a4 a5 a6 a7 a8 b9 b10"
    let pairs = NearDuplicateRule.similarPairs(stems: [a, b], threshold: 0.6)
    #expect(pairs.count == 1)
    #expect(abs((pairs.first?.similarity ?? 0) - 7.0 / 11.0) < 1e-12)
    #expect(NearDuplicateRule.similarPairs(stems: [a, b], threshold: 0.64).isEmpty)
  }

  @Test func caseAndPunctuationDoNotMatterButNumbersDo() {
    let pairs = NearDuplicateRule.similarPairs(
      stems: [
        "What is the EOQ for 10,000 units?", "what is the eoq for 10,000 units", "What is the EOQ for 12,000 units?",
      ],
      threshold: 1)
    #expect(pairs.map { [$0.first, $0.second] } == [[0, 1]])
  }

  @Test func reportsTheLaterItemUnlessOnlyTheEarlierIsLinted() {
    let stem = "Annual demand is 10,000 units and ordering costs $50. What is the EOQ?"
    let files = [
      "a.yml": ExampleItem.text(id: "INV-0001", stem: stem, options: WritingRules.options),
      "b.yml": ExampleItem.text(id: "INV-0002", stem: stem, options: WritingRules.options),
    ]
    let bank = BankLoader.load(texts: files)
    let linter = Linter(rules: [ConfiguredRule(NearDuplicateRule())])
    let both = linter.lint(bank).findings
    #expect(both.map(\.location.file) == ["b.yml"])
    #expect(
      both.first?.message
        == "the stem is near-identical to the stem of item 'INV-0001' (similarity 1.00); rewrite one or list them as enemies"
    )
    let onlyA = linter.lint(bank, files: ["a.yml"]).findings
    #expect(onlyA.map(\.location.file) == ["a.yml"])
    #expect(onlyA.first?.message.contains("'INV-0002'") == true)
  }
}

@Suite struct KeyPositionBalanceTests {
  /// Closed form for two degrees of freedom: P(χ²₂ ≥ x) = e^(−x/2).
  @Test(arguments: [0.1, 1.0, 2.5, 7.0, 13.8, 30.0])
  func twoDegreesOfFreedomMatchesTheClosedForm(x: Double) {
    #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 2) - exp(-x / 2)) < 1e-12)
  }

  /// Published critical values (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.4): the upper-tail
  /// probability at the tabulated value equals the column's α (to the table's 3 decimals).
  @Test(arguments: [
    (1, 3.841, 0.05), (1, 6.635, 0.01), (3, 7.815, 0.05), (3, 11.345, 0.01), (4, 9.488, 0.05),
    (4, 13.277, 0.01), (10, 18.307, 0.05), (10, 23.209, 0.01), (25, 37.652, 0.05), (100, 124.342, 0.05),
  ])
  func criticalValues(df: Int, value: Double, alpha: Double) {
    #expect(abs(ChiSquare.upperTail(value, degreesOfFreedom: df) - alpha) < alpha * 2e-3, "df \(df)")
  }

  @Test func statisticAndMessage() {
    // 12 items, 4 options, keys A×9, B×1, C×1, D×1: expected 3 each;
    // X² = (36 + 4 + 4 + 4) / 3 = 16, df 3, p = 0.00113.
    let keys = ["A", "A", "A", "A", "A", "A", "A", "A", "A", "B", "C", "D"]
    let text = keys.enumerated().map { ExampleItem.line(id: "I-\($0.offset)", stem: "Q\($0.offset)?", key: $0.element) }
      .joined()
    let findings = TestSupport.lint(
      ["items.yml": text], only: "key-position-balance", options: ["minimum_items": .integer(12)])
    #expect(
      findings.map(\.message) == [
        "key positions of the 12 linted items with 4 options are unbalanced: A 9, B 1, C 1, D 1 (chi-square 16.0, df 3, p = 0.001)"
      ])
    #expect(
      TestSupport.lint(["items.yml": text], only: "key-position-balance", options: ["minimum_items": .integer(13)])
        .isEmpty)
    #expect(
      TestSupport.lint(
        ["items.yml": text], only: "key-position-balance",
        options: ["minimum_items": .integer(12), "significance": .number(0.001)]
      ).isEmpty)
  }
}
