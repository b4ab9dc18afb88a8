import Foundation
import ItemBank
import ItemBenchCore

/// A rule whose findings are the bank loader's diagnostics with the rule's id as their code.
public struct LoaderDiagnosticRule: LintRule {
  public let id: String
  public let description: String
  public let triggeringExamples: [LintExample]
  public let nonTriggeringExamples: [LintExample]
  public var defaultSeverity: Severity { .error }
  public var category: LintRuleCategory { .structure }

  public init(id: String, description: String, triggering: [LintExample], nonTriggering: [LintExample]) {
    self.id = id
    self.description = description
    self.triggeringExamples = triggering
    self.nonTriggeringExamples = nonTriggering
  }

  public func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    bank.diagnostics.compactMap { diagnostic in
      guard diagnostic.code == id, context.isLinted(diagnostic.location.file) else { return nil }
      return context.finding(diagnostic.message, at: diagnostic.location)
    }
  }
}
