import Foundation
import ItemBenchCore

/// Item scores of N candidates on J items, one byte per response: the score 0…m of the item,
/// or ``missing``. Row-major (candidate i, item j at i·J + j).
public struct ScoredResponses: Sendable, Hashable {
  /// The code of a missing (not presented or omitted) response.
  public static let missing: UInt8 = 0xFF
  /// The highest score an item may have (254).
  public static let highestScore = 254

  public let candidateIDs: [String]
  public let itemIDs: [String]
  public let scores: [UInt8]

  /// Checks that there is one score per candidate and item.
  public init(candidateIDs: [String], itemIDs: [String], scores: [UInt8]) throws {
    guard scores.count == candidateIDs.count * itemIDs.count else {
      throw CalibrationError(
        "expected \(candidateIDs.count) × \(itemIDs.count) scores, found \(scores.count)")
    }
    self.candidateIDs = candidateIDs
    self.itemIDs = itemIDs
    self.scores = scores
  }

  public var candidateCount: Int { candidateIDs.count }
  public var itemCount: Int { itemIDs.count }

  /// The score of candidate `i` on item `j`, or nil when missing.
  public func score(candidate i: Int, item j: Int) -> Int? {
    let value = scores[i * itemIDs.count + j]
    return value == Self.missing ? nil : Int(value)
  }

  /// For each item, the number of candidates in each score category 0…(highest score seen).
  public func categoryFrequencies() -> [[Int]] {
    var counts = [[Int]](repeating: [], count: itemCount)
    for j in 0..<itemCount {
      var row: [Int] = []
      for i in 0..<candidateCount {
        let value = scores[i * itemCount + j]
        guard value != Self.missing else { continue }
        let score = Int(value)
        if score >= row.count { row += [Int](repeating: 0, count: score + 1 - row.count) }
        row[score] += 1
      }
      counts[j] = row
    }
    return counts
  }
}

extension ScoredResponses {
  /// Reads item scores from CSV: a header naming the items, one row per candidate, cells a
  /// whole-number score 0…254 or empty for a missing response. When the first header cell is
  /// `candidate` or `id`, that column holds the candidate ids; otherwise candidates are
  /// numbered by row (`R1`, `R2`, …). Every problem names the row and column.
  public static func parseCSV(_ text: String, file: String) throws -> ScoredResponses {
    try scoredResponses(from: CSVRecords.parse(text, file: file))
  }

  /// Reads ``parseCSV(_:file:)`` from `path`.
  public static func read(path: String) throws -> ScoredResponses {
    try scoredResponses(from: CSVRecords.read(path: path))
  }

  static func scoredResponses(from records: CSVRecords) throws -> ScoredResponses {
    let file = records.file
    let hasIDs = ["candidate", "id"].contains(records.header.first?.lowercased() ?? "")
    let itemColumns = hasIDs ? Array(records.header.dropFirst()) : records.header
    guard !itemColumns.isEmpty else {
      throw CSVRecordsError(
        "expected a header naming the items", at: SourceLocation(file: file, line: records.headerLine, column: 1))
    }
    var seenItems: Set<String> = []
    for (index, id) in itemColumns.enumerated() {
      let column = index + (hasIDs ? 2 : 1)
      let location = SourceLocation(file: file, line: records.headerLine, column: column)
      if let problem = Identifier.problem(id) {
        throw CSVRecordsError("item column \(column): \(problem)", at: location)
      }
      guard seenItems.insert(id).inserted else {
        throw CSVRecordsError("item '\(id)' has two columns", at: location)
      }
    }
    var candidateIDs: [String] = []
    var seenCandidates: Set<String> = []
    var scores: [UInt8] = []
    scores.reserveCapacity(records.records.count * itemColumns.count)
    for (row, record) in records.records.enumerated() {
      if hasIDs {
        let id = record.fields[0]
        guard !id.isEmpty, seenCandidates.insert(id).inserted else {
          throw CSVRecordsError(
            id.isEmpty ? "expected a candidate id" : "candidate '\(id)' appears twice",
            at: records.location(record, column: 0))
        }
        candidateIDs.append(id)
      } else {
        candidateIDs.append("R\(row + 1)")
      }
      for column in (hasIDs ? 1 : 0)..<record.fields.count {
        let cell = record.fields[column]
        if cell.isEmpty {
          scores.append(missing)
          continue
        }
        guard cell.utf8.count <= 3, cell.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(cell),
          value <= highestScore
        else {
          throw CSVRecordsError(
            "expected a whole-number score 0…\(highestScore) or an empty cell for item '\(itemColumns[column - (hasIDs ? 1 : 0)])', found '\(cell)'",
            at: records.location(record, column: column))
        }
        scores.append(UInt8(value))
      }
    }
    guard !candidateIDs.isEmpty else {
      throw CSVRecordsError("the file has no candidates", at: SourceLocation(file: file, line: records.headerLine))
    }
    return try ScoredResponses(candidateIDs: candidateIDs, itemIDs: itemColumns, scores: scores)
  }

  /// The responses to the items `ids` only, in that order.
  public func selecting(items ids: [String]) throws -> ScoredResponses {
    let positions = try ids.map { id in
      guard let position = itemIDs.firstIndex(of: id) else {
        throw CalibrationError("no item '\(id)' in the responses")
      }
      return position
    }
    var selected: [UInt8] = []
    selected.reserveCapacity(candidateCount * ids.count)
    for i in 0..<candidateCount { for j in positions { selected.append(scores[i * itemCount + j]) } }
    return try ScoredResponses(candidateIDs: candidateIDs, itemIDs: ids, scores: selected)
  }
}
