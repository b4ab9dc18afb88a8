import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

/// Parameter files are read strictly: a wrong type, an unknown model or key, a missing
/// parameter or an impossible date is an error at its line and column, never a default.
@Suite struct StrictParameterFileTests {
  /// The location and message of the error `parseJSON` throws for `text`.
  func failure(_ text: String) -> (line: Int, column: Int, message: String)? {
    do {
      _ = try ParameterFile.parseJSON(text, file: "p.json")
      return nil
    } catch let error as ParameterFileError {
      return (error.location.line, error.location.column, error.message)
    } catch {
      return nil
    }
  }

  @Test func aStringSlopeIsAnErrorAtItsValue() {
    // Before: "a": "1.2" was read as a = 1 and a table was built from it.
    let text = "{\"model\": \"2pl\",\n \"items\": [\n  {\"id\": \"Q1\", \"a\": \"1.2\", \"b\": 0}]}"
    let problem = failure(text)
    #expect(problem?.line == 3)
    #expect(problem?.column == 21)
    #expect(
      problem?.message.contains("expected 'items[0].a' to be a number, found the text \"1.2\"") == true,
      "\(String(describing: problem))")
  }

  @Test func missingRequiredParametersForTheModel() {
    let noSlope = failure(#"{"model": "3pl", "items": [{"id": "Q1", "b": 0, "c": 0.2}]}"#)
    #expect(
      noSlope?.message.contains("missing 'a', which model 3pl requires") == true, "\(String(describing: noSlope))")
    let noAsymptote = failure(#"{"model": "3pl", "items": [{"id": "Q1", "a": 1, "b": 0}]}"#)
    #expect(noAsymptote?.message.contains("missing 'c'") == true)
    // Rasch and 1PL files may leave a and c out.
    #expect(failure(#"{"model": "rasch", "items": [{"id": "Q1", "b": 0}]}"#) == nil)
    let cUnder2PL = failure(#"{"model": "2pl", "items": [{"id": "Q1", "a": 1, "b": 0, "c": 0.2}]}"#)
    #expect(cUnder2PL?.message.contains("no lower asymptote") == true)
  }

  @Test func unknownModelAndKeysAreLocated() {
    let model = failure("{\"model\": \"4pl\", \"items\": [{\"id\": \"Q1\", \"b\": 0}]}")
    #expect(model?.column == 11)
    #expect(model?.message.contains("unknown model '4pl'") == true)
    let key = failure("{\"model\": \"2pl\",\n \"itemz\": []}")
    #expect(key?.line == 2)
    #expect(key?.column == 2)
    #expect(key?.message.contains("did you mean 'items'") == true, "\(String(describing: key))")
    let itemKey = failure(#"{"model": "2pl", "items": [{"id": "Q1", "a": 1, "b": 0, "difficulty": 2}]}"#)
    #expect(itemKey?.message.contains("unknown key \"difficulty\" in items[0]") == true)
  }

  @Test func impossibleDatesAndBadIDsAreRejected() {
    for date in ["2026-02-30", "2025-02-29", "2026-13-01", "26-1-1", "yesterday"] {
      let problem = failure("{\"model\": \"rasch\", \"date\": \"\(date)\", \"items\": [{\"id\": \"Q1\", \"b\": 0}]}")
      #expect(problem?.column == 28, "\(date): \(String(describing: problem))")
    }
    #expect(failure(#"{"model": "rasch", "date": "2024-02-29", "items": [{"id": "Q1", "b": 0}]}"#) == nil)
    let form = failure(#"{"model": "rasch", "form": "../../Items/x", "items": [{"id": "Q1", "b": 0}]}"#)
    #expect(form?.message.contains("'form'") == true)
    let id = failure(#"{"model": "rasch", "items": [{"id": "a/b", "b": 0}]}"#)
    #expect(id?.message.contains("path syntax") == true)
  }

  @Test func numberOverflowSaysSoPlainly() {
    let problem = failure("{\"model\": \"rasch\", \"items\": [{\"id\": \"Q1\", \"b\": 1e999}]}")
    #expect(problem?.message.contains("the number 1e999 is too large") == true, "\(String(describing: problem))")
    #expect(problem?.message.contains("Swift") == false)
    #expect(problem?.column == 48)
  }

  @Test func csvIsStrictToo() {
    func csvFailure(_ text: String) -> String? {
      do {
        _ = try ParameterFile.parseCSV(text, file: "p.csv")
        return nil
      } catch let error as any DiagnosticError {
        return error.compilerStyle(severity: "error")
      } catch { return "\(error)" }
    }
    #expect(
      csvFailure("id,a,b,difficulty\nQ1,1,0,2\n")?.contains("p.csv:1:4: error: unknown column 'difficulty'") == true)
    #expect(csvFailure("id,a,b\nQ1,,0\n")?.contains("p.csv:2:2: error: empty 'a'") == true)
    #expect(csvFailure("id,a,b\nQ1,1.2x,0\n")?.contains("p.csv:2:2") == true)
    #expect(csvFailure("id,a,b,se_b\nQ1,1,0,\n") == nil)
  }

  @Test func byteOrderMarkAndBadBytesInAFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let bom = directory.appendingPathComponent("bom.json")
    try (Data([0xEF, 0xBB, 0xBF]) + Data(#"{"model": "rasch", "items": [{"id": "Q1", "b": 0.5}]}"#.utf8)).write(to: bom)
    #expect(try ParameterFile.read(path: bom.path).items.first?.b == 0.5)
    let bad = directory.appendingPathComponent("bad.csv")
    try (Data("id,b\nQ1,0\nQ2,".utf8) + Data([0xFF]) + Data("\n".utf8)).write(to: bad)
    #expect {
      try ParameterFile.read(path: bad.path)
    } throws: { error in
      (error as? ParameterFileError)?.location == SourceLocation(file: bad.path, line: 3, column: 4)
    }
  }
}

@Suite struct LocatedJSONTests {
  @Test func positionsOfValuesAndKeys() throws {
    let json = try LocatedJSON.parse("{\n  \"a\": [1, \"é\", true],\n  \"b\": {\"c\": null}\n}")
    let a = try #require(json["a"])
    #expect((a.line, a.column) == (2, 8))
    let second = try #require(a.elements?[1])
    #expect(second.string == "é")
    #expect((second.line, second.column) == (2, 12))
    let third = try #require(a.elements?[2])
    #expect((third.line, third.column) == (2, 17))  // columns count characters, not bytes
    #expect(json.members?.map(\.keyLine) == [2, 3])
  }

  @Test func strictSyntax() throws {
    for bad in [
      "{\"a\": 1,}", "[1 2]", "{\"a\": 01}", "{\"a\": 1} x", "{\"a\": 1, \"a\": 2}", "\"\u{1}\"", "[", "{'a': 1}",
      "NaN",
    ] {
      #expect(throws: LocatedJSON.SyntaxError.self, "\(bad)") { try LocatedJSON.parse(bad) }
    }
    #expect(try LocatedJSON.parse("\"\\ud83d\\ude00\"").string == "😀")
  }

  @Test func deepNestingIsAnErrorNotAStackOverflow() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: LocatedJSON.SyntaxError.self) { try LocatedJSON.parse(deep) }
  }
}

@Suite struct CalendarDateTests {
  @Test func realDatesOnly() {
    #expect(CalendarDate.problem("2026-11-01") == nil)
    #expect(CalendarDate.problem("2000-02-29") == nil)
    #expect(CalendarDate.problem("1900-02-29") != nil)
    #expect(CalendarDate.problem("2026-04-31") != nil)
    #expect(CalendarDate.problem("2026-00-10") != nil)
    #expect(CalendarDate.problem("2026-1-10") != nil)
  }
}
