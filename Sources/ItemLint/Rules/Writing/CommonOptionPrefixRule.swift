import Foundation
import ItemBank
import ItemBenchCore

/// `common-option-prefix`.
struct CommonOptionPrefixRule: LintRule {
  let id = "common-option-prefix"
  let defaultSeverity = Severity.info
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    Every option starts with the same words. Words repeated in every option belong in the stem, \
    which keeps the options short and focused on what differs.
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "min_words", default: .integer(2), "the shortest shared prefix, in words, that is reported", minimum: 1)
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "How should a planner respond to rising demand variability?",
          options: [
            "↓Increase the safety stock", "Increase the lot size", "Increase the review period",
            "Increase the order cost",
          ]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "How should a planner respond to rising demand variability? Increase the",
          options: ["safety stock", "lot size", "review period", "order cost"]))
    ]
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
