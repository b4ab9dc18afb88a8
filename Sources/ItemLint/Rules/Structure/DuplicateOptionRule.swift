import Foundation
import ItemBank
import ItemBenchCore

/// `duplicate-option`: no two options have the same id or the same text.
struct DuplicateOptionRule: LintRule {
  let id = "duplicate-option"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = "Two options have the same words (ignoring case, spacing and punctuation) or the same id."
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?", options: ["Buffer stock", "Cycle stock", "Pipeline stock", "↓buffer stock."]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    // Texts seen so far with the option that first had each (a handful of options: linear
    // scans are cheaper than hashing word lists).
    var firstByText: [(text: [String], id: String)] = []
    var seenIDs: [String] = []
    let words = context.analysis(of: item).lowercasedOptionWords
    for (index, option) in item.options.enumerated() {
      if seenIDs.contains(option.id) {
        findings.append(
          context.finding("option id '\(option.id)' is used twice", item: item, field: "options.\(option.id)"))
        continue
      }
      seenIDs.append(option.id)
      let text = words[index].isEmpty ? [TextAnalysis.normalised(option.text)] : words[index]
      if let first = firstByText.first(where: { $0.text == text }) {
        findings.append(
          context.finding(
            "options \(first.id) and \(option.id) have the same text", item: item, field: "options.\(option.id)"))
      } else {
        firstByText.append((text, option.id))
      }
    }
    return findings
  }
}
