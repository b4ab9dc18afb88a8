import Foundation
import ItemBenchCore
import Testing

@testable import ItemResponseTheory
import TestSupport

@Suite struct ResponseReaderTests {
  let keys: [String: ItemKey] = [
    "I1": ItemKey(key: "B", options: ["A", "B", "C", "D"]),
    "I2": ItemKey(key: "A", options: ["A", "B", "C"]),
    "I3": ItemKey(key: "C", options: ["A", "B", "C", "D"]),
  ]

  /// The error thrown by `body`, or nil.
  func error(_ body: () throws -> Void) -> ResponseFileError? {
    do {
      try body()
      return nil
    } catch let error as ResponseFileError {
      return error
    } catch {
      Issue.record("unexpected error type: \(error)")
      return nil
    }
  }

  @Test func zeroOneData() throws {
    let matrix = try ResponseReader.parse(text: "id,I1,I2\nc1,1,0\nc2,0,1\n")
    #expect(matrix.candidateIDs == ["c1", "c2"])
    #expect(matrix.itemIDs == ["I1", "I2"])
    #expect(matrix.codes == [1, 0, 0, 1])
    #expect(matrix.optionIDs.isEmpty)
    #expect(matrix.score(candidate: 1, item: 1) == 1)
  }

  @Test func lettersScoredAgainstKeys() throws {
    let matrix = try ResponseReader.parse(text: "cand,I1,I2,I3\nc1,B,C,C\nc2,A,A,1\n", keys: keys)
    #expect(matrix.optionIDs == [["A", "B", "C", "D"], ["A", "B", "C"], ["A", "B", "C", "D"]])
    // c1: I1 B (key, index 1), I2 C (wrong, index 2), I3 C (key, index 2).
    #expect(matrix.score(candidate: 0, item: 0) == 1)
    #expect(ResponseCode.optionIndex(matrix.code(candidate: 0, item: 0)) == 1)
    #expect(matrix.score(candidate: 0, item: 1) == 0)
    #expect(ResponseCode.optionIndex(matrix.code(candidate: 0, item: 1)) == 2)
    #expect(matrix.score(candidate: 0, item: 2) == 1)
    #expect(matrix.score(candidate: 1, item: 0) == 0)
    #expect(ResponseCode.optionIndex(matrix.code(candidate: 1, item: 0)) == 0)
    #expect(matrix.score(candidate: 1, item: 1) == 1)
    // A 0/1 cell in letter data keeps no option.
    #expect(matrix.code(candidate: 1, item: 2) == 1)
    #expect(ResponseCode.optionIndex(matrix.code(candidate: 1, item: 2)) == nil)
  }

  @Test func numericOptionIDsWinOverScores() throws {
    let keys = ["Q": ItemKey(key: "2", options: ["1", "2", "3"])]
    let matrix = try ResponseReader.parse(text: "id,Q\na,1\nb,2\nc,0\n", keys: keys)
    #expect(matrix.score(candidate: 0, item: 0) == 0)
    #expect(ResponseCode.optionIndex(matrix.code(candidate: 0, item: 0)) == 0)
    #expect(matrix.score(candidate: 1, item: 0) == 1)
    #expect(matrix.code(candidate: 2, item: 0) == 0)
  }

