import BlueprintCoverage
import ItemBank

/// `coverage`: bank capacity and every administered form against the blueprint
/// (docs/coverage.md).
struct CoverageStep {
  var bank: ItemBank
  var blueprint: Blueprint
  var forms: [Form]

  func run(into report: inout CycleReport, writer: inout OutputWriter, write: Bool) throws -> String {
    let coverage = CoverageChecker.check(bank: bank, blueprint: blueprint, forms: forms)
    report.coveragePassed = coverage.passed
    report.coverageErrors = coverage.errorCount
    report.coverageWarnings = coverage.warningCount
    if write {
      try writer.write(coverage.rendered(as: .markdown), to: "coverage.md")
      try writer.write(coverage.rendered(as: .json), to: "coverage.json")
    }
    return
      "blueprint '\(blueprint.id)', forms \(forms.map(\.id).joined(separator: ", ")): \(coverage.passed ? "passed" : "FAILED") (\(coverage.errorCount) error(s), \(coverage.warningCount) warning(s))"
  }
}
