import Testing

@testable import ItemBenchCore

/// The shared CSV reader: line ends, quoting, metadata and locations.
@Suite struct CSVRecordsTests {
  /// Windows line ends: "\r\n" is a single Character in Swift, so splitting on "\n" alone would
  /// leave a whole file as one line. Each record must keep its own line number.
  @Test func crlfLineEndsSplitRecords() throws {
    let records = try CSVRecords.parse("# source: panel\r\nid,score\r\nA,1\r\n\r\nB,\"2\"\r\n", file: "w.csv")
    #expect(records.header == ["id", "score"])
    #expect(records.records.map(\.fields) == [["A", "1"], ["B", "2"]])
    #expect(records.records.map(\.line) == [3, 5])
    #expect(records.metadata.first?.key == "source" && records.metadata.first?.value == "panel")
  }

  /// A record with the wrong field count is an error at its line.
  @Test func fieldCountMismatchNamesTheLine() {
    do {
      _ = try CSVRecords.parse("a,b\r\n1,2\r\n3\r\n", file: "m.csv")
      Issue.record("no error")
    } catch let error as CSVRecordsError {
      #expect(error.location.line == 3, "\(error)")
    } catch {
      Issue.record("\(error)")
    }
  }
}
