import Foundation
import ItemBank
import ItemBenchCore

/// Item-writing guideline rules (Haladyna, Downing & Rodriguez 2002, "A review of
/// multiple-choice item-writing guidelines for classroom assessment", Applied Measurement in
/// Education 15(3); Case & Swanson, NBME "Constructing written test questions").
enum WritingRules {
  static var all: [any LintRule] {
    [
      AllOfTheAboveRule(), NoneOfTheAboveRule(), NegativeStemRule(), AbsoluteTermsRule(),
      VagueTermsRule(), LongestOptionKeyRule(), StemKeyWordRepeatRule(), GrammaticalCueRule(),
      NumericOptionOrderRule(), OptionOverlapRule(), TypeKRule(), CommonOptionPrefixRule(),
      ConvergenceCueRule(), StemFormatRule(), StemLengthRule(), MissingRationaleRule(),
      MissingDistractorRationaleRule(), MissingReferenceRule(),
    ]
  }

  /// Whether `words` (a short list of lower-cased terms) contains `word`: a linear scan,
  /// cheaper than hashing every word of an item into a set.
  static func contains(_ words: [String], _ word: String) -> Bool {
    words.contains(word)
  }

  /// A well-written stem and options the examples vary.
  static let stem = "Which inventory is held to protect against variation in demand?"
  static let options = ["Safety stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]

  /// The first occurrence of any of `phrases` (lower-case word lists) in `lower`, as a range of
  /// word indices.
  static func findPhrase(_ phrases: [[String]], in lower: [String]) -> Range<Int>? {
    guard !lower.isEmpty else { return nil }
    for start in lower.indices {
      for phrase in phrases where start + phrase.count <= lower.count {
        if lower[start..<(start + phrase.count)].elementsEqual(phrase) { return start..<(start + phrase.count) }
      }
    }
    return nil
  }

  /// The original text of the words in `range` (from the first word's start to the last one's end).
  static func span(_ text: String, _ words: [Substring], _ range: Range<Int>) -> String {
    String(text[words[range.lowerBound].startIndex..<words[range.upperBound - 1].endIndex])
  }

  /// `A, B and C`.
  static func list(_ names: [String]) -> String {
    guard names.count > 1 else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " and " + names.last!
  }

  static let allOfTheAbovePhrases: [[String]] = [
    "all of the above", "all the above", "all of these", "all of the options", "all of the answers",
    "all of the choices", "all of the preceding", "all the preceding",
  ].map { $0.split(separator: " ").map(String.init) }

  static let noneOfTheAbovePhrases: [[String]] = [
    "none of the above", "none the above", "none of these", "none of the options", "none of the answers",
    "none of the choices", "none of the preceding",
  ].map { $0.split(separator: " ").map(String.init) }
}

// MARK: - Option phrasing

/// `all-of-the-above`.
struct AllOfTheAboveRule: LintRule {
  let id = "all-of-the-above"
  let defaultSeverity = Severity.error
  let description = """
    An option reads "all of the above". Candidates who recognise two correct options can choose \
    it without knowing the third; write a single best answer instead.
    """
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "Which are reasons to hold inventory?", options: ["Variable demand", "Long lead times", "Quantity discounts", "↓All of the above"], key: "D"))]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let analysis = context.analysis(of: item)
    return item.options.indices.compactMap { index in
      let option = item.options[index]
      guard analysis.aboveOptionPhrases[index] != nil,
        let range = WritingRules.findPhrase(WritingRules.allOfTheAbovePhrases, in: analysis.lowercasedOptionWords[index])
      else { return nil }
      let phrase = WritingRules.span(option.text, analysis.optionWords[index], range)
      return context.finding(
        "option \(option.id) is '\(phrase)'; write a single best answer instead",
        item: item, field: "options.\(option.id)", highlighting: phrase)
    }
  }
}

/// `none-of-the-above`.
struct NoneOfTheAboveRule: LintRule {
  let id = "none-of-the-above"
  let defaultSeverity = Severity.warning
  let description = """
    An option reads "none of the above". When it is the key the item measures only the ability to \
    spot wrong answers; when it is not, it is rarely chosen. Write a plausible distractor instead.
    """
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: ["Safety stock", "Cycle stock", "Pipeline stock", "↓None of these"]))]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let analysis = context.analysis(of: item)
    return item.options.indices.compactMap { index in
      let option = item.options[index]
      guard analysis.aboveOptionPhrases[index] != nil,
        let range = WritingRules.findPhrase(WritingRules.noneOfTheAbovePhrases, in: analysis.lowercasedOptionWords[index])
      else { return nil }
      let phrase = WritingRules.span(option.text, analysis.optionWords[index], range)
      return context.finding(
        "option \(option.id) is '\(phrase)'; write a plausible distractor instead",
        item: item, field: "options.\(option.id)", highlighting: phrase)
    }
  }
}

