import Dispatch

extension Array where Element: Sendable {
  /// `map` run on all cores with `DispatchQueue.concurrentPerform`; results keep input order, so
  /// the output does not depend on scheduling.
  ///
  /// - Complexity: O(n) calls of `transform`, spread over the available cores.
  public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
    guard count > 1 else { return map(transform) }
    let output = DisjointSlots<Result?>(count: count, initial: nil)
    withoutActuallyEscaping(transform) { transform in
      let elements = self
      DispatchQueue.concurrentPerform(iterations: elements.count) { index in
        output[index] = transform(elements[index])
      }
    }
    // concurrentPerform ran every index, so every element is set and none is dropped.
    return output.elements.compactMap { $0 }
  }
}

/// Carries a value across a concurrency boundary where the caller guarantees exclusive access
/// (for example disjoint indices of one buffer). Internal plumbing, not API.
package struct UncheckedSendableBox<Value>: @unchecked Sendable {
  package var value: Value
  package init(_ value: Value) { self.value = value }
}
