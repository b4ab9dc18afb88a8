import Foundation
import ItemBank
import ItemBenchCore

/// `key-not-an-option`: the key must name one of the item's options.
struct KeyNotAnOptionRule: LintRule {
  let id = "key-not-an-option"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = "The key does not name one of the item's options."
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"], key: "↓E"))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"], key: "A")),
      LintExample(
        ExampleItem.partialCredit(
          stem: "Compute the economic order quantity and show your work.",
          rubrics: ["No relevant work.", "States the EOQ formula.", "Computes 537 units."]),
        note: "a partial-credit item (no options or key) is not checked"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.keyIndex == nil else { return [] }
    let ids = item.options.map(\.id)
    return [
      context.finding(
        "key '\(item.key)' is not one of the options (\(ids.joined(separator: ", ")))"
          + (item.key.count > 2 ? EditDistance.didYouMean(item.key, among: ids) : ""),
        item: item, field: "key", highlighting: item.key)
    ]
  }
}
