import Foundation
import ItemBank
import ItemBenchCore

/// `absolute-terms`.
struct AbsoluteTermsRule: LintRule {
  let id = "absolute-terms"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    An option uses an absolute term (always, never, all, none, only, completely). Test-wise \
    candidates know such options are usually wrong.
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "terms", default: .list(["always", "never", "all", "none", "only", "completely"]),
        "absolute terms to look for in options")
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "When should safety stock be recalculated?",
          options: [
            "When demand variability changes", "↓Never, once it is set", "Every day", "When the item is obsolete",
          ]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "When should safety stock be recalculated?",
          options: ["When demand variability changes", "Once a decade", "Every day", "When the item is obsolete"]))
    ]
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
      for (index, word) in lower.enumerated()
      where WritingRules.contains(terms, word) && !(skip?.contains(index) ?? false) {
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
