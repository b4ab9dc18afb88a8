import Foundation
import ItemBank
import ItemBenchCore

/// `vague-terms`.
struct VagueTermsRule: LintRule {
  let id = "vague-terms"
  let defaultSeverity = Severity.warning
  let description = """
    The stem or an option uses a vague frequency term (usually, often, rarely, sometimes, …) that \
    experts interpret differently; state the condition or the number instead.
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "terms", default: .list(["usually", "often", "rarely", "sometimes", "frequently", "occasionally", "seldom"]),
        "vague terms to look for in the stem and options")
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which inventory is ↓usually held against demand variation?", options: WritingRules.options)),
      LintExample(
        ExampleItem.text(
          stem: "When is a cycle count taken?",
          options: ["At a planned interval", "↓Rarely", "At year end", "After each receipt"])),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let terms = context.lowercasedList("terms")
    var findings: [LintFinding] = []
    let analysis = context.analysis(of: item)
    func scan(_ words: [Substring], _ lower: [String], field: String, name: String) {
      guard let index = lower.firstIndex(where: { WritingRules.contains(terms, $0) }) else { return }
      findings.append(
        context.finding(
          "\(name) uses the vague term '\(words[index])'; state the condition or the number instead",
          item: item, field: field, highlighting: String(words[index])))
    }
    scan(analysis.stemWords, analysis.lowercasedStemWords, field: "stem", name: "the stem")
    for (index, option) in item.options.enumerated() {
      scan(
        analysis.optionWords[index], analysis.lowercasedOptionWords[index], field: "options.\(option.id)",
        name: "option \(option.id)")
    }
    return findings
  }
}
