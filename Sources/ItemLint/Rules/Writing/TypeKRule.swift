import Foundation
import ItemBank
import ItemBenchCore

/// `type-k`.
struct TypeKRule: LintRule {
  let id = "type-k"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    An option combines other options ("A and B", "1 and 3 only", "both of the above"): a complex \
    (type K) format that rewards partial knowledge and tests reading more than content.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which costs rise with the lot size?",
          options: ["Holding cost", "Ordering cost", "Obsolescence cost", "↓A and C"], key: "D")),
      LintExample(
        ExampleItem.text(
          stem: "Which costs rise with the lot size?",
          options: ["Holding cost", "Ordering cost", "↓Both of the above", "Neither cost"])),
      LintExample(
        ExampleItem.text(
          stem: "Which statements about safety stock (1 to 4 above) are correct?",
          options: ["1 only", "↓1 and 3 only", "↓2, 3 and 4", "4 only"]), note: "numbered statements"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which cost rises with the lot size?",
          options: ["Holding cost", "Ordering cost", "Setup cost", "Stockout cost"])),
      LintExample(
        ExampleItem.text(
          stem: "Which vitamins are fat-soluble?",
          options: ["Vitamin A and D", "Vitamin B and C", "Vitamin C only", "Vitamin B only"]),
        note: "letters inside ordinary phrases"),
      LintExample(
        ExampleItem.text(stem: "What is the mean absolute deviation?", options: ["0.5", "7.5", "30.0", "1,300"]),
        note: "decimal points and thousands separators inside numbers"),
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
        let isDigit =
          token.unicodeScalars.count == 1
          && (token.unicodeScalars.first.map { $0.value >= 0x31 && $0.value <= 0x39 } ?? false)
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