/// `negative-stem`.
struct NegativeStemRule: LintRule {
  let id = "negative-stem"
  let defaultSeverity = Severity.warning
  let description = """
    The stem uses NOT, EXCEPT or LEAST in lower case. Negatively phrased stems are misread under \
    time pressure: phrase the stem positively, or, where a negative is essential, write the word \
    in capitals (which this rule accepts).
    """
  var parameters: [RuleParameter] {
    [RuleParameter("words", default: .list(["not", "except", "least"]), "negative words to look for (matched case-insensitively)")]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Which of these is ↓not a reason to hold safety stock?", options: ["Stable demand", "Variable demand", "Variable lead time", "Unreliable suppliers"])),
      LintExample(ExampleItem.text(stem: "All of these are lot-sizing rules ↓except:", options: ["Safety stock", "Lot-for-lot", "Fixed order quantity", "Period order quantity"])),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Which of these is NOT a reason to hold safety stock?", options: ["Stable demand", "Variable demand", "Variable lead time", "Unreliable suppliers"])),
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let negatives = context.lowercasedList("words")
    var reported: Set<String> = []
    var findings: [LintFinding] = []
    let analysis = context.analysis(of: item)
    for (word, lower) in zip(analysis.stemWords, analysis.lowercasedStemWords) {
      guard WritingRules.contains(negatives, lower), !TextAnalysis.isCapitalised(word), reported.insert(String(word)).inserted else {
        continue
      }
      findings.append(
        context.finding(
          "negative word '\(word)' in the stem; phrase the stem positively or write it in capitals (\(lower.uppercased()))",
          item: item, field: "stem", highlighting: String(word)))
    }
    return findings
  }
}

/// `absolute-terms`.
struct AbsoluteTermsRule: LintRule {
  let id = "absolute-terms"
  let defaultSeverity = Severity.warning
  let description = """
    An option uses an absolute term (always, never, all, none, only, completely). Test-wise \
    candidates know such options are usually wrong.
    """
  var parameters: [RuleParameter] {
    [RuleParameter("terms", default: .list(["always", "never", "all", "none", "only", "completely"]), "absolute terms to look for in options")]
  }
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "When should safety stock be recalculated?", options: ["When demand variability changes", "↓Never, once it is set", "Every day", "When the item is obsolete"]))]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "When should safety stock be recalculated?", options: ["When demand variability changes", "Once a decade", "Every day", "When the item is obsolete"]))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let terms = context.lowercasedList("terms")
    var findings: [LintFinding] = []
    let analysis = context.analysis(of: item)
    for (optionIndex, option) in item.options.enumerated() {
      let lower = analysis.lowercasedOptionWords[optionIndex]
      guard lower.contains(where: { WritingRules.contains(terms, $0) }) else { continue }
      let words = analysis.optionWords[optionIndex]
      if analysis.combinationOptions[optionIndex] { continue }
      // "all of the above" and "none of the above" have rules of their own.
      let skip = analysis.aboveOptionPhrases[optionIndex]
      for (index, word) in lower.enumerated() where WritingRules.contains(terms, word) && !(skip?.contains(index) ?? false) {
        findings.append(
          context.finding(
            "option \(option.id) uses the absolute term '\(words[index])'; options with absolute terms are easy to rule out",
            item: item, field: "options.\(option.id)", highlighting: String(words[index])))
        break
      }
    }
    return findings
  }
}

/// `vague-terms`.
struct VagueTermsRule: LintRule {
  let id = "vague-terms"
  let defaultSeverity = Severity.warning
  let description = """
    The stem or an option uses a vague frequency term (usually, often, rarely, sometimes, …) that \
    experts interpret differently; state the condition or the number instead.
    """
  var parameters: [RuleParameter] {
    [RuleParameter("terms", default: .list(["usually", "often", "rarely", "sometimes", "frequently", "occasionally", "seldom"]), "vague terms to look for in the stem and options")]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Which inventory is ↓usually held against demand variation?", options: WritingRules.options)),
      LintExample(ExampleItem.text(stem: "When is a cycle count taken?", options: ["At a planned interval", "↓Rarely", "At year end", "After each receipt"])),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let terms = context.lowercasedList("terms")
    var findings: [LintFinding] = []
    let analysis = context.analysis(of: item)
    func scan(_ words: [Substring], _ lower: [String], field: String, name: String) {
      guard let index = lower.firstIndex(where: { WritingRules.contains(terms, $0) }) else { return }
      findings.append(
        context.finding(
          "\(name) uses the vague term '\(words[index])'; state the condition or the number instead",
          item: item, field: field, highlighting: String(words[index])))
    }
    scan(analysis.stemWords, analysis.lowercasedStemWords, field: "stem", name: "the stem")
    for (index, option) in item.options.enumerated() {
      scan(analysis.optionWords[index], analysis.lowercasedOptionWords[index], field: "options.\(option.id)", name: "option \(option.id)")
    }
    return findings
  }
}

// MARK: - Cues to the key

