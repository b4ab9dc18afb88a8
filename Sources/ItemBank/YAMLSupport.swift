import ItemBenchCore
import Yams

/// Parsing YAML text to Yams `Node`s, keeping every value's line and column.
public enum YAMLSource {
  /// The highest file-format version this build reads.
  public static let supportedFormat = 1

  /// The resolver the bank parsers use: no implicit-tag rules, so every plain scalar is tagged
  /// `str` without running Yams' regular expressions (they cost more than the rest of parsing).
  /// The parsers only ask scalars for text, `int`, `float` and `null`, which Yams constructs from
  /// the text whatever the tag; ``kindDescription(_:)`` recognises booleans itself.
  package static let textResolver = Resolver.basic

  /// Composes `text` into a node tree, or returns a `yaml-syntax` diagnostic at the error's
  /// position. An empty document yields `nil` and no diagnostic.
  ///
  /// `resolver` decides implicit tags (`.default`: YAML 1.1 bool/int/float/null/timestamp). The
  /// encoding is fixed to UTF-8 (Yams' default reads the process environment on every call).
  package static func compose(_ text: String, file: String, resolver: Resolver = .default)
    -> Result<Node?, Diagnostic>
  {
    do {
      return .success(try Yams.compose(yaml: text, resolver, .default, .utf8))
    } catch let error as YamlError {
      return .failure(diagnostic(for: error, file: file))
    } catch {
      return .failure(.error("cannot parse YAML: \(error)", at: SourceLocation(file: file), code: "yaml-syntax"))
    }
  }

  /// A diagnostic for a Yams error, at the mark libyaml reported.
  static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
    func located(_ mark: Mark, _ message: String) -> Diagnostic {
      .error(message, at: SourceLocation(file: file, line: mark.line, column: mark.column), code: "yaml-syntax")
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text) " } ?? ""
      return located(mark, "invalid YAML: \(prefix)\(problem)")
    case .reader(let problem, _, _, _):
      return .error("invalid YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1), code: "yaml-syntax")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return located(context.mark, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in mapping")
    default:
      return .error("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1), code: "yaml-syntax")
    }
  }

  /// The value of the first plain-text key `key` in `mapping` (comparing key text only, which
  /// is much cheaper than Yams' `mapping["key"]`: that builds a node and compares resolved tags).
  package static func value(of key: String, in mapping: Node.Mapping) -> Node? {
    for (keyNode, value) in mapping where keyNode.scalar?.string == key { return value }
    return nil
  }

  /// `node` as a YAML 1.1 integer: plain decimal digits are read directly, anything else
  /// (signs, `0x`, `0o`, `_`, sexagesimal) by Yams, whose construction goes through Foundation.
  package static func integer(_ node: Node) -> Int? { integer(view: node) }

  static func integer<N: YAMLNodeView>(view node: N) -> Int? {
    if node.isPlainScalar, let text = node.text {
      let utf8 = text.utf8
      if !utf8.isEmpty, utf8.count < 19, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        utf8.first != 0x30 || utf8.count == 1
      {
        return Int(text)
      }
    }
    guard node.isPlainScalar, let text = node.text else { return nil }
    return yamlInteger(text)
  }

  /// A YAML 1.1 integer (`[-+]`, `_` separators, `0x`, `0o`, `0b`, leading-`0` octal, and
  /// sexagesimal `1:30`), or nil when `text` is not one or does not fit in `Int`. Unlike Yams'
  /// construction (whose sexagesimal arithmetic traps on overflow), never traps.
  public static func yamlInteger(_ text: String) -> Int? {
    var body = Substring(text.replacingOccurrences(of: "_", with: ""))
    guard !body.isEmpty, body.utf8.count <= 200 else { return nil }
    var negative = false
    if body.first == "-" || body.first == "+" {
      negative = body.first == "-"
      body = body.dropFirst()
    }
    guard let first = body.first, first.isASCII, first.isNumber else { return nil }
    let magnitude: Int?
    if body.contains(":") {
      var total = 0
      for part in body.split(separator: ":", omittingEmptySubsequences: false) {
        guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let digit = Int(part) else {
          return nil
        }
        let (shifted, overflow1) = total.multipliedReportingOverflow(by: 60)
        let (sum, overflow2) = shifted.addingReportingOverflow(digit)
        if overflow1 || overflow2 { return nil }
        total = sum
      }
      magnitude = total
    } else if body.hasPrefix("0x") {
      magnitude = Int(body.dropFirst(2), radix: 16)
    } else if body.hasPrefix("0o") {
      magnitude = Int(body.dropFirst(2), radix: 8)
    } else if body.hasPrefix("0b") {
      magnitude = Int(body.dropFirst(2), radix: 2)
    } else if body.count > 1, body.hasPrefix("0") {
      magnitude = Int(body.dropFirst(), radix: 8)
    } else {
      magnitude = Int(body, radix: 10)
    }
    guard let magnitude else { return nil }
    return negative ? -magnitude : magnitude
  }

  /// A plain scalar as a number (integer or YAML float), never trapping; nil otherwise.
  package static func yamlNumber(_ node: Node) -> Double? {
    guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
    if let integer = yamlInteger(scalar.string) { return Double(integer) }
    return node.float
  }

  /// The location of `node` in `file` (line 1, column 1 when unknown).
  package static func location(of node: Node, in file: String) -> SourceLocation { location(view: node, in: file) }

  static func location<N: YAMLNodeView>(view node: N, in file: String) -> SourceLocation {
    guard let position = node.position else { return SourceLocation(file: file, line: 1, column: 1) }
    return SourceLocation(file: file, line: position.line, column: position.column)
  }

  /// YAML 1.1 boolean spellings (the default resolver's `bool` rule).
  static let yamlBooleans: Set<String> = [
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF",
  ]

  /// A short description of a node's kind for error messages ("a mapping", "a list", …).
  static func kindDescription<N: YAMLNodeView>(_ node: N) -> String {
    switch node.kind {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar:
      if node.isPlainScalar, let scalar = node.scalarNode {
        if scalar.null != nil { return "an empty value" }
        if node.text.flatMap(yamlInteger) != nil { return "a number" }
        if scalar.bool != nil || yamlBooleans.contains(node.text ?? "") { return "a boolean" }
        if scalar.float != nil { return "a number" }
      }
      return "text"
    case .alias: return "an alias"
    }
  }
}

