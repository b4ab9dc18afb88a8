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
  /// Four passes: (1) in parallel blocks, each candidate's restricted row (0, 1, 2 = missing) is
  /// written into one buffer and hashed (64-bit FNV-1a); (2) in parallel hash shards, each row's
  /// first identical row is found (``PatternGrouping``: rows whose hash is certainly unique skip
  /// the dictionary); (3) in candidate order, the first occurrence of each pattern is moved down
  /// in place, so patterns keep the order of their first candidate; (4) in parallel blocks, each
  /// pattern's item lists are built branch-free, then concatenated in pattern order. The result
  /// does not depend on the number of cores or of blocks (`parallelism`, for tests).
  ///
  /// - Complexity: O(candidates × items) time; one byte per candidate and item (the buffer that
  ///   becomes ``rows``) plus 13 bytes per candidate and a dictionary of the rows whose hash is
  ///   not certainly unique.
  init(responses: ResponseMatrix, columns: [Int], emptyRows: inout [Int], parallelism: Int? = nil) {
    precondition(columns.count <= Int(UInt16.max))
    itemCount = columns.count
    let width = responses.itemCount
    let count = columns.count
    let candidates = responses.candidateCount
    var rows = [UInt8](repeating: 0, count: candidates * count)
    var hashes = [UInt64](repeating: 0, count: candidates)
    var answeredAny = [Bool](repeating: false, count: candidates)
    let blocks = max(1, parallelism ?? min(64, candidates / 1024))
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
    var owner = PatternGrouping.firstOccurrences(
      rows: rows, width: count, hashes: hashes, answered: answeredAny, shards: parallelism ?? 16)
    hashes = []
    var weights: [Double] = []
    rows.withUnsafeMutableBufferPointer { rows in
      guard let rows = rows.baseAddress else { return }
      for candidate in 0..<candidates {
        guard answeredAny[candidate] else {
          emptyRows.append(candidate)
          continue
        }
        let first = Int(owner[candidate])
        if first != candidate {
          // owner[first] now holds the pattern index of the first occurrence.
          weights[Int(owner[first])] += 1
          continue
        }
        owner[candidate] = Int32(weights.count)
        let target = rows + weights.count * count
        let row = rows + candidate * count
        if target != row { target.update(from: row, count: count) }
        weights.append(1)
      }
    }
    owner = []
    rows.removeLast(rows.count - weights.count * count)
    self.weights = weights
    self.rows = rows
    candidateCount = weights.reduce(0, +)
    let lists = PatternLists(rows: self.rows, width: count, patternCount: weights.count, parallelism: parallelism)
    kinds = lists.kinds
    listAStart = lists.aStart
    listA = lists.a
    listBStart = lists.bStart
    listB = lists.b
  }
}
