import ItemBenchCore

/// Reading a mapping whose keys are data (rule ids, parameter names) rather than a fixed set of
/// fields, and wording one's own messages and diagnostic code.
extension MappingReader {
  /// One key-value pair of the mapping, in document order.
  package struct Entry {
    /// The key as text (``YAMLNodeView/keyText``).
    package let key: String
    /// The key's node, where a problem with the key itself is reported.
    package let keyNode: N
    /// The value's node.
    package let value: N
  }

  /// A reader of `node` if it is a mapping; otherwise nil, and `diagnostics` gains an error with
  /// the caller's `message` and `code` at the node (instead of the generic "expected … to be a
  /// mapping" `invalid-value` error of ``init(_:file:context:diagnostics:)``).
  package init?(
    _ node: N, file: String, context: String, notAMapping message: String, code: String,
    diagnostics: inout [Diagnostic]
  ) {
    guard node.kind == .mapping else {
      diagnostics.append(.error(message, at: YAMLSource.location(view: node, in: file), code: code))
      return nil
    }
    self.init(node, file: file, context: context, diagnostics: &diagnostics)
  }

  /// Every entry of the mapping in document order, each value read (its location recorded) as
  /// ``value(_:path:)`` reads it.
  package mutating func entries() -> [Entry] {
    var entries: [Entry] = []
    entries.reserveCapacity(keys.count)
    for index in keys.indices {
      _ = value(keys[index])
      entries.append(Entry(key: keys[index], keyNode: keyNodes[index], value: values[index]))
    }
    return entries
  }
}
