import Foundation
import ItemBank
import ItemBenchCore

/// `grammatical-cue`.
struct GrammaticalCueRule: LintRule {
  let id = "grammatical-cue"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    The stem ends in "a" or "an" and only some options agree with the article, so candidates can \
    rule out the others on grammar alone. End the stem before the article or use "a(n)".
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Stock held to cover demand during lead time is ↓an",
          options: ["Safety stock", "Cycle stock", "Anticipation stock", "Pipeline stock"], key: "C")),
      LintExample(
        ExampleItem.text(
          stem: "A count of one location at a time is ↓a",
          options: ["Cycle count", "Inventory audit", "Physical inventory", "Perpetual record"])),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(stem: "Stock held to cover demand variation is called:", options: WritingRules.options)),
      LintExample(
        ExampleItem.text(
          stem: "A buffer held against demand variation is a",
          options: ["Safety stock", "Cycle stock", "Pipeline stock", "Lot-size stock"])),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let analysis = context.analysis(of: item)
    guard let last = analysis.stemWords.last, let article = analysis.lowercasedStemWords.last else { return [] }
    guard article == "a" || article == "an" else { return [] }
    var agree: [String] = []
    var disagree: [String] = []
    for (index, option) in item.options.enumerated() {
      guard let first = analysis.optionWords[index].first else { continue }
      let vowel = TextAnalysis.startsWithVowelSound(first)
      if vowel == (article == "an") { agree.append(option.id) } else { disagree.append(option.id) }
    }
    guard !agree.isEmpty, !disagree.isEmpty else { return [] }
    let sound = article == "an" ? "a consonant" : "a vowel"
    return [
      context.finding(
        "the stem ends in '\(last)', which does not fit option\(disagree.count > 1 ? "s" : "") \(WritingRules.list(disagree)) (starting with \(sound) sound)",
        item: item, field: "stem", highlighting: String(last), occurrence: .last)
    ]
  }
}
