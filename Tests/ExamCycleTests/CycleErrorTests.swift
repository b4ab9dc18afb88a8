import ExamCycle
import ItemBenchCore
import Testing

@Suite struct CycleErrorTests {
  struct Located: DiagnosticError {
    var message: String
    var diagnosticLocation: ItemBenchCore.SourceLocation?
  }
  struct Plain: Error, CustomStringConvertible {
    var description: String
  }

  @Test func isADiagnosticErrorAndKeepsAWrappedOnesLocation() {
    let location = ItemBenchCore.SourceLocation(file: "itembench.yml", line: 7, column: 12)
    let wrapped = CycleError(wrapping: Located(message: "expected a date", diagnosticLocation: location))
    #expect(wrapped.message == "expected a date")
    #expect(wrapped.diagnosticLocation == location)
    #expect(wrapped.description == "itembench.yml:7:12: expected a date")
    #expect(wrapped.compilerStyle(severity: "error") == "itembench.yml:7:12: error: expected a date")
    let any: any DiagnosticError = CycleError("no administrations")
    #expect(any.description == "no administrations")
    #expect(any.compilerStyle(severity: "error") == "error: no administrations")
    #expect(any.diagnosticLocation == nil)
  }

  @Test func anOtherErrorKeepsItsWholeText() {
    let wrapped = CycleError(wrapping: Plain(description: "Items/x.csv:3:1: error: bad cell"))
    #expect(wrapped.description == "Items/x.csv:3:1: error: bad cell")
    // Printed as it is: the underlying text already carries its severity.
    let any: any DiagnosticError = wrapped
    #expect(any.compilerStyle(severity: "error") == "Items/x.csv:3:1: error: bad cell")
    #expect(wrapped.diagnosticLocation == nil)
  }
}