/// `longest-option-key`.
struct LongestOptionKeyRule: LintRule {
  let id = "longest-option-key"
  let defaultSeverity = Severity.warning
  let description = """
    The key is the longest option by a clear margin (at least `ratio` times the longest \
    distractor, in characters). Item writers qualify the key until it is right; test-wise \
    candidates pick the longest option. Numeric option sets are not checked.
    """
  var parameters: [RuleParameter] {
    [RuleParameter("ratio", default: .number(1.5), "how many times longer than the longest distractor the key must be to be reported", minimum: 1)]
  }
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "What should a planner do when demand variability rises?", options: ["Cut lot sizes", "↓Recalculate safety stock from the new standard deviation of demand", "Order less", "Add a shift"], key: "B"))]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "What should a planner do when demand variability rises?", options: ["Reduce lot sizes", "Recalculate safety stock", "Order less often", "Add a second shift"], key: "B")),
      LintExample(ExampleItem.text(stem: "What is the economic order quantity?", options: ["5 units", "500 units", "50,000 units", "50 units"], key: "C"), note: "numeric options are not compared by length"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.options.count >= 2, let key = item.keyedOption else { return [] }
    let keyLength = Self.length(key.text)
    let longest = item.options.filter { $0.id != key.id }.map { Self.length($0.text) }.max() ?? 0
    let ratio = context.options.number("ratio")
    guard keyLength > longest, Double(keyLength) >= ratio * Double(longest) else { return [] }
    if item.options.allSatisfy({ TextAnalysis.leadingNumber($0.text[...]) != nil }) { return [] }
    return [
      context.finding(
        "the key is the longest option (\(keyLength) characters; the longest distractor has \(longest)); make the options similar in length",
        item: item, field: "options.\(key.id)")
    ]
  }
}

/// `stem-key-word-repeat`.
extension LongestOptionKeyRule {
  /// The number of Unicode scalars of `text` without leading and trailing white space.
  static func length(_ text: String) -> Int {
    // ASCII text: bytes are scalars, and ASCII white space is U+0009…U+000D and U+0020.
    let ascii: Int?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
      let leading = bytes.prefix { isSpace($0) }.count
      guard leading < bytes.count else { return 0 }
      let trailing = bytes.reversed().prefix { isSpace($0) }.count
      return bytes.count - leading - trailing
    }
    if let ascii = ascii ?? nil { return ascii }
    let scalars = text.unicodeScalars
    let count = scalars.count
    let leading = scalars.prefix { $0.properties.isWhitespace }.count
    guard leading < count else { return 0 }
    let trailing = scalars.reversed().prefix { $0.properties.isWhitespace }.count
    return count - leading - trailing
  }
}

