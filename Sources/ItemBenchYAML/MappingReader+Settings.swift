import ItemBenchCore

/// What a number looks like in a settings file (the project and scale files), where nothing may
/// be converted silently: `[-+]` digits, an optional `.` fraction and an optional exponent. Quoted
/// numbers, `_` separators, `0x`/`0o`/`0b`, leading-zero octal, sexagesimal `1:30`, `.inf` and
/// `.nan` are not numbers here (YAML 1.1 would read `010` as 8 and `1:30` as 90).
package enum DecimalSyntax {
  /// `[-+]` digits with no leading zero (`0` itself excepted).
  package static func isInteger(_ text: String) -> Bool {
    var digits = Substring(text)
    if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
    return digits.count == 1 || digits.first != "0"
  }

  /// `text` as an `Int` when it is ``isInteger(_:)`` syntax and fits; nil otherwise (never traps).
  package static func integer(_ text: String) -> Int? {
    guard isInteger(text) else { return nil }
    return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
  }

  /// `[-+]` digits, optional `.` fraction, optional exponent of at most four digits; at least one
  /// mantissa digit.
  package static func isNumber(_ text: String) -> Bool {
    var rest = Substring(text)
    if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
    var mantissaDigits = 0
    while let c = rest.first, c.isASCII, c.isNumber {
      mantissaDigits += 1
      rest = rest.dropFirst()
    }
    if rest.first == "." {
      rest = rest.dropFirst()
      while let c = rest.first, c.isASCII, c.isNumber {
        mantissaDigits += 1
        rest = rest.dropFirst()
      }
    }
    guard mantissaDigits > 0 else { return false }
    if rest.first == "e" || rest.first == "E" {
      rest = rest.dropFirst()
      if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
      var exponentDigits = 0
      while let c = rest.first, c.isASCII, c.isNumber {
        exponentDigits += 1
        rest = rest.dropFirst()
      }
      guard exponentDigits > 0, exponentDigits <= 4 else { return false }
    }
    return rest.isEmpty
  }
}

