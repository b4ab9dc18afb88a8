import Foundation
import ItemBank
import ItemBenchCore

/// `option-count`: every item has the bank's number of options.
struct OptionCountRule: LintRule {
  let id = "option-count"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = "The item does not have the bank's number of options (parameter `count`, default 4)."
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "count", default: .integer(4), "the number of options every item must have", minimum: 2, maximum: 26)
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        "id: INV-0001\nstatus: draft\ndomain: inventory\ncognitive_level: recall\nstem: What is safety stock?\noptions:\n  ↓A: Buffer stock\n  B: Cycle stock\n  C: Pipeline stock\nkey: A\nrationale: R\nreferences: [Ref]\n"
      ),
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]
        )
        .replacingOccurrences(of: "  A: Buffer", with: "  ↓A: Buffer"),
        options: ["count": .integer(3)], note: "with count: 3"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"])),
      LintExample(
        ExampleItem.text(stem: "What is safety stock?", options: ["Buffer stock", "Cycle stock", "Pipeline stock"]),
        options: ["count": .integer(3)], note: "with count: 3"),
      LintExample(
        ExampleItem.partialCredit(
          stem: "Compute the economic order quantity and show your work.",
          rubrics: ["No relevant work.", "States the EOQ formula.", "Computes 537 units."]),
        note: "a partial-credit item (no options or key) is not checked"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let expected = context.options.integer("count")
    guard item.options.count != expected else { return [] }
    return [
      context.finding("item has \(item.options.count) options; expected \(expected)", item: item, field: "options")
    ]
  }
}