struct StemKeyWordRepeatRule: LintRule {
  let id = "stem-key-word-repeat"
  let defaultSeverity = Severity.warning
  let description = """
    A content word of the stem reappears in the key and in no distractor (a "clang" \
    association): candidates match the word instead of knowing the answer.
    """
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "Which inventory protects against demand variation?", options: ["Stock held against ↓demand variation", "Cycle stock", "Pipeline stock", "Anticipation stock"]))]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(ExampleItem.text(stem: "Which stock protects against demand variation?", options: ["Safety stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]), note: "'stock' is in every option"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard let keyIndex = item.keyIndex else { return [] }
    let key = item.options[keyIndex]
    let analysis = context.analysis(of: item)
    let stemWords = analysis.stemContentHashes
    let keyWords = analysis.optionContentHashes[keyIndex]
    guard TextAnalysis.sharedCount(stemWords, keyWords) > 0 else { return [] }
    func inDistractor(_ hash: UInt64) -> Bool {
      item.options.indices.contains { $0 != keyIndex && TextAnalysis.sortedContains(analysis.optionContentHashes[$0], hash) }
    }
    var repeated: [Substring] = []
    var seen: Set<UInt64> = []
    for (word, lower) in zip(analysis.optionWords[keyIndex], analysis.lowercasedOptionWords[keyIndex]) {
      guard let hash = TextAnalysis.contentHash(lower), TextAnalysis.sortedContains(stemWords, hash), !inDistractor(hash), seen.insert(hash).inserted else { continue }
      repeated.append(word)
    }
    guard let first = repeated.first else { return [] }
    let quoted = repeated.map { "'\($0)'" }
    return [
      context.finding(
        "the key repeats \(WritingRules.list(quoted)) from the stem and no distractor does",
        item: item, field: "options.\(key.id)", highlighting: String(first))
    ]
  }
}

/// `grammatical-cue`.
struct GrammaticalCueRule: LintRule {
  let id = "grammatical-cue"
  let defaultSeverity = Severity.warning
  let description = """
    The stem ends in "a" or "an" and only some options agree with the article, so candidates can \
    rule out the others on grammar alone. End the stem before the article or use "a(n)".
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Stock held to cover demand during lead time is ↓an", options: ["Safety stock", "Cycle stock", "Anticipation stock", "Pipeline stock"], key: "C")),
      LintExample(ExampleItem.text(stem: "A count of one location at a time is ↓a", options: ["Cycle count", "Inventory audit", "Physical inventory", "Perpetual record"])),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Stock held to cover demand variation is called:", options: WritingRules.options)),
      LintExample(ExampleItem.text(stem: "A buffer held against demand variation is a", options: ["Safety stock", "Cycle stock", "Pipeline stock", "Lot-size stock"])),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let analysis = context.analysis(of: item)
    guard let last = analysis.stemWords.last else { return [] }
    let article = analysis.lowercasedStemWords.last!
    guard article == "a" || article == "an" else { return [] }
    var agree: [String] = []
    var disagree: [String] = []
    for (index, option) in item.options.enumerated() {
      guard let first = analysis.optionWords[index].first else { continue }
      let vowel = TextAnalysis.startsWithVowelSound(first)
      if vowel == (article == "an") { agree.append(option.id) } else { disagree.append(option.id) }
    }
    guard !agree.isEmpty, !disagree.isEmpty else { return [] }
    let sound = article == "an" ? "a consonant" : "a vowel"
    return [
      context.finding(
        "the stem ends in '\(last)', which does not fit option\(disagree.count > 1 ? "s" : "") \(WritingRules.list(disagree)) (starting with \(sound) sound)",
        item: item, field: "stem", highlighting: String(last), occurrence: .last)
    ]
  }
}

// MARK: - Numeric options

/// A numeric option: its value (the lower bound of a range) and its unit.
struct NumericOption {
  var value: Double
  var unit: String

  /// `500 units`, `$1,200`, `25%`, `3.5 days`, `10 to 20 units` (lower bound 10).
  init?(_ text: String) {
    guard let (value, rest) = TextAnalysis.leadingNumber(text[...]) else { return nil }
    var unitWords = TextAnalysis.lowercasedWords(String(rest))
    if rest.trimmingCharacters(in: .whitespaces).hasPrefix("%") { unitWords.insert("%", at: 0) }
    // A range: drop "to 20" / "- 20" and keep the unit after it.
    if let (_, after) = NumericInterval.rangeTail(rest) {
      unitWords = TextAnalysis.lowercasedWords(String(after))
    }
    guard unitWords.count <= 3, !unitWords.contains(where: { NumericInterval.comparatorWords.contains($0) }) else { return nil }
    self.value = value
    self.unit = unitWords.map(TextAnalysis.stemmed).joined(separator: " ")
  }
}

/// `numeric-option-order`.
struct NumericOptionOrderRule: LintRule {
  let id = "numeric-option-order"
  let defaultSeverity = Severity.warning
  let description = """
    Options that are all numbers, percentages or quantities in one unit are not in ascending \
    order. Ordered options are easier to scan and hide nothing about the key's position.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Demand is 10,000 units a year, ordering costs $50 and holding a unit costs $4 a year. What is the EOQ?", options: ["250 units", "707 units", "↓500 units", "1,000 units"], key: "C")),
      LintExample(ExampleItem.text(stem: "Which fill rate did the plant reach?", options: ["85%", "90%", "99%", "↓95%"], key: "B")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Demand is 10,000 units a year, ordering costs $50 and holding a unit costs $4 a year. What is the EOQ?", options: ["250 units", "500 units", "707 units", "1,000 units"], key: "B")),
      LintExample(ExampleItem.text(stem: "Which lead time applies?", options: ["3 weeks", "10 days", "1 month", "2 days"]), note: "different units are not compared"),
      LintExample(ExampleItem.text(stem: "How many days of supply should the buffer hold?", options: ["0 to 4 days", "5 to 10 days", "11 to 15 days", "16 to 20 days"], key: "B")),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.options.count >= 2,
      item.options.allSatisfy({ $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } })
    else { return [] }
    var parsed: [NumericOption] = []
    for option in item.options {
      guard let numeric = NumericOption(option.text) else { return [] }
      parsed.append(numeric)
    }
    guard Set(parsed.map(\.unit)).count == 1 else { return [] }
    for index in 1..<parsed.count where parsed[index].value < parsed[index - 1].value {
      let previous = item.options[index - 1]
      let option = item.options[index]
      return [
        context.finding(
          "numeric options are not in ascending order: \(option.id) (\(option.text)) comes after \(previous.id) (\(previous.text))",
          item: item, field: "options.\(option.id)")
      ]
    }
    return []
  }
}

/// An interval of numbers an option stands for: `10 to 20`, `less than 5`, `at least 100`, `7`.
struct NumericInterval: Equatable {
  var lower: Double
  var lowerClosed: Bool
  var upper: Double
  var upperClosed: Bool
  var unit: String

  var isPoint: Bool { lower == upper }

  init(lower: Double, lowerClosed: Bool, upper: Double, upperClosed: Bool, unit: String) {
    self.lower = lower
    self.lowerClosed = lowerClosed
    self.upper = upper
    self.upperClosed = upperClosed
    self.unit = unit
  }

  static let comparatorWords: Set<String> = [
    "less", "fewer", "more", "greater", "under", "below", "over", "above", "exceeding", "least", "most",
    "than", "between", "from", "up", "or", "and", "to", "through", "no", "higher", "lower",
  ]

  /// `to 20 …`, `- 20 …`, `– 20 …`, `through 20 …` at the start of `rest`: the upper number and
  /// the text after it.
  static func rangeTail(_ rest: Substring) -> (Double, Substring)? {
    var text = rest.drop { $0 == " " }
    if text.hasPrefix("%") { text = text.dropFirst().drop { $0 == " " } }
    var afterSeparator: Substring?
    for separator in ["to ", "through ", "and ", "-", "–", "—"] where text.hasPrefix(separator) {
      afterSeparator = text.dropFirst(separator.count)
      break
    }
    guard let afterSeparator, let (upper, after) = TextAnalysis.leadingNumber(afterSeparator) else { return nil }
    return (upper, after)
  }

