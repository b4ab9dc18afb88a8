import ItemBenchCore
import Yams

/// Parsing YAML text to Yams `Node`s, keeping every value's line and column.
package enum YAMLSource {
  /// The highest file-format version this build reads.
  package static let supportedFormat = 1

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
  package static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
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

  package static func integer<N: YAMLNodeView>(view node: N) -> Int? {
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
  package static func yamlInteger(_ text: String) -> Int? {
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

  package static func location<N: YAMLNodeView>(view node: N, in file: String) -> SourceLocation {
    guard let position = node.position else { return SourceLocation(file: file, line: 1, column: 1) }
    return SourceLocation(file: file, line: position.line, column: position.column)
  }

  /// YAML 1.1 boolean spellings (the default resolver's `bool` rule).
  package static let yamlBooleans: Set<String> = [
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF",
  ]

  /// A short description of a node's kind for error messages ("a mapping", "a list", …).
  package static func kindDescription<N: YAMLNodeView>(_ node: N) -> String {
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
