import CalibrationKernels

/// Up to 64 consecutive patterns' weighted posteriors waiting to be added into the E-step's
/// expected counts by `cal_scatter_block` (CalibrationKernels.h).
///
/// Method: each pattern's row fᵢ πᵢₖ is stored over all points, zero outside its window; the
/// flush builds, per item and accumulator array, the bit mask of the block's patterns that list
/// it, and adds their rows over the union of the block's windows with that part of the
/// accumulator row held in vector registers: each target
/// receives its terms in pattern order, as the pattern-by-pattern loop over the windows (the
/// zeros change nothing), and is loaded and stored once per block instead of once per pattern,
/// with no branch per window.
///
/// - Complexity: O(points) per ``append(_:_:lo:hi:frequency:total:)``; O(Σ listed items ×
///   points / 8 vector additions + items) per ``flush(into:_:)``. Memory: 64 × stride doubles +
///   6 × items words.
final class CountScatterBlock {
  static let capacity = 64
  private let items: Int
  private let stride: Int
  /// 64-byte aligned (whole cache lines per vector when `stride` is a multiple of 8).
  private let postBuffer: ScratchBuffer<Double>
  private var post: UnsafeMutablePointer<Double> { postBuffer.base }
  private let points: Int
  private let maskBuffer: ScratchBuffer<UInt64>
  private var masks: UnsafeMutablePointer<UInt64> { maskBuffer.base }
  private var count = 0
  private var first = 0
  /// The union of the block's windows, in whole 8-point vectors.
  private var firstVector = Int.max
  private var endVector = 0

  /// A block for rows of `points` points, `stride` doubles apart (at least 8 ⌈points / 8⌉), over
  /// `items` items.
  init(items: Int, points: Int, stride: Int) {
    precondition(stride >= (points + 7) / 8 * 8)
    self.items = items
    self.points = points
    self.stride = stride
    postBuffer = ScratchBuffer(count: Self.capacity * stride, repeating: 0)
    maskBuffer = ScratchBuffer(count: 6 * items, repeating: 0)
  }

  var isFull: Bool { count == Self.capacity }

  /// Appends pattern `pattern` (the one after the last appended, or the first of an empty block):
  /// its row fᵢ·acc[k] for k in `lo...hi`, also added into `total[k]` (in pattern order).
  @inline(__always)
  func append(
    _ pattern: Int, _ acc: UnsafePointer<Double>, lo low: Int, hi high: Int, frequency f: Double,
    total: UnsafeMutablePointer<Double>
  ) {
    if count == 0 { first = pattern }
    let row = post + count * stride
    for k in 0..<low { row[k] = 0 }
    for k in low...high {
      let value = acc[k] * f
      row[k] = value
      total[k] += value
    }
    for k in (high + 1)..<((points + 7) / 8 * 8) { row[k] = 0 }
    firstVector = min(firstVector, low / 8)
    endVector = max(endVector, high / 8 + 1)
    count += 1
  }

  /// Adds the block into the six accumulator arrays at `accumulators` (A0, B0, A1, B1, A2, B2:
  /// `items` rows of `stride` each) and empties it.
  func flush(into accumulators: UnsafeMutablePointer<Double>, _ p: PatternPointers) {
    guard count > 0 else { return }
    cal_scatter_block(
      count, post, stride, firstVector, endVector, p.kinds + first, p.aStart + first, p.a, p.bStart + first, p.b, items,
      accumulators, masks)
    count = 0
    firstVector = Int.max
    endVector = 0
  }
}