  /// Parses an option; nil when it is not a single number, range or bound.
  init?(_ text: String) {
    let lowerText = TextAnalysis.normalised(text)
    var words = lowerText.split(separator: " ").map(String.init)
    func number(_ word: String) -> Double? {
      guard let (value, rest) = TextAnalysis.leadingNumber(word[...]), rest.isEmpty || rest == "%" else { return nil }
      return value
    }
    // Leading comparator phrases.
    let prefixes: [([String], (Double) -> NumericInterval)] = [
      (["between"], { NumericInterval(lower: $0, lowerClosed: true, upper: $0, upperClosed: true, unit: "") }),
      (["from"], { NumericInterval(lower: $0, lowerClosed: true, upper: $0, upperClosed: true, unit: "") }),
      (["less", "than"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }),
      (["fewer", "than"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }),
      (["under"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }),
      (["below"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }),
      (["more", "than"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (["greater", "than"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (["over"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (["above"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (["exceeding"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (["at", "least"], { NumericInterval(lower: $0, lowerClosed: true, upper: .infinity, upperClosed: false, unit: "") }),
      (["no", "less", "than"], { NumericInterval(lower: $0, lowerClosed: true, upper: .infinity, upperClosed: false, unit: "") }),
      (["no", "fewer", "than"], { NumericInterval(lower: $0, lowerClosed: true, upper: .infinity, upperClosed: false, unit: "") }),
      (["at", "most"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: true, unit: "") }),
      (["no", "more", "than"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: true, unit: "") }),
      (["up", "to"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: true, unit: "") }),
    ]
    var interval: NumericInterval?
    for (phrase, make) in prefixes where words.starts(with: phrase) {
      words.removeFirst(phrase.count)
      guard let first = words.first, let value = number(first) else { return nil }
      words.removeFirst()
      interval = make(value)
      if phrase == ["between"] || phrase == ["from"] {
        // between 10 and 20 / from 10 to 20
        guard words.count >= 2, ["and", "to", "through", "-", "–"].contains(words[0]), let upper = number(words[1]) else { return nil }
        words.removeFirst(2)
        interval!.upper = upper
      }
      break
    }
    if interval == nil {
      // 10-20 / 10–20 written as one token.
      if let first = words.first, let dash = first.firstIndex(where: { $0 == "-" || $0 == "–" || $0 == "—" }),
        let low = number(String(first[..<dash])), let high = number(String(first[first.index(after: dash)...]))
      {
        words.removeFirst()
        interval = NumericInterval(lower: low, lowerClosed: true, upper: high, upperClosed: true, unit: "")
      } else if let first = words.first, let value = number(first) {
        words.removeFirst()
        interval = NumericInterval(lower: value, lowerClosed: true, upper: value, upperClosed: true, unit: "")
        if words.count >= 2, ["to", "through", "-", "–", "—"].contains(words[0]), let upper = number(words[1]) {
          words.removeFirst(2)
          interval!.upper = upper
        }
      }
    }
    guard var result = interval else { return nil }
    // Trailing "or more" / "or less" (after an optional unit).
    if words.count >= 2, words[words.count - 2] == "or" {
      switch words.last! {
      case "more", "greater", "higher", "above", "over":
        result.upper = .infinity
        result.upperClosed = false
        words.removeLast(2)
      case "less", "fewer", "lower", "below", "under":
        result.upper = result.lower
        result.upperClosed = true
        result.lower = -.infinity
        result.lowerClosed = false
        words.removeLast(2)
      default:
        break
      }
    }
    guard words.count <= 3, !words.contains(where: { Self.comparatorWords.contains($0) || number($0) != nil }) else {
      return nil
    }
    guard result.lower <= result.upper else { return nil }
    result.unit = words.filter { $0 != "%" }.map(TextAnalysis.stemmed).joined(separator: " ")
    self = result
  }

  /// Whether the two intervals share a number.
  func overlaps(_ other: NumericInterval) -> Bool {
    if upper < other.lower || other.upper < lower { return false }
    if upper == other.lower { return upperClosed && other.lowerClosed }
    if other.upper == lower { return other.upperClosed && lowerClosed }
    return true
  }
}

/// `option-overlap`.
struct OptionOverlapRule: LintRule {
  let id = "option-overlap"
  let defaultSeverity = Severity.warning
  let description = """
    Two numeric options overlap (ranges or bounds sharing a value), or one option contains \
    another's whole text, so more than one option can be right.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "How many days of supply should the buffer hold?", options: ["0 to 5 days", "↓5 to 10 days", "11 to 15 days", "More than 15 days"], key: "B")),
      LintExample(ExampleItem.text(stem: "Which cost rises with the lot size?", options: ["Holding cost", "Ordering cost", "↓Holding cost and ordering cost", "Shortage cost"])),
      LintExample(ExampleItem.text(stem: "What service level does the policy give?", options: ["Less than 90%", "↓At least 85%", "↓95% or more", "Exactly 99%"], key: "C"), note: "bounds"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "How many days of supply should the buffer hold?", options: ["0 to 4 days", "5 to 10 days", "11 to 15 days", "More than 15 days"], key: "B")),
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(ExampleItem.text(stem: "What service level does the policy give?", options: ["Less than 90%", "At least 90% but under 95%", "At least 95%", "Unknown"], key: "C")),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    var flagged: Set<String> = []
    let analysis = context.analysis(of: item)
    let intervals = analysis.optionIntervals
    for j in item.options.indices {
      guard let b = intervals[j] else { continue }
      for i in 0..<j {
        guard let a = intervals[i], a.unit == b.unit, !(a.isPoint && b.isPoint), a.overlaps(b) else { continue }
        findings.append(
          context.finding(
            "options \(item.options[i].id) (\(item.options[i].text)) and \(item.options[j].id) (\(item.options[j].text)) overlap",
            item: item, field: "options.\(item.options[j].id)"))
        flagged.insert(item.options[j].id)
        break
      }
    }
    // Containment: the words of one option, in order, inside another.
    let words = analysis.lowercasedOptionWords
    let excluded = item.options.indices.map { analysis.combinationOptions[$0] || analysis.aboveOptionPhrases[$0] != nil }
    for j in item.options.indices where !excluded[j] && !flagged.contains(item.options[j].id) {
      for i in item.options.indices where i != j && !excluded[i] {
        let inner = words[i]
        guard !inner.isEmpty, inner.count < words[j].count, intervals[i] == nil,
          Self.containsSequence(words[j], inner),
          inner.joined().unicodeScalars.count >= 3, inner.contains(where: { $0.unicodeScalars.contains { $0.properties.isAlphabetic } })
        else { continue }
        findings.append(
          context.finding(
            "option \(item.options[j].id) contains option \(item.options[i].id) ('\(item.options[i].text)'); if one is right, so is the other",
            item: item, field: "options.\(item.options[j].id)"))
        break
      }
    }
    return findings
  }

  /// Whether `needle` occurs in `haystack` as a contiguous run of words.
  static func containsSequence(_ haystack: [String], _ needle: [String]) -> Bool {
    guard let first = needle.first, needle.count <= haystack.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == first {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
  }
}

/// `type-k`.
struct TypeKRule: LintRule {
  let id = "type-k"
  let defaultSeverity = Severity.warning
  let description = """
    An option combines other options ("A and B", "1 and 3 only", "both of the above"): a complex \
    (type K) format that rewards partial knowledge and tests reading more than content.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Which costs rise with the lot size?", options: ["Holding cost", "Ordering cost", "Obsolescence cost", "↓A and C"], key: "D")),
      LintExample(ExampleItem.text(stem: "Which costs rise with the lot size?", options: ["Holding cost", "Ordering cost", "↓Both of the above", "Neither cost"])),
      LintExample(ExampleItem.text(stem: "Which statements about safety stock (1 to 4 above) are correct?", options: ["1 only", "↓1 and 3 only", "↓2, 3 and 4", "4 only"]), note: "numbered statements"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: "Which cost rises with the lot size?", options: ["Holding cost", "Ordering cost", "Setup cost", "Stockout cost"])),
      LintExample(ExampleItem.text(stem: "Which vitamins are fat-soluble?", options: ["Vitamin A and D", "Vitamin B and C", "Vitamin C only", "Vitamin B only"]), note: "letters inside ordinary phrases"),
      LintExample(ExampleItem.text(stem: "What is the mean absolute deviation?", options: ["0.5", "7.5", "30.0", "1,300"]), note: "decimal points and thousands separators inside numbers"),
    ]
  }

  static let fillers: Set<String> = [
    "both", "only", "options", "option", "statements", "statement", "choices", "are", "is", "correct", "true",
    "answers", "but", "not",
  ]
  static let connectors: Set<String> = ["and", "&", "or", "nor", "neither", ",", "+"]
  static let romanNumerals: Set<String> = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
  static let phrases: [[String]] = [
    "both of the above", "both of these", "neither of the above", "neither of these", "both a and b",
    "all except", "all but", "none except",
  ].map { $0.split(separator: " ").map(String.init) }

  /// Whether `text` combines other options.
  static func isCombination(_ text: String, optionIDs: [String]) -> Bool {
    var references = 0
    var isFirst = true
    let scalars = text.unicodeScalars
    var index = scalars.startIndex
    func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }
    /// Blanks and punctuation separate tokens, except a `.` or `,` between two digits: "7.5"
    /// and "1,000" are one number, not references to options 7 and 5.
    func isSeparator(_ position: String.UnicodeScalarView.Index) -> Bool {
      let scalar = scalars[position]
      if scalar == "." || scalar == "," {
        let next = scalars.index(after: position)
        if position > scalars.startIndex, next < scalars.endIndex,
          isDigit(scalars[scalars.index(before: position)]), isDigit(scalars[next])
        {
          return false
        }
        return true
      }
      return scalar == " " || scalar == "\t" || scalar == "\n" || scalar == ";" || scalar == "\r"
    }
    while index < scalars.endIndex {
      guard !isSeparator(index) else {
        index = scalars.index(after: index)
        continue
      }
      let start = index
      while index < scalars.endIndex && !isSeparator(index) { index = scalars.index(after: index) }
      let token = text[start..<index]
      if isFirst {
        isFirst = false
        let lower = token.lowercased()
        if lower == "both" || lower == "neither" || lower == "all" || lower == "none",
          let range = WritingRules.findPhrase(phrases, in: TextAnalysis.lowercasedWords(text)), range.lowerBound == 0
        {
          return true
        }
      }
      if token.unicodeScalars.count <= 4 {
        let string = String(token)
        let isOptionID = token.unicodeScalars.count <= 2 && optionIDs.contains(string)
        let isDigit = token.unicodeScalars.count == 1 && token.unicodeScalars.first!.value >= 0x31 && token.unicodeScalars.first!.value <= 0x39
        if isOptionID || isDigit || romanNumerals.contains(string) {
          references += 1
          continue
        }
      }
      let lower = token.lowercased()
      if fillers.contains(lower) || connectors.contains(lower) { continue }
      return false
    }
    return references >= 2
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let analysis = context.analysis(of: item)
    return item.options.indices.filter { analysis.combinationOptions[$0] }.map { item.options[$0] }.map { option in
      context.finding(
        "option \(option.id) ('\(option.text)') combines other options; write single-best-answer options",
        item: item, field: "options.\(option.id)")
    }
  }
}

/// `common-option-prefix`.
struct CommonOptionPrefixRule: LintRule {
  let id = "common-option-prefix"
  let defaultSeverity = Severity.info
  let description = """
    Every option starts with the same words. Words repeated in every option belong in the stem, \
    which keeps the options short and focused on what differs.
    """
  var parameters: [RuleParameter] {
    [RuleParameter("min_words", default: .integer(2), "the shortest shared prefix, in words, that is reported", minimum: 1)]
  }
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "How should a planner respond to rising demand variability?", options: ["↓Increase the safety stock", "Increase the lot size", "Increase the review period", "Increase the order cost"]))]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "How should a planner respond to rising demand variability? Increase the", options: ["safety stock", "lot size", "review period", "order cost"]))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.options.count >= 2 else { return [] }
    let analysis = context.analysis(of: item)
    let lower = analysis.lowercasedOptionWords
    var length = 0
    while lower.allSatisfy({ $0.count > length + 1 }) && lower.allSatisfy({ $0[length] == lower[0][length] }) {
      length += 1
    }
    guard length >= max(1, context.options.integer("min_words")) else { return [] }
    let words = analysis.optionWords[0]
    let prefix = WritingRules.span(item.options[0].text, words, 0..<length)
    return [
      context.finding(
        "every option starts with '\(prefix)'; move the shared words into the stem",
        item: item, field: "options.\(item.options[0].id)", highlighting: String(words[0]))
    ]
  }
}

