extension MappingReader {
  /// A YAML boolean written plainly as `true` or `false`; anything else (`yes`, `"true"`, `1`)
  /// is an error, never a default.
  mutating func bool(_ key: String) -> Bool? {
    guard let node = value(key) else { return nil }
    guard node.kind == .scalar, node.isPlainScalar, let text = node.text, text == "true" || text == "false" else {
      error("expected '\(key)' to be true or false, found \(YAMLSource.kindDescription(node))", at: node)
      return nil
    }
    return text == "true"
  }
}
