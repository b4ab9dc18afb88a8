import ItemLint

/// `lint`: every item of the bank against the item-writing rules (docs/lint.md).
struct LintStep {
  var bankPath: String

  /// Writes `lint.txt` and `lint.json` when `write` is set; returns the progress line.
  func run(into report: inout CycleReport, writer: inout OutputWriter, write: Bool) throws -> String {
    let lint = try LintRunner.run(paths: [bankPath], toolVersion: "")
    report.lintErrors = lint.count(.error)
    report.lintWarnings = lint.count(.warning)
    report.lintInfos = lint.count(.info)
    if write {
      try writer.write(TextReporter().render(lint), to: "lint.txt")
      try writer.write(JSONReporter().render(lint), to: "lint.json")
    }
    return
      "\(lint.files.count) files, \(report.lintErrors) error(s), \(report.lintWarnings) warning(s), \(report.lintInfos) info"
  }
}
