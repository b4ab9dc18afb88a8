import ItemBank
import ItemBenchCore

/// Items two forms share.
public struct FormOverlap: Hashable, Sendable {
  public var firstForm: String
  public var secondForm: String
  /// Distinct item ids on each form.
  public var firstItems: Int
  public var secondItems: Int
  /// Ids on both forms, in the first form's order.
  public var shared: [String]
  /// Shared ids that are anchors on both forms.
  public var sharedAnchors: [String]
  /// `shared.count` as a percentage of each form's distinct items.
  public var percentOfFirst: Double { firstItems == 0 ? 0 : 100 * Double(shared.count) / Double(firstItems) }
  public var percentOfSecond: Double { secondItems == 0 ? 0 : 100 * Double(shared.count) / Double(secondItems) }

  public init(_ first: Form, _ second: Form) {
    firstForm = first.id
    secondForm = second.id
    var firstIDs: [String] = []
    var seen: Set<String> = []
    for entry in first.entries where seen.insert(entry.itemID).inserted { firstIDs.append(entry.itemID) }
    let secondIDs = Set(second.entries.map(\.itemID))
    firstItems = firstIDs.count
    secondItems = secondIDs.count
    shared = firstIDs.filter { secondIDs.contains($0) }
    let firstAnchors = Set(first.anchorItemIDs)
    let secondAnchors = Set(second.anchorItemIDs)
    sharedAnchors = shared.filter { firstAnchors.contains($0) && secondAnchors.contains($0) }
  }
}

/// The result of checking a bank and its forms against one blueprint.
///
/// Render it with ``rendered(as:)`` (or several at once with ``CoverageRenderer``); decide with
/// ``passed``.
public struct CoverageReport: Sendable {
  public var blueprint: Blueprint
  public var options: CoverageOptions
  public var bank: BankCoverage
  public var forms: [FormCoverage]
  /// Every pair of forms, in the order the forms were given.
  public var overlaps: [FormOverlap]

  public init(
    blueprint: Blueprint, options: CoverageOptions, bank: BankCoverage, forms: [FormCoverage],
    overlaps: [FormOverlap]
  ) {
    self.blueprint = blueprint
    self.options = options
    self.bank = bank
    self.forms = forms
    self.overlaps = overlaps
  }

  /// Every problem found (bank and forms), sorted by file, line and column.
  public var diagnostics: [Diagnostic] {
    (bank.diagnostics + forms.flatMap(\.diagnostics)).stablySortedByLocation()
  }
  public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

  /// Whether the bank supports the planned forms and every form meets the blueprint (no errors;
  /// warnings do not fail a report).
  public var passed: Bool { bank.passed && forms.allSatisfy(\.passed) }

  /// The report as text, JSON or Markdown.
  public func rendered(as format: CoverageReportFormat) -> String {
    CoverageRenderer.render([self], as: format)
  }
}
