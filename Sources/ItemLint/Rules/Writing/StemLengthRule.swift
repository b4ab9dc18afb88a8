import Foundation
import ItemBank
import ItemBenchCore

/// `stem-length`.
struct StemLengthRule: LintRule {
  let id = "stem-length"
  let defaultSeverity = Severity.info
  let description = """
    The stem is longer than the word budget (parameter `max_words`, default 120). Long stems test \
    reading speed; keep only what the problem needs.
    """
  var parameters: [RuleParameter] {
    [RuleParameter("max_words", default: .integer(120), "the most words a stem may have", minimum: 1)]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "A distributor holds safety stock for a fast-moving ↓part. Which change lowers it?",
          options: ["Shorter lead time", "Longer lead time", "Higher service level", "More variable demand"]),
        options: ["max_words": .integer(8)], note: "with max_words: 8")
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let budget = context.options.integer("max_words")
    let words = context.analysis(of: item).stemWords
    guard words.count > budget else { return [] }
    return [
      context.finding(
        "the stem has \(words.count) words, over the budget of \(budget)",
        item: item, field: "stem", highlighting: String(words[budget]))
    ]
  }
}
