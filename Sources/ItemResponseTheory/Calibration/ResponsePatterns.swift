import Dispatch
import Foundation
import ItemBenchCore

/// Candidates' responses grouped into distinct patterns, each stored as the shortest item lists
/// the E-step needs.
///
/// Each pattern is coded in one of three ways, whichever touches the fewest items:
/// - kind 0: list A = correct items, list B = missing items (the E-step starts from Σⱼ log Qⱼ)
/// - kind 1: list A = incorrect items, list B = missing items (starts from Σⱼ log Pⱼ)
/// - kind 2: list A = correct items, list B = incorrect items (starts from 0; for sparse data)
///
/// - Complexity: O(candidates × items) to build (one hash per candidate row), on all cores.
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
  ///
  /// Three passes: (1) on all cores, each candidate's restricted row (0, 1, 2 = missing) is
  /// written into one buffer and hashed (64-bit FNV-1a); (2) in candidate order, rows are
  /// grouped by hash, confirmed byte by byte (a vanishingly rare collision between different
  /// rows just keeps both as separate patterns), and the first occurrence of each pattern is
  /// moved down in place, so patterns keep the order of their first candidate; (3) on all cores,
  /// each pattern's item lists are built, then concatenated in pattern order. The result does
  /// not depend on the number of cores.
  ///
  /// - Complexity: O(candidates × items) time; one byte per candidate and item (the buffer that
  ///   becomes ``rows``) plus the hash table.
  init(responses: ResponseMatrix, columns: [Int], emptyRows: inout [Int]) {
    precondition(columns.count <= Int(UInt16.max))
    itemCount = columns.count
    let width = responses.itemCount
    let count = columns.count
    let candidates = responses.candidateCount
    var rows = [UInt8](repeating: 0, count: candidates * count)
    var hashes = [UInt64](repeating: 0, count: candidates)
    var answeredAny = [Bool](repeating: false, count: candidates)
    let blocks = max(1, min(64, candidates / 1024))
    responses.codes.withUnsafeBufferPointer { codes in
      columns.withUnsafeBufferPointer { columns in
        rows.withUnsafeMutableBufferPointer { rows in
          hashes.withUnsafeMutableBufferPointer { hashes in
            answeredAny.withUnsafeMutableBufferPointer { answeredAny in
              let box = UncheckedSendableBox(
                (codes.baseAddress, columns.baseAddress, rows.baseAddress, hashes.baseAddress, answeredAny.baseAddress))
              DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let (codes, columns, rows, hashes, answeredAny) = box.value
                guard let codes, let columns, let rows, let hashes, let answeredAny else { return }
                for candidate in (candidates * block / blocks)..<(candidates * (block + 1) / blocks) {
                  let base = candidate * width
                  let row = rows + candidate * count
                  var answered = 0
                  var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                  for position in 0..<count {
                    let code = codes[base + columns[position]]
                    let value: UInt8 = code >= 0xFD ? 2 : code & 1
                    answered &+= value == 2 ? 0 : 1
                    row[position] = value
                    hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3
                  }
                  hashes[candidate] = hash
                  answeredAny[candidate] = answered > 0
                }
              }
            }
          }
        }
      }
    }
    var index: [UInt64: Int] = [:]
    index.reserveCapacity(min(candidates, 1 << 22))
    var weights: [Double] = []
    rows.withUnsafeMutableBufferPointer { rows in
      guard let rows = rows.baseAddress else { return }
      for candidate in 0..<candidates {
        guard answeredAny[candidate] else {
          emptyRows.append(candidate)
          continue
        }
        let row = rows + candidate * count
        let hash = hashes[candidate]
        if let existing = index[hash] {
          if memcmp(rows + existing * count, row, count) == 0 {
            weights[existing] += 1
            continue
          }
        } else {
          index[hash] = weights.count
        }
        let target = rows + weights.count * count
        if target != row { target.update(from: row, count: count) }
        weights.append(1)
      }
    }
    index = [:]
    hashes = []
    rows.removeLast(rows.count - weights.count * count)
    self.weights = weights
    self.rows = rows
    candidateCount = weights.reduce(0, +)

    // Item lists, pattern blocks on all cores, concatenated in order.
    let patternCount = weights.count
    let listBlocks = max(1, min(64, patternCount / 1024))
    let parts = UnsafeMutablePointer<(kinds: [UInt8], a: [UInt16], aEnd: [Int32], b: [UInt16], bEnd: [Int32])>.allocate(
      capacity: listBlocks)
    parts.initialize(repeating: ([], [], [], [], []), count: listBlocks)
    defer {
      parts.deinitialize(count: listBlocks)
      parts.deallocate()
    }
    rows.withUnsafeBufferPointer { rows in
      let box = UncheckedSendableBox((rows.baseAddress, parts))
      DispatchQueue.concurrentPerform(iterations: listBlocks) { block in
        let (rows, parts) = box.value
        guard let rows else { return }
        let range = (patternCount * block / listBlocks)..<(patternCount * (block + 1) / listBlocks)
        var part: (kinds: [UInt8], a: [UInt16], aEnd: [Int32], b: [UInt16], bEnd: [Int32]) = ([], [], [], [], [])
        part.kinds.reserveCapacity(range.count)
        part.aEnd.reserveCapacity(range.count)
        part.bEnd.reserveCapacity(range.count)
        for pattern in range {
          let row = rows + pattern * count
          var correct = 0
          var incorrect = 0
          for position in 0..<count {
            let value = row[position]
            correct &+= value == 1 ? 1 : 0
            incorrect &+= value == 0 ? 1 : 0
          }
          let missing = count - correct - incorrect
          // The cheapest coding (ties to the lower kind).
          let costs = (correct + missing, incorrect + missing, correct + incorrect)
          var kind = 0
          var best = costs.0
          if costs.1 < best {
            kind = 1
            best = costs.1
          }
          if costs.2 < best { kind = 2 }
          part.kinds.append(UInt8(kind))
          let aValue: UInt8 = kind == 1 ? 0 : 1
          let bValue: UInt8 = kind == 2 ? 0 : 2
          for position in 0..<count {
            let value = row[position]
            if value == aValue { part.a.append(UInt16(position)) }
            if value == bValue { part.b.append(UInt16(position)) }
          }
          part.aEnd.append(Int32(part.a.count))
          part.bEnd.append(Int32(part.b.count))
        }
        parts[block] = part
      }
    }
    kinds = []
    listA = []
    listB = []
    listAStart = [0]
    listBStart = [0]
    kinds.reserveCapacity(patternCount)
    listAStart.reserveCapacity(patternCount + 1)
    listBStart.reserveCapacity(patternCount + 1)
    listA.reserveCapacity((0..<listBlocks).reduce(0) { $0 + parts[$1].a.count })
    listB.reserveCapacity((0..<listBlocks).reduce(0) { $0 + parts[$1].b.count })
    for block in 0..<listBlocks {
      let part = parts[block]
      let aOffset = Int32(listA.count)
      let bOffset = Int32(listB.count)
      kinds += part.kinds
      listA += part.a
      listB += part.b
      listAStart += part.aEnd.map { $0 + aOffset }
      listBStart += part.bEnd.map { $0 + bOffset }
    }
  }
}
