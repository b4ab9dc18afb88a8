/// Scratch memory of the calibration kernels: `count` elements of a trivial type, initialised to
/// one value, 64-byte aligned, freed with the buffer. The one place the kernels allocate raw
/// memory, so every raw pointer they use lives no longer than the buffer that owns it.
///
/// Alignment: a row of a stride that is a multiple of 8 doubles starts a cache line, so the
/// kernels' vector loads never straddle two lines.
///
/// Sharing: a buffer is `Sendable` so the chunks of a parallel loop can reach it; they must write
/// disjoint parts of it (``slice(_:stride:)``: chunk `c` writes only slice `c`), and the buffer
/// is read only after the loop returns. That is the whole contract its `@unchecked` stands for.
///
/// Lifetime: Swift may release an object after its last use while pointers into it are still in
/// use, so a local buffer is held to the end of its scope with
/// `defer { withExtendedLifetime(buffer) {} }`; a buffer stored in an object lives with it.
///
/// - Complexity: O(count) to initialise.
final class ScratchBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
  static var alignment: Int { 64 }
  /// The first element; valid while the buffer lives.
  let base: UnsafeMutablePointer<Element>
  /// The first element of each part (``init(parts:repeating:)``); `[base]` for one part.
  private(set) var parts: [UnsafeMutablePointer<Element>] = []

  /// `count` elements (at least one is allocated), each `value`.
  init(count: Int, repeating value: Element) {
    precondition(count >= 0, "a scratch buffer cannot have a negative size")
    let capacity = max(count, 1)
    let alignment = max(Self.alignment, MemoryLayout<Element>.alignment)
    let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Element>.stride, alignment: alignment)
    base = raw.initializeMemory(as: Element.self, repeating: value, count: capacity)
    parts = [base]
  }

  /// One allocation holding a part of `sizes[i]` elements for each `i`, every part starting a
  /// cache line (when 64 is a multiple of the element's stride).
  convenience init(parts sizes: [Int], repeating value: Element) {
    let perLine = max(1, Self.alignment / MemoryLayout<Element>.stride)
    let lines = sizes.map { (max($0, 0) + perLine - 1) / perLine * perLine }
    self.init(count: lines.reduce(0, +), repeating: value)
    var offset = 0
    parts = lines.map { size in
      defer { offset += size }
      return base + offset
    }
  }

  deinit { base.deallocate() }

  /// Element `index * stride`: where the chunk `index` of a parallel loop writes its part.
  @inline(__always)
  func slice(_ index: Int, stride: Int) -> UnsafeMutablePointer<Element> { base + index * stride }
}
