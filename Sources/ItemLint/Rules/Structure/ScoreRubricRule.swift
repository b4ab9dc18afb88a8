import Foundation
import ItemBank
import ItemBenchCore

/// `score-rubric`: every score category of a partial-credit item has a rubric of its own.
///
/// A rubric that is empty (or only white space) says nothing about what earns its score; two
/// categories whose rubrics have the same words (ignoring case, spacing and punctuation, as
/// `duplicate-option` compares options) cannot be told apart by raters. The later category of a
/// pair is reported. Multiple-choice items have no score categories and are not checked.
struct ScoreRubricRule: LintRule {
  let id = "score-rubric"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  /// Only partial-credit items have score categories.
  let itemTypes: Set<ItemResponseType> = [.partialCredit]
  let description = """
    A score category of a partial-credit item has an empty rubric, or the same words as another \
    category's rubric (ignoring case, spacing and punctuation): raters cannot tell what earns each score.
    """

  static let stem = "Compute the economic order quantity for the scenario above and show your work."

  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.partialCredit(
          stem: Self.stem,
          rubrics: ["No relevant work.", "States the EOQ formula.", "↓states the EOQ formula"])),
      LintExample(
        "id: SCN-0001\nstatus: draft\ndomain: inventory\ncognitive_level: analysis\ntype: partial-credit\n"
          + "stem: \(Self.stem)\nscore_categories:\n  - score: 0\n    rubric: No relevant work.\n"
          + "  - score: 1\n    rubric: ↓\"  \"\nreferences: [APICS Dictionary, 16th edition]\n",
        note: "a rubric of white space only"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.partialCredit(
          stem: Self.stem,
          rubrics: ["No relevant work.", "States the EOQ formula.", "States the formula and computes 537 units."]))
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    // Earlier rubrics' words with their scores (a handful of categories: a linear scan).
    var seen: [(words: [String], score: Int)] = []
    for (index, category) in item.scoreCategories.enumerated() {
      let field = "score_categories.\(index).rubric"
      if category.rubric.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
        findings.append(
          context.finding(
            "the rubric of score \(category.score) is empty; say what a response must show to earn it",
            item: item, field: field))
        continue
      }
      var words = TextAnalysis.words(category.rubric).map { $0.lowercased() }
      if words.isEmpty { words = [TextAnalysis.normalised(category.rubric)] }
      if let first = seen.first(where: { $0.words == words }) {
        findings.append(
          context.finding(
            "the rubrics of scores \(first.score) and \(category.score) have the same words; "
              + "say what distinguishes a response that earns \(category.score)",
            item: item, field: field))
      } else {
        seen.append((words, category.score))
      }
    }
    return findings
  }
}
