import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

@Suite struct ParameterFileTests {
  @Test func malformedJSONIsLocated() {
    // Line 3 is ` {"id": "Q1", "a": 1, "b": }`: the value after "b": is missing, and the parser
    // stops at the `}`, the 28th character of the line (a space, 26 characters, a space, `}`).
    let text = "{\"format\":1,\"model\":\"1pl\",\n\"items\": [\n {\"id\": \"Q1\", \"a\": 1, \"b\": }\n]}"
    #expect {
      try ParameterFile.parseJSON(text, file: "p.json")
    } throws: { error in
      guard let error = error as? ParameterFileError else { return false }
      return error.location == SourceLocation(file: "p.json", line: 3, column: 28)
    }
  }

  /// A parameter CSV saved with Windows line ends reads as the same file ("\r\n" is one Swift
  /// Character, so it must be split on explicitly).
  @Test func crlfParameterCSVReads() throws {
    let unix = try ParameterFile.parseCSV("id,a,b,c\nQ1,1.2,-0.5,0.2\nQ2,0.8,0.3,0.1\n", file: "p.csv")
    let windows = try ParameterFile.parseCSV("id,a,b,c\r\nQ1,1.2,-0.5,0.2\r\nQ2,0.8,0.3,0.1\r\n", file: "p.csv")
    #expect(windows == unix)
    #expect(windows.items.count == 2)
  }

  @Test func duplicateIDsAreRejected() {
    let csv = "id,a,b,c\nQ1,1,-0.5,0\nQ1,1,0,0\n"
    #expect {
      try ParameterFile.parseCSV(csv, file: "p.csv")
    } throws: { error in
      guard let error = error as? ParameterFileError else { return false }
      return error.location == SourceLocation(file: "p.csv", line: 3, column: 1) && error.message.contains("line 2")
    }
    let json = #"{"model": "1pl", "items": [{"id": "Q1", "b": 0}, {"id": "Q1", "b": 1}]}"#
    #expect(throws: ParameterFileError.self) { try ParameterFile.parseJSON(json, file: "p.json") }
  }

  @Test func missingFileSaysSo() {
    #expect {
      try ParameterFile.read(path: "/nonexistent/params.json")
    } throws: { error in
      (error as? ParameterFileError)?.message == "no such parameter file"
    }
  }

  @Test func jsonRoundTripKeepsParameters() throws {
    let file = ParameterFile(
      model: "3pl", scalingConstant: 1.7, form: "f", date: "2026-01-02", converged: true, iterations: 3,
      items: [ItemParameters(id: "Q1", a: 1.25, b: -0.5, c: 0.2, seA: 0.1, seB: 0.05, seC: nil)])
    let back = try ParameterFile.parseJSON(file.jsonText(), file: "x.json")
    #expect(back == file)
  }
}

@Suite struct ParameterTableTests {
  @Test func dataTableMatchesTheCSVLayout() throws {
    let file = ParameterFile(
      model: "2pl", items: [ItemParameters(id: "Q1", a: 1.5, b: -0.25, seA: 0.1, seB: nil)])
    let csv = try CSVExporter(includeMetadata: false).export(file.dataTable())
    // The same columns and cells as the parameter file's own CSV writer.
    #expect(csv == "id,a,b,c,se_a,se_b,se_c\nQ1,1.500000,-0.250000,0.000000,0.100000,,\n")
    #expect(csv == file.csvText())
  }
}
