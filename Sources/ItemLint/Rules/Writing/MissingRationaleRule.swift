import Foundation
import ItemBank
import ItemBenchCore

/// `missing-rationale`.
struct MissingRationaleRule: LintRule {
  let id = "missing-rationale"
  let defaultSeverity = Severity.warning
  /// A partial-credit item has no key: its rubrics say why each score is earned.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    The item has no rationale for its key. Reviewers, standard setters and future editors need to \
    know why the key is right.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(id: "↓INV-0001", stem: WritingRules.stem, options: WritingRules.options, rationale: nil)),
      LintExample(
        ExampleItem.text(
          stem: WritingRules.stem, options: WritingRules.options, rationale: nil,
          extra: "rationale:\n  ↓distractors: {B: Cycle stock covers average demand.}")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(
        ExampleItem.partialCredit(
          stem: "Compute the economic order quantity and show your work.",
          rubrics: ["No relevant work.", "States the EOQ formula.", "Computes 537 units."]),
        note: "a partial-credit item has no key; its rubrics say what earns each score"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard (item.rationale.key ?? "").unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else { return [] }
    let field = item.source.fieldLocations["rationale"] != nil ? "rationale" : "id"
    return [context.finding("no rationale for the key; explain why the key is correct", item: item, field: field)]
  }
}
