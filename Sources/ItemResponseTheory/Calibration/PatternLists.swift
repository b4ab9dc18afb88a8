import CalibrationKernels
import Dispatch
import ItemBenchCore

/// The item lists of ``ResponsePatterns``: each pattern's kind (the cheapest of the three
/// codings) and its lists A and B, built from the pattern rows.
///
/// Method: in parallel blocks of patterns, a first pass counts each row's correct and incorrect
/// answers (`cal_count_answers`, vectorised) and picks the kind; the block's lists are then
/// allocated at their exact length and filled branch-free (`cal_list_positions`: every position
/// is written, the end advances by 0 or 1); the blocks are
/// concatenated in pattern order, so the result does not depend on the number of blocks.
///
/// - Complexity: O(patterns × items) time; the lists' length plus one entry per block as scratch.
struct PatternLists {
  var kinds: [UInt8] = []
  var aStart: [Int32] = [0]
  var a: [UInt16] = []
  var bStart: [Int32] = [0]
  var b: [UInt16] = []

  /// Lists of the `patternCount` rows of `width` bytes (0, 1, 2 = missing) in `rows`.
  init(rows: [UInt8], width count: Int, patternCount: Int, parallelism: Int? = nil) {
    let listBlocks = max(1, parallelism ?? min(64, patternCount / 1024))
    let parts = DisjointSlots(count: listBlocks, initial: PatternLists())
    rows.withUnsafeBufferPointer { rows in
      let box = UncheckedSendableBox(rows.baseAddress)
      DispatchQueue.concurrentPerform(iterations: listBlocks) { block in
        guard let rows = box.value else { return }
        let range = (patternCount * block / listBlocks)..<(patternCount * (block + 1) / listBlocks)
        parts[block] = PatternLists(block: range, rows: rows, width: count)
      }
    }
    for block in 0..<listBlocks { append(parts[block]) }
  }

  private init() {}

  /// The lists of the patterns `range` (aStart and bStart relative to the block).
  private init(block range: Range<Int>, rows: UnsafePointer<UInt8>, width count: Int) {
    var aValues = [UInt8](repeating: 0, count: range.count)
    var bValues = [UInt8](repeating: 0, count: range.count)
    var aTotal = 0
    var bTotal = 0
    kinds.reserveCapacity(range.count)
    aStart.reserveCapacity(range.count + 1)
    bStart.reserveCapacity(range.count + 1)
    for (slot, pattern) in range.enumerated() {
      var correctCount: Int32 = 0
      var incorrectCount: Int32 = 0
      cal_count_answers(rows + pattern * count, count, &correctCount, &incorrectCount)
      let correct = Int(correctCount)
      let incorrect = Int(incorrectCount)
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
      kinds.append(UInt8(kind))
      aValues[slot] = kind == 1 ? 0 : 1
      bValues[slot] = kind == 2 ? 0 : 2
      aTotal += kind == 1 ? incorrect : correct
      bTotal += kind == 2 ? incorrect : missing
      aStart.append(Int32(aTotal))
      bStart.append(Int32(bTotal))
    }
    // One slot of slack: the branch-free fill writes one position past the last kept one.
    a = Self.fill(range, rows, count, values: aValues, total: aTotal)
    b = Self.fill(range, rows, count, values: bValues, total: bTotal)
  }

  /// The positions of each row of `range` holding `values[slot]`, concatenated (`total` of them).
  private static func fill(
    _ range: Range<Int>, _ rows: UnsafePointer<UInt8>, _ count: Int, values: [UInt8], total: Int
  ) -> [UInt16] {
    [UInt16](unsafeUninitializedCapacity: total + 1) { buffer, initialized in
      guard let out = buffer.baseAddress else { return }
      var end = 0
      for (slot, pattern) in range.enumerated() {
        end += cal_list_positions(rows + pattern * count, count, values[slot], out + end)
      }
      precondition(end == total)
      initialized = total
    }
  }

  /// Appends `part`'s patterns after these.
  private mutating func append(_ part: PatternLists) {
    let aOffset = Int32(a.count)
    let bOffset = Int32(b.count)
    kinds += part.kinds
    a += part.a
    b += part.b
    aStart += part.aStart.dropFirst().map { $0 + aOffset }
    bStart += part.bStart.dropFirst().map { $0 + bOffset }
  }
}