/// `convergence-cue`.
struct ConvergenceCueRule: LintRule {
  let id = "convergence-cue"
  let defaultSeverity = Severity.info
  let description = """
    The key shares more words with the other options than any distractor does. Distractors \
    written as variations of the key let candidates find it by convergence.
    """
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "Which policy suits a part with volatile demand and long lead times?", options: ["↓Periodic review with safety stock", "Periodic review without buffers", "Continuous review with safety stock", "Lot-for-lot ordering"]))]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.options.count >= 3, let keyIndex = item.keyIndex else { return [] }
    let words = context.analysis(of: item).optionContentHashes
    var scores = [Int](repeating: 0, count: words.count)
    for i in words.indices {
      for j in words.indices where j > i {
        let shared = TextAnalysis.sharedCount(words[i], words[j])
        scores[i] += shared
        scores[j] += shared
      }
    }
    let keyScore = scores[keyIndex]
    guard keyScore >= 2, scores.indices.allSatisfy({ $0 == keyIndex || scores[$0] < keyScore }) else { return [] }
    let key = item.options[keyIndex]
    return [
      context.finding(
        "the key shares the most words with the other options (\(keyScore) shared words); vary the distractors independently",
        item: item, field: "options.\(key.id)")
    ]
  }
}

// MARK: - Stem