  @Test func missingCodes() throws {
    let text = "id,I1,I2,I3,I4\nc1,,NR,.,NP\nc2, 1 ,\"0\",  ,1\n"
    let matrix = try ResponseReader.parse(text: text)
    #expect(
      matrix.codes == [
        ResponseCode.omitted, ResponseCode.notReached, ResponseCode.notPresented, ResponseCode.notPresented,
        1, 0, ResponseCode.omitted, 1,
      ])
    let custom = MissingCodes(empty: .notPresented, omitted: ["9"], notReached: ["X"], notPresented: [])
    let other = try ResponseReader.parse(text: "id,I1,I2,I3\nc1,,9,X\n", missing: custom)
    #expect(other.codes == [ResponseCode.notPresented, ResponseCode.omitted, ResponseCode.notReached])
  }

  @Test func lineEndingsQuotesCommentsAndBlankLines() throws {
    let text = "\u{FEFF}# exported 2026\r\n\"candidate\",I1,I2\r\n\r\n\"c,1\",1,0\r\n# note\r\n\"say \"\"hi\"\"\",0,1"
    let matrix = try ResponseReader.parse(text: text)
    #expect(matrix.candidateIDs == ["c,1", "say \"hi\""])
    #expect(matrix.codes == [1, 0, 0, 1])
  }

  @Test func raggedRows() {
    let short = error { _ = try ResponseReader.parse(text: "id,I1,I2\nc1,1,0\nc2,1\n", file: "r.csv") }
    #expect(short?.location == SourceLocation(file: "r.csv", line: 3, column: 3))
    #expect(short?.message.contains("row has 2 fields, expected 3") == true)
    let long = error { _ = try ResponseReader.parse(text: "id,I1,I2\nc1,1,0,1,1\n", file: "r.csv") }
    #expect(long?.location == SourceLocation(file: "r.csv", line: 2, column: 4))
    #expect(long?.message.contains("row has 5 fields") == true)
  }

  @Test func unknownItemIDsWithKeys() {
    let unknown = error { _ = try ResponseReader.parse(text: "id,I1,I4\nc1,A,B\n", file: "r.csv", keys: keys) }
    #expect(unknown?.location == SourceLocation(file: "r.csv", line: 1, column: 3))
    #expect(unknown?.message.contains("unknown item id 'I4'") == true)
    #expect(unknown?.message.contains("did you mean") == true)
  }

  @Test func invalidCells() {
    let invalid = error { _ = try ResponseReader.parse(text: "id,I1,I2\nc1,1,0\nc2,1,Z\n", file: "r.csv", keys: keys) }
    #expect(invalid?.location == SourceLocation(file: "r.csv", line: 3, column: 3))
    #expect(invalid?.message.contains("invalid response 'Z' for item 'I2'") == true)
    #expect(invalid?.message.contains("A, B, C") == true)
    let number = error { _ = try ResponseReader.parse(text: "id,I1\nc1,0.5\n", file: "r.csv") }
    #expect(number?.location == SourceLocation(file: "r.csv", line: 2, column: 2))
    #expect(number?.message.contains("invalid response '0.5'") == true)
  }

  @Test func lettersWithoutKeys() {
    let letters = error { _ = try ResponseReader.parse(text: "id,I1\nc1,B\n", file: "r.csv") }
    #expect(letters?.location == SourceLocation(file: "r.csv", line: 2, column: 2))
    #expect(letters?.message.contains("no key") == true)
    #expect(letters?.message.contains("--bank") == true)
  }

  @Test func duplicateCandidatesAndItems() {
    let candidates = error { _ = try ResponseReader.parse(text: "id,I1\nc1,1\nc2,0\nc1,1\n", file: "r.csv") }
    #expect(candidates?.location == SourceLocation(file: "r.csv", line: 4, column: 1))
    #expect(candidates?.message == "duplicate candidate id 'c1' (first on line 2)")
    let items = error { _ = try ResponseReader.parse(text: "id,I1,I2,I1\nc1,1,1,1\n", file: "r.csv") }
    #expect(items?.location == SourceLocation(file: "r.csv", line: 1, column: 4))
    let emptyID = error { _ = try ResponseReader.parse(text: "id,I1\n,1\n", file: "r.csv") }
    #expect(emptyID?.location == SourceLocation(file: "r.csv", line: 2, column: 1))
  }

  @Test func emptyFilesAndBadCodes() {
    #expect(error { _ = try ResponseReader.parse(text: "", file: "r.csv") } != nil)
    #expect(error { _ = try ResponseReader.parse(text: "id\nc1\n", file: "r.csv") } != nil)
    let noRows = error { _ = try ResponseReader.parse(text: "id,I1\n\n", file: "r.csv") }
    #expect(noRows?.message.contains("no candidate rows") == true)
    let clash = error {
      _ = try ResponseReader.parse(text: "id,I1\nc1,1\n", missing: MissingCodes(notReached: ["1"]))
    }
    #expect(clash != nil)
    let optionClash = error {
      _ = try ResponseReader.parse(
        text: "id,I1\nc1,A\n", keys: ["I1": ItemKey(key: "A", options: ["A", "NP"])])
    }
    #expect(optionClash?.message.contains("also a missing-response code") == true)
  }

  /// A file over 1 MiB is parsed in several chunks; the result and the error positions must be
  /// the same as for a row-by-row reading.
  @Test func chunkedParsingMatchesRowByRow() throws {
    var generator = SplitMix64(seed: 7)
    let itemCount = 40
    let rowCount = 20_000
    var text = "candidate," + (1...itemCount).map { "Q\($0)" }.joined(separator: ",") + "\n"
    var expected: [UInt8] = []
    let cells: [(String, UInt8)] = [
      ("0", 0), ("1", 1), ("", ResponseCode.omitted), ("NR", ResponseCode.notReached),
      (".", ResponseCode.notPresented), ("1", 1), ("0", 0), ("1", 1),
    ]
    for row in 0..<rowCount {
      var line = "cand\(row)"
      for _ in 0..<itemCount {
        let (cell, code) = cells[Int(generator.next() % UInt64(cells.count))]
        line += "," + cell
        expected.append(code)
      }
      text += line + (row % 997 == 0 ? "\r\n" : "\n")
      if row % 5000 == 0 { text += "\n# a comment line\n" }
    }
    #expect(text.utf8.count > 1 << 20)
    let matrix = try ResponseReader.parse(text: text)
    #expect(matrix.candidateCount == rowCount)
    #expect(matrix.candidateIDs.last == "cand\(rowCount - 1)")
    #expect(matrix.codes == expected)

    // An invalid cell near the end: line = header + rows + inserted lines before it.
    // (Split on the byte: "\r\n" is one Character in Swift.)
    var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
    let target = lines.count - 3
    lines[target] = lines[target].replacingOccurrences(of: "cand", with: "cand,X")
    let bad = error { _ = try ResponseReader.parse(text: lines.joined(separator: "\n"), file: "big.csv") }
    #expect(bad?.location.line == target + 1)
    #expect(bad?.location.column == 2)
  }
}
