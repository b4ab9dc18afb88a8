import Foundation

/// Candidates' responses grouped into distinct patterns, each stored as the shortest item lists
/// the E-step needs.
///
/// Each pattern is coded in one of three ways, whichever touches the fewest items:
/// - kind 0: list A = correct items, list B = missing items (the E-step starts from Σⱼ log Qⱼ)
/// - kind 1: list A = incorrect items, list B = missing items (starts from Σⱼ log Pⱼ)
/// - kind 2: list A = correct items, list B = incorrect items (starts from 0; for sparse data)
///
/// - Complexity: O(candidates × items) to build (one hash per candidate row).
struct ResponsePatterns: Sendable {
  var itemCount: Int
  /// Frequency of each pattern.
  var weights: [Double]
  var kinds: [UInt8]
  /// Pattern i's list A is `listA[listAStart[i]..<listAStart[i + 1]]`; likewise B.
  var listAStart: [Int32]
  var listA: [UInt16]
  var listBStart: [Int32]
  var listB: [UInt16]
  /// Pattern i's responses: 0, 1, or 2 (missing), `itemCount` bytes each.
  var rows: [UInt8]
  /// Candidates represented (Σ weights).
  var candidateCount: Double

  var patternCount: Int { weights.count }

  /// Groups rows of `responses` restricted to the columns `columns`; rows without any answered
  /// response are skipped and counted in `emptyRows`.
  init(responses: ResponseMatrix, columns: [Int], emptyRows: inout [Int]) {
    precondition(columns.count <= Int(UInt16.max))
    itemCount = columns.count
    // Rows are grouped by a 64-bit FNV-1a hash confirmed byte by byte; a (vanishingly rare)
    // collision between different rows just keeps both as separate patterns.
    var index: [UInt64: Int] = [:]
    var weights: [Double] = []
    var rows: [UInt8] = []
    let width = responses.itemCount
    let count = columns.count
    responses.codes.withUnsafeBufferPointer { codes in
      columns.withUnsafeBufferPointer { columns in
        var row = [UInt8](repeating: 0, count: count)
        for candidate in 0..<responses.candidateCount {
          let base = candidate * width
          var answered = 0
          var hash: UInt64 = 0xCBF2_9CE4_8422_2325
          for position in 0..<count {
            let code = codes[base + columns[position]]
            let value: UInt8 = code >= 0xFD ? 2 : code & 1
            answered &+= value == 2 ? 0 : 1
            row[position] = value
            hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3
          }
          if answered == 0 {
            emptyRows.append(candidate)
            continue
          }
          if let existing = index[hash] {
            let start = existing * count
            var same = true
            for position in 0..<count where rows[start + position] != row[position] {
              same = false
              break
            }
            if same {
              weights[existing] += 1
              continue
            }
          } else {
            index[hash] = weights.count
          }
          weights.append(1)
          rows.append(contentsOf: row)
        }
      }
    }
    self.weights = weights
    self.rows = rows
    candidateCount = weights.reduce(0, +)
    kinds = []
    listAStart = [0]
    listBStart = [0]
    listA = []
    listB = []
    kinds.reserveCapacity(weights.count)
    let itemCount = self.itemCount
    for pattern in 0..<weights.count {
      let row = rows[(pattern * itemCount)..<((pattern + 1) * itemCount)]
      var correct = 0
      var incorrect = 0
      var missing = 0
      for value in row {
        switch value {
        case 0: incorrect += 1
        case 1: correct += 1
        default: missing += 1
        }
      }
      let costs = [correct + missing, incorrect + missing, correct + incorrect]
      let kind = costs.indices.min { costs[$0] < costs[$1] }!
      kinds.append(UInt8(kind))
      let aValue: UInt8 = kind == 1 ? 0 : 1
      let bValue: UInt8 = kind == 2 ? 0 : 2
      for (item, value) in row.enumerated() {
        if value == aValue { listA.append(UInt16(item)) }
        if value == bValue { listB.append(UInt16(item)) }
      }
      listAStart.append(Int32(listA.count))
      listBStart.append(Int32(listB.count))
    }
  }
}
