import ItemBenchCore

/// Reads one YAML mapping field by field, recording a diagnostic for every problem instead of
/// stopping at the first, and the location of each value it reads.
///
/// Generic over the node type: Yams' `Node`, or the compact ``YAMLTree`` nodes the item parser
/// composes itself.
package struct MappingReader<N: YAMLNodeView> {
  package let file: String
  package let node: N
  // The mapping's keys, key nodes and values as parallel arrays (cheaper to search than an
  // array of tuples of nodes, which copies every tuple it visits).
  package let keys: [String]
  package let keyNodes: [N]
  package let values: [N]
  package let context: String
  /// The key path of this mapping in its file (`""` at the top, `drift`, `administrations.0`):
  /// the prefix of the paths ``locations`` records.
  package var path = ""
  package private(set) var diagnostics: [Diagnostic] = []
  package private(set) var locations: [String: SourceLocation] = [:]

  /// `context` names the thing being read in messages (for example "item 'INV-001'").
  package init?(_ node: N, file: String, context: String, diagnostics: inout [Diagnostic]) {
    guard node.kind == .mapping else {
      diagnostics.append(
        .error(
          "expected \(context) to be a mapping, found \(YAMLSource.kindDescription(node))",
          at: YAMLSource.location(view: node, in: file), code: "invalid-value"))
      return nil
    }
    let mapping = node.pairs
    self.file = file
    self.node = node
    self.context = context
    var keys: [String] = []
    var keyNodes: [N] = []
    var values: [N] = []
    keys.reserveCapacity(mapping.count)
    keyNodes.reserveCapacity(mapping.count)
    values.reserveCapacity(mapping.count)
    for (key, value) in mapping {
      keys.append(key.keyText)
      keyNodes.append(key)
      values.append(value)
    }
    self.keys = keys
    self.keyNodes = keyNodes
    self.values = values
    // Field paths: about two per key once option and rationale entries are added.
    locations.reserveCapacity(2 * mapping.count)
  }

  package var start: SourceLocation { YAMLSource.location(view: node, in: file) }

  package func location(_ node: N) -> SourceLocation { YAMLSource.location(view: node, in: file) }

  package mutating func error(_ message: String, at node: N, code: String = "invalid-value") {
    diagnostics.append(.error(message, at: location(node), code: code))
  }

  /// The raw value of `key`, marking it as known.
  package mutating func value(_ key: String, path: String? = nil) -> N? {
    guard let index = keys.firstIndex(of: key) else { return nil }
    let value = values[index]
    locations[path ?? qualified(key)] = location(value)
    return value
  }

  /// `key`'s path in the file: `key` itself at the top, `path.key` below.
  package func qualified(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

  /// Whether `key` is present (without marking it as read).
  package func has(_ key: String) -> Bool { keys.contains(key) }

  package mutating func recordLocation(_ path: String, _ location: SourceLocation) {
    locations[path] = location
  }

  package mutating func append(_ more: [Diagnostic]) { diagnostics += more }

  package mutating func missing(_ key: String, expected: String) {
    diagnostics.append(
      .error("\(context) is missing required field '\(key)' (\(expected))", at: start, code: "missing-field"))
  }

  /// A scalar read as text. Numbers and booleans are accepted as their text (`key: 1` is "1").
  package mutating func string(_ key: String, required: Bool = false, expected: String = "text") -> String? {
    guard let node = value(key) else {
      if required { missing(key, expected: expected) }
      return nil
    }
    return scalarText(node, field: key, expected: expected)
  }

  /// An id (``Identifier``): text that must follow the documented id rule; a violation is an
  /// `invalid-id` error at the value.
  package mutating func identifier(_ key: String, required: Bool = false, expected: String = "an id") -> String? {
    guard let text = string(key, required: required, expected: expected), let node = value(key) else { return nil }
    return checkedIdentifier(text, field: key, at: node)
  }

  /// `text` if it is a valid id; otherwise an `invalid-id` error at `node` and nil.
  package mutating func checkedIdentifier(_ text: String, field: String, at node: N) -> String? {
    if let problem = Identifier.problem(text) {
      error("invalid '\(field)': \(problem)", at: node, code: "invalid-id")
      return nil
    }
    return text
  }

  package mutating func scalarText(_ node: N, field: String, expected: String = "text") -> String? {
    guard node.kind == .scalar, let text = node.text else {
      error("expected '\(field)' to be \(expected), found \(YAMLSource.kindDescription(node))", at: node)
      return nil
    }
    if node.isNull {
      error("expected '\(field)' to be \(expected), found an empty value", at: node)
      return nil
    }
    return text
  }

  package mutating func int(_ key: String, required: Bool = false, expected: String = "a whole number") -> Int? {
    guard let node = value(key) else {
      if required { missing(key, expected: expected) }
      return nil
    }
    guard node.kind == .scalar, let number = YAMLSource.integer(view: node) else {
      let found = YAMLSource.kindDescription(node)
      error(
        "expected '\(key)' to be \(expected), found "
          + (found == "a number" ? "'\(node.text ?? "")' (not a whole number that fits)" : found), at: node)
      return nil
    }
    return number
  }

  /// A whole number that must lie in `range`; an out-of-range value is an error naming the range.
  package mutating func int(
    _ key: String, in range: ClosedRange<Int>, required: Bool = false, expected: String = "a whole number"
  ) -> Int? {
    guard let number = int(key, required: required, expected: expected) else { return nil }
    guard range.contains(number) else {
      if let node = value(key) { error(InputLimits.message("'\(key)'", number, range), at: node) }
      return nil
    }
    return number
  }

  /// A number that must lie in `range`; an out-of-range value is an error naming the range.
  package mutating func double(
    _ key: String, in range: ClosedRange<Double>, required: Bool = false, expected: String = "a number"
  ) -> Double? {
    guard let number = double(key, required: required, expected: expected) else { return nil }
    guard InputLimits.contains(range, number) else {
      if let node = value(key) { error(InputLimits.message("'\(key)'", number, range), at: node) }
      return nil
    }
    return number
  }

  package mutating func double(_ key: String, required: Bool = false, expected: String = "a number") -> Double? {
    guard let node = value(key) else {
      if required { missing(key, expected: expected) }
      return nil
    }
    guard node.kind == .scalar, node.isPlainScalar, let scalar = node.scalarNode,
      let number = node.text.flatMap(YAMLSource.yamlInteger).map(Double.init) ?? scalar.float,
      number.isFinite
    else {
      error("expected '\(key)' to be \(expected), found \(YAMLSource.kindDescription(node))", at: node)
      return nil
    }
    return number
  }

  /// A value that must be one of an enumeration's raw values.
  package mutating func enumeration<T: RawRepresentable & CaseIterable>(
    _ key: String, as type: T.Type, required: Bool = false
  ) -> T? where T.RawValue == String {
    let names = T.allCases.map(\.rawValue)
    let expected = "one of \(names.joined(separator: ", "))"
    guard let node = value(key) else {
      if required { missing(key, expected: expected) }
      return nil
    }
    guard let text = scalarText(node, field: key, expected: expected) else { return nil }
    guard let result = T(rawValue: text) else {
      error("unknown \(key) '\(text)'; expected \(expected)\(EditDistance.didYouMean(text, among: names))", at: node)
      return nil
    }
    return result
  }

  /// A list of scalars. A single scalar is accepted as a one-element list.
  package mutating func stringList(_ key: String) -> [String] {
    guard let node = value(key) else { return [] }
    switch node.kind {
    case .sequence:
      var result: [String] = []
      for (index, element) in node.elements.enumerated() {
        locations["\(key).\(index)"] = location(element)
        if let text = scalarText(element, field: "\(key)[\(index + 1)]") { result.append(text) }
      }
      return result
    case .scalar:
      if node.isNull { return [] }
      return scalarText(node, field: key).map { [$0] } ?? []
    default:
      error("expected '\(key)' to be a list of text values, found \(YAMLSource.kindDescription(node))", at: node)
      return []
    }
  }

  /// Reports every key not in `known` as `unknown-field`, with a suggestion.
  package mutating func reportUnknownKeys(known: [String]) {
    let context = self.context
    reportUnknownKeys(known: known, code: "unknown-field") { "unknown field '\($0)' in \(context)" }
  }

  /// Reports every key not in `known` at the key, as `code`: `message(key)`, then a did-you-mean
  /// suggestion among `known`, then `trailer`. The one loop behind every unknown-key report.
  package mutating func reportUnknownKeys(
    known: [String], code: String, trailer: String = "", message: (String) -> String
  ) {
    for index in keys.indices where !known.contains(keys[index]) {
      error(
        message(keys[index]) + EditDistance.didYouMean(keys[index], among: known) + trailer, at: keyNodes[index],
        code: code)
    }
  }

  /// Checks the `format` field: absent means 1; higher than supported is an error.
  /// Returns false if the document must not be read further.
  package mutating func checkFormat() -> Bool {
    guard let node = value("format") else { return true }
    guard node.kind == .scalar, let version = YAMLSource.integer(view: node) else {
      error(
        "expected 'format' to be a whole number (the file-format version), found \(YAMLSource.kindDescription(node))",
        at: node)
      return false
    }
    if version > YAMLSource.supportedFormat || version < 1 {
      diagnostics.append(
        .error(
          "unsupported format version \(version); this ItemBench reads format \(YAMLSource.supportedFormat)"
            + (version > YAMLSource.supportedFormat ? " (upgrade ItemBench to read newer files)" : ""),
          at: location(node), code: "invalid-value"))
      return false
    }
    return true
  }
}
extension MappingReader {
  /// A YAML boolean written plainly as `true` or `false`; anything else (`yes`, `"true"`, `1`)
  /// is an error, never a default.
  package mutating func bool(_ key: String) -> Bool? {
    guard let node = value(key) else { return nil }
    guard node.kind == .scalar, node.isPlainScalar, let text = node.text, text == "true" || text == "false" else {
      error("expected '\(key)' to be true or false, found \(YAMLSource.kindDescription(node))", at: node)
      return nil
    }
    return text == "true"
  }
}