/// `stem-format`.
struct StemFormatRule: LintRule {
  let id = "stem-format"
  let defaultSeverity = Severity.warning
  let description = """
    The stem is neither a question (ending in "?") nor an incomplete statement ending in a colon. \
    A stem that poses the whole problem lets an expert answer before reading the options.
    """
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "Safety stock protects against variation in ↓demand.", options: ["True for demand only", "True for supply only", "True for both", "True for neither"]))]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(ExampleItem.text(stem: "Stock held against variation in demand is called:", options: WritingRules.options)),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    if Self.endsWithQuestionOrColon(item.stem) { return [] }
    var trimmed = Substring(item.stem)
    while let last = trimmed.last, last.isWhitespace || "\"'”’)]".contains(last) { trimmed = trimmed.dropLast() }
    guard let last = trimmed.last, last != "?", last != ":" else { return [] }
    let lastWord = TextAnalysis.words(String(trimmed)).last.map(String.init)
    let ending = last.isLetter || last.isNumber ? "without punctuation" : "with '\(last)'"
    return [
      context.finding(
        "the stem ends \(ending); write a question ending in '?' or an incomplete statement ending in ':'",
        item: item, field: "stem", highlighting: lastWord, occurrence: .last)
    ]
  }
}

extension StemFormatRule {
  /// Whether `stem`, after trailing white space, quotes and closing brackets, surely ends in
  /// `?` or `:`, judged on ASCII bytes alone: every trailing byte examined is ASCII and so is
  /// the one before the `?` or `:`, so each is a character of its own (no combining mark or
  /// prepended character joins them). False means "not sure": the character-based check runs.
  static func endsWithQuestionOrColon(_ stem: String) -> Bool {
    stem.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      var index = bytes.count - 1
      while index >= 0 {
        switch bytes[index] {
        case 0x09...0x0D, 0x20, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "]"):
          index -= 1
        case UInt8(ascii: "?"), UInt8(ascii: ":"):
          return index == 0 || bytes[index - 1] < 0x80
        default:
          return false
        }
      }
      return false
    } ?? false
  }
}

