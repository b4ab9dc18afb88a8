import Foundation
import ItemBank
import ItemBenchCore

/// `none-of-the-above`.
struct NoneOfTheAboveRule: LintRule {
  let id = "none-of-the-above"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    An option reads "none of the above". When it is the key the item measures only the ability to \
    spot wrong answers; when it is not, it is rarely chosen. Write a plausible distractor instead.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: WritingRules.stem, options: ["Safety stock", "Cycle stock", "Pipeline stock", "↓None of these"]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let analysis = context.analysis(of: item)
    return item.options.indices.compactMap { index in
      let option = item.options[index]
      guard analysis.aboveOptionPhrases[index] != nil,
        let range = WritingRules.findPhrase(
          WritingRules.noneOfTheAbovePhrases, in: analysis.lowercasedOptionWords[index])
      else { return nil }
      let phrase = WritingRules.span(option.text, analysis.optionWords[index], range)
      return context.finding(
        "option \(option.id) is '\(phrase)'; write a plausible distractor instead",
        item: item, field: "options.\(option.id)", highlighting: phrase)
    }
  }
}
