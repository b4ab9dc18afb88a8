import Yams

/// The kind of a composed YAML node.
package enum YAMLNodeKind {
  case scalar, mapping, sequence, alias
}

/// What the bank parsers read of a composed YAML node: its kind, a scalar's text and style, a
/// collection's children, and its position. Yams' `Node` conforms, and so does ``YAMLTree/Node``,
/// the compact tree the item parser composes directly from libyaml's events, so that one parser
/// implementation reads both.
package protocol YAMLNodeView {
  var kind: YAMLNodeKind { get }
  /// The text of a scalar, nil for other kinds (Yams' `node.string`).
  var text: String? { get }
  /// Whether the node is a plain (unquoted, not block) scalar.
  var isPlainScalar: Bool { get }
  /// Whether the node is a plain scalar spelling null (`~`, `null`, empty…), as Yams' `node.null`.
  var isNull: Bool { get }
  /// The scalar as Yams' `Node` (without a mark), for Yams' own integer, float and boolean
  /// constructors.
  var scalarNode: Yams.Node? { get }
  /// A mapping key as text: a scalar's text, or the constructed value for other keys.
  var keyText: String { get }
  /// A mapping's key-value pairs in order (empty for other kinds).
  var pairs: [(key: Self, value: Self)] { get }
  /// A sequence's elements in order (empty for other kinds).
  var elements: [Self] { get }
  /// 1-based line and column of the node's start, when known.
  var position: (line: Int, column: Int)? { get }
  /// The value of the first key whose scalar text is `key` (nil for non-mappings).
  func value(forKey key: String) -> Self?
  /// The value Yams' `node["key"]` gives: the first key equal to a plain `key` scalar.
  func lookup(_ key: String) -> Self?
}

extension Yams.Node: YAMLNodeView {
  package var kind: YAMLNodeKind {
    switch self {
    case .scalar: return .scalar
    case .mapping: return .mapping
    case .sequence: return .sequence
    case .alias: return .alias
    }
  }
  package var text: String? { string }
  package var isPlainScalar: Bool {
    if case .scalar(let scalar) = self { return scalar.style == .plain }
    return false
  }
  package var isNull: Bool { null != nil }
  package var scalarNode: Yams.Node? { if case .scalar = self { return self } else { return nil } }
  /// A scalar key's text; a list, mapping or alias key (which never names a field) as its kind,
  /// without Yams' construction, which traps on a mapping key whose own keys are not text.
  package var keyText: String { string ?? "(\(YAMLSource.kindDescription(self)) as a key)" }
  package var pairs: [(key: Yams.Node, value: Yams.Node)] {
    if case .mapping(let mapping) = self { return mapping.map { ($0.key, $0.value) } }
    return []
  }
  package var elements: [Yams.Node] {
    if case .sequence(let sequence) = self { return Array(sequence) }
    return []
  }
  package var position: (line: Int, column: Int)? { mark.map { ($0.line, $0.column) } }
  package func value(forKey key: String) -> Yams.Node? {
    guard case .mapping(let mapping) = self else { return nil }
    return YAMLSource.value(of: key, in: mapping)
  }
  package func lookup(_ key: String) -> Yams.Node? { self[key] }
}