/// `stem-length`.
struct StemLengthRule: LintRule {
  let id = "stem-length"
  let defaultSeverity = Severity.info
  let description = """
    The stem is longer than the word budget (parameter `max_words`, default 120). Long stems test \
    reading speed; keep only what the problem needs.
    """
  var parameters: [RuleParameter] {
    [RuleParameter("max_words", default: .integer(120), "the most words a stem may have", minimum: 1)]
  }
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: "A distributor holds safety stock for a fast-moving ↓part. Which change lowers it?", options: ["Shorter lead time", "Longer lead time", "Higher service level", "More variable demand"]), options: ["max_words": .integer(8)], note: "with max_words: 8")]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let budget = context.options.integer("max_words")
    let words = context.analysis(of: item).stemWords
    guard words.count > budget else { return [] }
    return [
      context.finding(
        "the stem has \(words.count) words, over the budget of \(budget)",
        item: item, field: "stem", highlighting: String(words[budget]))
    ]
  }
}

// MARK: - Documentation of the item

/// `missing-rationale`.
struct MissingRationaleRule: LintRule {
  let id = "missing-rationale"
  let defaultSeverity = Severity.warning
  let description = """
    The item has no rationale for its key. Reviewers, standard setters and future editors need to \
    know why the key is right.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(id: "↓INV-0001", stem: WritingRules.stem, options: WritingRules.options, rationale: nil)),
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options, rationale: nil, extra: "rationale:\n  ↓distractors: {B: Cycle stock covers average demand.}")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard (item.rationale.key ?? "").unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else { return [] }
    let field = item.source.fieldLocations["rationale"] != nil ? "rationale" : "id"
    return [context.finding("no rationale for the key; explain why the key is correct", item: item, field: field)]
  }
}

/// `missing-distractor-rationale` (opt-in).
struct MissingDistractorRationaleRule: LintRule {
  let id = "missing-distractor-rationale"
  let defaultSeverity = Severity.info
  let isOptIn = true
  let description = """
    The rationale explains the key but not every distractor (`rationale.distractors`). Opt-in: \
    programs that document why each distractor is wrong enable it.
    """
  var triggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options, rationale: nil, extra: "rationale:\n  key: Safety stock buffers demand variation.\n  distractors:\n    ↓B: Cycle stock covers average demand."))]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options, rationale: nil, extra: "rationale:\n  key: Safety stock buffers demand variation.\n  distractors:\n    B: Cycle stock covers average demand.\n    C: Pipeline stock is in transit.\n    D: Anticipation stock is built ahead of a peak."))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard !(item.rationale.key ?? "").isEmpty else { return [] }
    let missing = item.options.filter { $0.id != item.key && (item.rationale.distractors[$0.id] ?? "").isEmpty }.map(\.id)
    guard !missing.isEmpty else { return [] }
    let field = ["rationale.distractors", "rationale"].first { item.source.fieldLocations[$0] != nil } ?? "id"
    return [
      context.finding(
        "no rationale for distractor\(missing.count > 1 ? "s" : "") \(WritingRules.list(missing))",
        item: item, field: field)
    ]
  }
}

/// `missing-reference`.
struct MissingReferenceRule: LintRule {
  let id = "missing-reference"
  let defaultSeverity = Severity.info
  let description = """
    The item cites no reference (textbook, standard, chapter) that supports the key, which \
    content reviews and challenges need.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(id: "↓INV-0001", stem: WritingRules.stem, options: WritingRules.options, references: nil)),
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options, references: nil, extra: "references: ↓[]")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.references.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }) else { return [] }
    let field = item.source.fieldLocations["references"] != nil ? "references" : "id"
    return [context.finding("no reference supports the key; cite a textbook, standard or chapter", item: item, field: field)]
  }
}