/// Reads one YAML mapping field by field, recording a diagnostic for every problem instead of
/// stopping at the first, and the location of each value it reads.
///
/// Generic over the node type: Yams' `Node`, or the compact ``YAMLTree`` nodes the item parser
/// composes itself.
struct MappingReader<N: YAMLNodeView> {
  let file: String
  let node: N
  // The mapping's keys, key nodes and values as parallel arrays (cheaper to search than an
  // array of tuples of nodes, which copies every tuple it visits).
  let keys: [String]
  let keyNodes: [N]
  let values: [N]
  let context: String
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var locations: [String: SourceLocation] = [:]

  /// `context` names the thing being read in messages (for example "item 'INV-001'").
  init?(_ node: N, file: String, context: String, diagnostics: inout [Diagnostic]) {
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

  var start: SourceLocation { YAMLSource.location(view: node, in: file) }

  func location(_ node: N) -> SourceLocation { YAMLSource.location(view: node, in: file) }

  mutating func error(_ message: String, at node: N, code: String = "invalid-value") {
    diagnostics.append(.error(message, at: location(node), code: code))
  }

  /// The raw value of `key`, marking it as known.
  mutating func value(_ key: String, path: String? = nil) -> N? {
    guard let index = keys.firstIndex(of: key) else { return nil }
    let value = values[index]
    locations[path ?? key] = location(value)
    return value
  }

  /// Whether `key` is present (without marking it as read).
  func has(_ key: String) -> Bool { keys.contains(key) }

  mutating func recordLocation(_ path: String, _ location: SourceLocation) {
    locations[path] = location
  }

  mutating func append(_ more: [Diagnostic]) { diagnostics += more }

  mutating func missing(_ key: String, expected: String) {
    diagnostics.append(
      .error("\(context) is missing required field '\(key)' (\(expected))", at: start, code: "missing-field"))
  }

  /// A scalar read as text. Numbers and booleans are accepted as their text (`key: 1` is "1").
  mutating func string(_ key: String, required: Bool = false, expected: String = "text") -> String? {
    guard let node = value(key) else {
      if required { missing(key, expected: expected) }
      return nil
    }
    return scalarText(node, field: key, expected: expected)
  }

  /// An id (``Identifier``): text that must follow the documented id rule; a violation is an
  /// `invalid-id` error at the value.
  mutating func identifier(_ key: String, required: Bool = false, expected: String = "an id") -> String? {
    guard let text = string(key, required: required, expected: expected), let node = value(key) else { return nil }
    return checkedIdentifier(text, field: key, at: node)
  }

  /// `text` if it is a valid id; otherwise an `invalid-id` error at `node` and nil.
  mutating func checkedIdentifier(_ text: String, field: String, at node: N) -> String? {
    if let problem = Identifier.problem(text) {
      error("invalid '\(field)': \(problem)", at: node, code: "invalid-id")
      return nil
    }
    return text
  }

  mutating func scalarText(_ node: N, field: String, expected: String = "text") -> String? {
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

  mutating func int(_ key: String, required: Bool = false, expected: String = "a whole number") -> Int? {
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
  mutating func int(
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
  mutating func double(
    _ key: String, in range: ClosedRange<Double>, required: Bool = false, expected: String = "a number"
  ) -> Double? {
    guard let number = double(key, required: required, expected: expected) else { return nil }
    guard InputLimits.contains(range, number) else {
      if let node = value(key) { error(InputLimits.message("'\(key)'", number, range), at: node) }
      return nil
    }
    return number
  }

  mutating func double(_ key: String, required: Bool = false, expected: String = "a number") -> Double? {
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
  mutating func enumeration<T: RawRepresentable & CaseIterable>(
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
  mutating func stringList(_ key: String) -> [String] {
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
  mutating func reportUnknownKeys(known: [String]) {
    for index in keys.indices where !known.contains(keys[index]) {
      diagnostics.append(
        .error(
          "unknown field '\(keys[index])' in \(context)\(EditDistance.didYouMean(keys[index], among: known))",
          at: location(keyNodes[index]), code: "unknown-field"))
    }
  }

  /// Checks the `format` field: absent means 1; higher than supported is an error.
  /// Returns false if the document must not be read further.
  mutating func checkFormat() -> Bool {
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
