import CalibrationKernels

/// Up to 64 consecutive patterns' weighted posteriors waiting to be added into the E-step's
/// expected counts by `cal_scatter_block` (CalibrationKernels.h).
///
/// Method: each pattern's row fᵢ πᵢₖ is stored over the aligned 8-point vectors that meet its
/// window, zero outside the window; the flush builds, per item and accumulator array, the bit
/// mask of the block's patterns that list it, and adds their rows vector by vector with the
/// accumulator vector held in a register: each target receives its terms in pattern order, as
/// the pattern-by-pattern loop, and is loaded and stored once per block instead of once per
/// pattern.
///
/// - Complexity: O(window) per ``append(_:_:lo:hi:frequency:total:)``; O(Σ listed items ×
///   window vectors + items) per ``flush(into:_:)``. Memory: 64 × stride doubles + 6 × items words.
final class CountScatterBlock {
  static let capacity = 64
  private let items: Int
  private let stride: Int
  private let post: UnsafeMutablePointer<Double>
  private let lo: UnsafeMutablePointer<Int32>
  private let hi: UnsafeMutablePointer<Int32>
  private let masks: UnsafeMutablePointer<UInt64>
  private var count = 0
  private var first = 0

  /// A block for rows of `stride` doubles (at least points + 8) over `items` items.
  init(items: Int, stride: Int) {
    self.items = items
    self.stride = stride
    post = .allocate(capacity: Self.capacity * stride)
    lo = .allocate(capacity: Self.capacity)
    hi = .allocate(capacity: Self.capacity)
    masks = .allocate(capacity: max(1, 6 * items))
  }

  deinit {
    post.deallocate()
    lo.deallocate()
    hi.deallocate()
    masks.deallocate()
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
    for k in (low & ~7)..<low { row[k] = 0 }
    for k in low...high {
      let value = acc[k] * f
      row[k] = value
      total[k] += value
    }
    for k in (high + 1)..<((high & ~7) + 8) { row[k] = 0 }
    lo[count] = Int32(low)
    hi[count] = Int32(high)
    count += 1
  }

  /// Adds the block into the six accumulator arrays at `accumulators` (A0, B0, A1, B1, A2, B2:
  /// `items` rows of `stride` each) and empties it.
  func flush(into accumulators: UnsafeMutablePointer<Double>, _ p: PatternPointers) {
    guard count > 0 else { return }
    cal_scatter_block(
      count, post, stride, lo, hi, p.kinds + first, p.aStart + first, p.a, p.bStart + first, p.b, items,
      accumulators, masks)
    count = 0
  }
}
