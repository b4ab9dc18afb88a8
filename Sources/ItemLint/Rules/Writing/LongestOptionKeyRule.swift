import Foundation
import ItemBank
import ItemBenchCore

/// `longest-option-key`.
struct LongestOptionKeyRule: LintRule {
  let id = "longest-option-key"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    The key is the longest option by a clear margin (at least `ratio` times the longest \
    distractor, in characters). Item writers qualify the key until it is right; test-wise \
    candidates pick the longest option. Numeric option sets are not checked.
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "ratio", default: .number(1.5),
        "how many times longer than the longest distractor the key must be to be reported", minimum: 1)
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What should a planner do when demand variability rises?",
          options: [
            "Cut lot sizes", "↓Recalculate safety stock from the new standard deviation of demand", "Order less",
            "Add a shift",
          ], key: "B"))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What should a planner do when demand variability rises?",
          options: ["Reduce lot sizes", "Recalculate safety stock", "Order less often", "Add a second shift"], key: "B")
      ),
      LintExample(
        ExampleItem.text(
          stem: "What is the economic order quantity?", options: ["5 units", "500 units", "50,000 units", "50 units"],
          key: "C"), note: "numeric options are not compared by length"),
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
