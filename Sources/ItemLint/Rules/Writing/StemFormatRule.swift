import Foundation
import ItemBank
import ItemBenchCore

/// `stem-format`.
struct StemFormatRule: LintRule {
  let id = "stem-format"
  let defaultSeverity = Severity.warning
  /// A partial-credit prompt is an instruction ("Compute …"), not a stem completed by options.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    The stem is neither a question (ending in "?") nor an incomplete statement ending in a colon. \
    A stem that poses the whole problem lets an expert answer before reading the options.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Safety stock protects against variation in ↓demand.",
          options: ["True for demand only", "True for supply only", "True for both", "True for neither"]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(
        ExampleItem.text(stem: "Stock held against variation in demand is called:", options: WritingRules.options)),
      LintExample(
        ExampleItem.partialCredit(
          stem: "Compute the economic order quantity and show your work.",
          rubrics: ["No relevant work.", "States the EOQ formula.", "Computes 537 units."]),
        note: "a partial-credit prompt is an instruction: not checked"),
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
