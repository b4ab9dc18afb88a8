import Foundation
import ItemBank
import ItemBenchCore

/// `missing-distractor-rationale` (opt-in).
struct MissingDistractorRationaleRule: LintRule {
  let id = "missing-distractor-rationale"
  let defaultSeverity = Severity.info
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let isOptIn = true
  let description = """
    The rationale explains the key but not every distractor (`rationale.distractors`). Opt-in: \
    programs that document why each distractor is wrong enable it.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: WritingRules.stem, options: WritingRules.options, rationale: nil,
          extra:
            "rationale:\n  key: Safety stock buffers demand variation.\n  distractors:\n    ↓B: Cycle stock covers average demand."
        ))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: WritingRules.stem, options: WritingRules.options, rationale: nil,
          extra:
            "rationale:\n  key: Safety stock buffers demand variation.\n  distractors:\n    B: Cycle stock covers average demand.\n    C: Pipeline stock is in transit.\n    D: Anticipation stock is built ahead of a peak."
        ))
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard !(item.rationale.key ?? "").isEmpty else { return [] }
    let missing = item.options.filter { $0.id != item.key && (item.rationale.distractors[$0.id] ?? "").isEmpty }.map(
      \.id)
    guard !missing.isEmpty else { return [] }
    let field = ["rationale.distractors", "rationale"].first { item.source.fieldLocations[$0] != nil } ?? "id"
    return [
      context.finding(
        "no rationale for distractor\(missing.count > 1 ? "s" : "") \(WritingRules.list(missing))",
        item: item, field: field)
    ]
  }
}
