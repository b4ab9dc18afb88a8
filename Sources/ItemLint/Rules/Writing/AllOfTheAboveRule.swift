import Foundation
import ItemBank
import ItemBenchCore

/// `all-of-the-above`.
struct AllOfTheAboveRule: LintRule {
  let id = "all-of-the-above"
  let defaultSeverity = Severity.error
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    An option reads "all of the above". Candidates who recognise two correct options can choose \
    it without knowing the third; write a single best answer instead.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which are reasons to hold inventory?",
          options: ["Variable demand", "Long lead times", "Quantity discounts", "↓All of the above"], key: "D"))
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
          WritingRules.allOfTheAbovePhrases, in: analysis.lowercasedOptionWords[index])
      else { return nil }
      let phrase = WritingRules.span(option.text, analysis.optionWords[index], range)
      return context.finding(
        "option \(option.id) is '\(phrase)'; write a single best answer instead",
        item: item, field: "options.\(option.id)", highlighting: phrase)
    }
  }
}
