import Foundation
import ItemBank
import ItemBenchCore

/// `invalid-suppression`: a suppression comment names an unknown rule or directive.
struct InvalidSuppressionRule: LintRule {
  let id = "invalid-suppression"
  let defaultSeverity = Severity.warning
  let category = LintRuleCategory.structure
  let description = """
    A `# itembench:` comment names a rule id that does not exist (with a did-you-mean \
    suggestion), names no rule, or uses a directive other than `disable` and `disable-next-line`. \
    Such a comment suppresses nothing.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        "# itembench:disable-next-line ↓negativ-stem\n"
          + ExampleItem.text(stem: "Which is not safety stock?", options: WritingRules.options)),
      LintExample(
        "# itembench:↓disable-line negative-stem\n"
          + ExampleItem.text(stem: "Which is not safety stock?", options: WritingRules.options)),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        "# itembench:disable-next-line negative-stem -- the negative is the construct\n"
          + ExampleItem.text(stem: "Which is not safety stock?", options: WritingRules.options))
    ]
  }

  func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    let known = Set(context.knownRuleIDs).union(["all"])
    var findings: [LintFinding] = []
    // The linter reads every linted file's directives once: only files that have any matter.
    let files = context.shared.directives.map { Array($0.keys) } ?? Array(bank.fileTexts.keys)
    for file in files.sorted() where context.isLinted(file) {
      for directive in context.directives(in: file) {
        let at = SourceLocation(file: file, line: directive.line, column: directive.column)
        guard directive.kind != nil else {
          findings.append(
            context.finding(
              "unknown suppression directive '\(directive.name)'; expected 'disable' or 'disable-next-line'"
                + EditDistance.didYouMean(directive.name, among: ["disable", "disable-next-line"]),
              at: at))
          continue
        }
        if directive.ruleIDs.isEmpty {
          findings.append(context.finding("suppression comment names no rule id", at: at))
        }
        for (ruleID, column) in directive.ruleIDs where !known.contains(ruleID) {
          findings.append(
            context.finding(
              "unknown rule id '\(ruleID)' in suppression comment"
                + EditDistance.didYouMean(ruleID, among: context.knownRuleIDs),
              at: SourceLocation(file: file, line: directive.line, column: column)))
        }
      }
    }
    return findings
  }
}
