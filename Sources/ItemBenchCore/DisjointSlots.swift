/// One result slot per task of a parallel loop (`DispatchQueue.concurrentPerform`): task `i`
/// writes slot `i` and no other, and the slots are read only after the loop returns. That is the
/// contract its `@unchecked Sendable` stands for; the raw memory behind it lives and dies with
/// the value.
///
/// - Complexity: O(count) to create and to read out.
package final class DisjointSlots<Element>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<Element>

  /// `count` slots, each holding `initial` until its task writes it.
  package init(count: Int, initial: Element) {
    storage = .allocate(capacity: max(count, 0))
    storage.initialize(repeating: initial)
  }

  deinit { storage.deinitialize().deallocate() }

  package var count: Int { storage.count }

  /// Slot `index`: set by its task inside the loop, read after it.
  package subscript(index: Int) -> Element {
    get { storage[index] }
    set { storage[index] = newValue }
  }

  /// Every slot, in index order (after the loop).
  package var elements: [Element] { Array(storage) }
}
