import Foundation
import ItemBenchCore
import Testing

@Suite struct CoreTests {
  @Test func decimalsRoundHalfAwayFromZeroWithoutNegativeZero() {
    #expect(formatDecimal(2.5, places: 0) == "3")
    #expect(formatDecimal(-2.5, places: 0) == "-3")
    #expect(formatDecimal(0.125, places: 2) == "0.13")
    #expect(formatDecimal(-0.0001, places: 3) == "0.000")
    #expect(formatDecimal(1234.5, places: 3) == "1234.500")
    #expect(formatDecimal(0.05, places: 4) == "0.0500")
  }

  @Test func jsonKeepsKeyOrderAndEscapes() {
    let value: JSONValue = .object([
      ("b", 1), ("a", .array([.string("x\"y\n"), .null, .bool(true)])), ("n", .number(0.5)),
    ])
    #expect(value.rendered(pretty: false) == #"{"b":1,"a":["x\"y\n",null,true],"n":0.5}"#)
    #expect(JSONValue.rounded(.nan, places: 2) == .null)
    #expect(JSONValue.rounded(-0.0001, places: 2).rendered(pretty: false) == "0")
  }

  @Test func editDistanceAndSuggestions() {
    // kitten → sitting: k→s, e→i, +g = 3 edits (the textbook example).
    #expect(EditDistance.levenshtein("kitten", "sitting") == 3)
    #expect(EditDistance.suggestion(for: "negativ-stem", among: ["negative-stem", "stem-format"]) == "negative-stem")
    #expect(EditDistance.suggestion(for: "zzz", among: ["negative-stem"]) == nil)
  }

  @Test func csvQuotesOnlyWhenNeeded() throws {
    let table = DataTable(
      name: "t", metadata: [("form", "A")], columns: ["id", "value"],
      rows: [[.text("x,1"), .decimal(1.23456, places: 2)], [.text("plain"), .missing]])
    let csv = try CSVExporter().export(table)
    #expect(csv == "# form: A\nid,value\n\"x,1\",1.23\nplain,\n")
  }

  @Test func atomicWriteReplacesAndWriteNewRefuses() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("core-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("sub/out.txt").path
    try AtomicFile.write("one", to: path)
    try AtomicFile.write("two", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
    #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.writeNew(Data("three".utf8), to: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
    // No temporary files are left behind.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("sub").path)
    #expect(leftovers == ["out.txt"])
  }

  @Test func concurrentMapKeepsOrder() {
    let input = Array(0..<1000)
    #expect(input.concurrentMap { $0 * 2 } == input.map { $0 * 2 })
  }
}
