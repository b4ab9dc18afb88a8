import Testing

@testable import ItemBenchCore

/// Every library error renders the same way: where and what, never the severity, which the
/// command-line tool alone adds (``DiagnosticError/compilerStyle(severity:)``).
@Suite struct DiagnosticErrorTests {
  struct Located: DiagnosticError {
    var message: String
    var diagnosticLocation: ItemBenchCore.SourceLocation?
  }

  @Test func withALocationTheDiagnosticNamesFileLineAndColumn() {
    let error = Located(
      message: "expected a number",
      diagnosticLocation: ItemBenchCore.SourceLocation(file: "scale.yml", line: 4, column: 8))
    #expect("\(error)" == "scale.yml:4:8: expected a number")
    #expect(error.compilerStyle(severity: "error") == "scale.yml:4:8: error: expected a number")
  }

  @Test func withoutALocationItIsTheMessage() {
    let error = Located(message: "no anchors", diagnosticLocation: nil)
    #expect("\(error)" == "no anchors")
    #expect(error.compilerStyle(severity: "error") == "error: no anchors")
  }

  @Test func libraryErrorsShareTheRendering() {
    let csv = CSVRecordsError(
      "expected 3 fields, found 2", at: ItemBenchCore.SourceLocation(file: "r.csv", line: 2, column: 1))
    #expect(csv.description == "r.csv:2:1: expected 3 fields, found 2")
    let any: any DiagnosticError = csv
    #expect(any.message == "expected 3 fields, found 2")
    #expect(any.compilerStyle(severity: "warning") == "r.csv:2:1: warning: expected 3 fields, found 2")
  }
}
