import ArgumentParser
import ItemBenchCore
import ItemLint

/// `itembench rules`: the lint rule catalogue, with each rule's examples.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List the lint rules: id, default severity, opt-in, description and examples.",
    discussion: "In examples, ↓ marks the position a finding points at."
  )

  @Argument(help: "Show only this rule, with all its examples.")
  var ruleID: String?

  @Option(name: .long, help: "Also list the custom rules of this configuration file.")
  var config: String?

  @Flag(name: .long, help: "Print a Markdown table of the rules instead (as in docs/lint.md).")
  var markdown = false

  func run() throws {
    var rules = LintRuleRegistry.shared.rules
    if let config {
      do {
        rules += try LintConfiguration.load(from: config).customRules as [any LintRule]
      } catch {
        Console.report(error)
        throw ExitStatus.usage
      }
    }
    if let ruleID {
      guard let rule = rules.first(where: { $0.id == ruleID }) else {
        Console.error("error: unknown rule id '\(ruleID)'\(EditDistance.didYouMean(ruleID, among: rules.map(\.id)))")
        throw ExitStatus.usage
      }
      print(RuleDocumentation.text(for: rule, allExamples: true), terminator: "")
      return
    }
    print(markdown ? RuleDocumentation.markdownTable(rules) : RuleDocumentation.catalogue(rules), terminator: "")
  }
}