/// The settings-file readers of ``MappingReader``: decimal numbers only (``DecimalSyntax``),
/// messages that show what was written, nested mappings and lists of mappings whose locations
/// are recorded under their key paths. Every problem is recorded as a diagnostic, as elsewhere.
///
/// `label` names a field in messages; it defaults to `'key'`.
extension MappingReader {
  /// What was written, for messages: `'high'` (at most 20 characters shown), `the quoted text
  /// "2"`, `an empty value`, `a list`, `a mapping` or `an alias`.
  package func written(_ node: N) -> String {
    switch node.kind {
    case .scalar:
      if node.isNull { return "an empty value" }
      let text = node.text ?? ""
      let shown = text.count > 20 ? String(text.prefix(20)) + "…" : text
      return node.isPlainScalar ? "'\(shown)'" : "the quoted text \"\(shown)\""
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  private func label(_ key: String, _ label: String?) -> String { label ?? "'\(key)'" }

  /// The plain (unquoted) scalar text of `node`, or nil.
  private func plainText(_ node: N) -> String? {
    node.kind == .scalar && node.isPlainScalar ? node.text : nil
  }

  /// A scalar that is not empty, as text (a number or boolean is accepted as the text written).
  package mutating func text(_ key: String, label name: String? = nil) -> String? {
    guard let node = value(key) else { return nil }
    guard node.kind == .scalar, !node.isNull, let text = node.text else {
      error("expected \(label(key, name)) to be text, found \(written(node))", at: node)
      return nil
    }
    return text
  }

  /// A real calendar date `YYYY-MM-DD` (``CalendarDate``).
  package mutating func date(_ key: String, label name: String? = nil) -> String? {
    guard let text = text(key, label: name), let node = value(key) else { return nil }
    if let problem = CalendarDate.problem(text) {
      error("\(label(key, name)) in \(context): \(problem)", at: node)
      return nil
    }
    return text
  }

  /// A whole number in decimal (``DecimalSyntax/isInteger(_:)``) inside `range`; a number too
  /// large for `Int` is reported, never trapped on.
  package mutating func decimalInteger(_ key: String, in range: ClosedRange<Int>, label name: String? = nil) -> Int? {
    guard let node = value(key) else { return nil }
    let expected =
      "expected \(label(key, name)) to be a whole number from \(range.lowerBound) to \(range.upperBound)"
    guard let text = plainText(node), let number = DecimalSyntax.integer(text) else {
      if let text = plainText(node), DecimalSyntax.isInteger(text) {
        error("\(expected); \(text.prefix(40)) is too large", at: node)
      } else {
        error("\(expected), found \(written(node))", at: node)
      }
      return nil
    }
    guard range.contains(number) else {
      error("\(expected), found \(number)", at: node)
      return nil
    }
    return number
  }

  /// A finite number in decimal (``DecimalSyntax/isNumber(_:)``) inside `range`.
  ///
  /// What is not a number is reported as "expected LABEL to be EXPECTED, found …", `expected`
  /// defaulting to "a finite number from LOW to HIGH" (worth saying when the range is narrow).
  package mutating func decimalNumber(
    _ key: String, in range: ClosedRange<Double>, label name: String? = nil, expected: String? = nil
  ) -> Double? {
    guard let node = value(key) else { return nil }
    return decimalNumber(node, in: range, label: label(key, name), expected: expected)
  }

  /// `node` (an element of a list, say) as a finite decimal number inside `range`.
  package mutating func decimalNumber(
    _ node: N, in range: ClosedRange<Double>, label: String, expected: String? = nil
  ) -> Double? {
    guard let text = plainText(node), DecimalSyntax.isNumber(text), let number = Double(text), number.isFinite
    else {
      let expectation = expected.map { "expected \(label) to be \($0)" } ?? InputLimits.expectation(label, range)
      error("\(expectation), found \(written(node))", at: node)
      return nil
    }
    guard InputLimits.contains(range, number) else {
      error(InputLimits.message(label, number, range), at: node)
      return nil
    }
    return number
  }

  /// A value that must be one of an enumeration's raw values; an unknown one is an error with a
  /// suggestion and the list of choices.
  package mutating func choice<T: RawRepresentable & CaseIterable>(
    _ key: String, _ type: T.Type, label name: String? = nil
  ) -> T? where T.RawValue == String {
    guard let text = text(key, label: name), let node = value(key) else { return nil }
    guard let result = T(rawValue: text) else {
      let names = T.allCases.map(\.rawValue)
      error(
        "unknown \(key) '\(text)'\(EditDistance.didYouMean(text, among: names)); expected one of "
          + names.joined(separator: ", "), at: node)
      return nil
    }
    return result
  }

  /// Every key not in `known` as an `unknown-field` error at the key, with a suggestion and the
  /// list of known keys.
  package mutating func reportUnknownKeysListing(known: [String]) {
    let context = self.context
    let listing = "; expected one of \(known.joined(separator: ", "))"
    reportUnknownKeys(known: known, code: "unknown-field", trailer: listing) { "unknown field '\($0)' in \(context)" }
  }

  /// `node` as a whole number written in decimal (``DecimalSyntax/integer(_:)``: a plain scalar,
  /// no leading zeros, fitting in `Int`), or nil.
  package func decimalWholeNumber(_ node: N) -> Int? {
    plainText(node).flatMap(DecimalSyntax.integer)
  }

  /// The mapping at `key`, read by a reader of its own whose locations are recorded under
  /// `path.key`; nil (with an error) when the value is not a mapping. Hand the reader back with
  /// ``absorb(_:)``.
  package mutating func section(_ key: String, context: String? = nil) -> MappingReader? {
    guard let node = value(key) else { return nil }
    return child(node, context: context ?? "'\(key)'", path: qualified(key))
  }

  /// The list of mappings at `key`, each read by a reader of its own (context `'key' entry N`,
  /// path `path.key.(N-1)`); nil (with an error) when the value is not a list. Entries that are
  /// not mappings are errors and left out.
  package mutating func sections(_ key: String) -> [MappingReader]? {
    guard let node = value(key) else { return nil }
    guard node.kind == .sequence else {
      error("expected \(label(key, nil)) in \(context) to be a list, found \(written(node))", at: node)
      return nil
    }
    return node.elements.enumerated().compactMap { index, element in
      child(element, context: "'\(key)' entry \(index + 1)", path: qualified(key) + ".\(index)")
    }
  }

  private mutating func child(_ node: N, context: String, path: String) -> MappingReader? {
    var problems: [Diagnostic] = []
    guard var reader = MappingReader(node, file: file, context: context, diagnostics: &problems) else {
      append(problems)
      return nil
    }
    reader.path = path
    return reader
  }

  /// Takes over a nested reader's diagnostics and recorded locations.
  package mutating func absorb(_ child: MappingReader) {
    append(child.diagnostics)
    for (path, location) in child.locations { recordLocation(path, location) }
  }
}
