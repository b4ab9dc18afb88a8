import Foundation
import ItemBank
import ItemBenchCore

/// `negative-stem`.
struct NegativeStemRule: LintRule {
  let id = "negative-stem"
  let defaultSeverity = Severity.warning
  let description = """
    The stem uses NOT, EXCEPT or LEAST in lower case. Negatively phrased stems are misread under \
    time pressure: phrase the stem positively, or, where a negative is essential, write the word \
    in capitals (which this rule accepts).
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "words", default: .list(["not", "except", "least"]), "negative words to look for (matched case-insensitively)")
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which of these is ↓not a reason to hold safety stock?",
          options: ["Stable demand", "Variable demand", "Variable lead time", "Unreliable suppliers"])),
      LintExample(
        ExampleItem.text(
          stem: "All of these are lot-sizing rules ↓except:",
          options: ["Safety stock", "Lot-for-lot", "Fixed order quantity", "Period order quantity"])),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which of these is NOT a reason to hold safety stock?",
          options: ["Stable demand", "Variable demand", "Variable lead time", "Unreliable suppliers"])),
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let negatives = context.lowercasedList("words")
    var reported: Set<String> = []
    var findings: [LintFinding] = []
    let analysis = context.analysis(of: item)
    for (word, lower) in zip(analysis.stemWords, analysis.lowercasedStemWords) {
      guard WritingRules.contains(negatives, lower), !TextAnalysis.isCapitalised(word),
        reported.insert(String(word)).inserted
      else {
        continue
      }
      findings.append(
        context.finding(
          "negative word '\(word)' in the stem; phrase the stem positively or write it in capitals (\(lower.uppercased()))",
          item: item, field: "stem", highlighting: String(word)))
    }
    return findings
  }
}
