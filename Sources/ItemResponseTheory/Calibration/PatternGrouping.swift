import Dispatch
import Foundation
import ItemBenchCore

/// Finds, for every candidate row, the first earlier row identical to it: the grouping step of
/// ``ResponsePatterns``.
enum PatternGrouping {
  /// owner[c] = the first candidate whose row equals candidate c's (c itself for a first
  /// occurrence), for every answered c (unanswered: unspecified).
  ///
  /// Method: candidates are split into `shards` by the top bits of their row hash, and each shard
  /// runs on its own core, visiting its candidates in candidate order. Two bitmaps indexed by
  /// further hash bits mark buckets seen once and seen twice; a candidate alone in its bucket has
  /// a unique hash, so a unique row, and skips the dictionary (at J = 150 almost every candidate).
  /// The others go through a dictionary from hash to first candidate, confirmed byte by byte (a
  /// vanishingly rare collision between different rows keeps both as separate patterns, as a
  /// serial dictionary would). The result equals a serial pass's and does not depend on `shards`.
  ///
  /// - Complexity: O(candidates × shards) hash reads plus O(candidates × items) comparisons in
  ///   the worst case; two bits per candidate and bucket, and the dictionary of the rest.
  static func firstOccurrences(
    rows: [UInt8], width: Int, hashes: [UInt64], answered: [Bool], shards requested: Int
  ) -> [Int32] {
    let candidates = hashes.count
    precondition(candidates < Int(Int32.max))
    var owner = [Int32](repeating: 0, count: candidates)
    let shardBits = max(0, min(8, Int.bitWidth - (max(1, requested) - 1).leadingZeroBitCount))
    let shards = 1 << shardBits
    // About 8 buckets per candidate of a shard.
    let bucketBits = min(24, max(6, Int.bitWidth - (8 * candidates / shards + 1).leadingZeroBitCount))
    rows.withUnsafeBufferPointer { rows in
      hashes.withUnsafeBufferPointer { hashes in
        answered.withUnsafeBufferPointer { answered in
          owner.withUnsafeMutableBufferPointer { owner in
            let box = UncheckedSendableBox(
              (rows.baseAddress, hashes.baseAddress, answered.baseAddress, owner.baseAddress))
            DispatchQueue.concurrentPerform(iterations: shards) { shard in
              let (rows, hashes, answered, owner) = box.value
              guard let rows, let hashes, let answered, let owner else { return }
              let shardOf = { (hash: UInt64) in shardBits == 0 ? 0 : Int(hash >> UInt64(64 - shardBits)) }
              let bucketOf = { (hash: UInt64) in Int((hash << UInt64(shardBits)) >> UInt64(64 - bucketBits)) }
              var seen = BitSet(count: 1 << bucketBits)
              var repeated = BitSet(count: 1 << bucketBits)
              for candidate in 0..<candidates where answered[candidate] && shardOf(hashes[candidate]) == shard {
                let bucket = bucketOf(hashes[candidate])
                if seen[bucket] { repeated[bucket] = true } else { seen[bucket] = true }
              }
              var index: [UInt64: Int32] = [:]
              for candidate in 0..<candidates where answered[candidate] && shardOf(hashes[candidate]) == shard {
                let hash = hashes[candidate]
                owner[candidate] = Int32(candidate)
                guard repeated[bucketOf(hash)] else { continue }
                if let existing = index[hash] {
                  if memcmp(rows + Int(existing) * width, rows + candidate * width, width) == 0 {
                    owner[candidate] = existing
                  }
                } else {
                  index[hash] = Int32(candidate)
                }
              }
            }
          }
        }
      }
    }
    return owner
  }
}

/// A fixed-size set of bits.
struct BitSet {
  private var words: [UInt64]

  init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

  subscript(index: Int) -> Bool {
    get { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }
    set {
      if newValue {
        words[index >> 6] |= 1 << UInt64(index & 63)
      } else {
        words[index >> 6] &= ~(1 << UInt64(index & 63))
      }
    }
  }
}
