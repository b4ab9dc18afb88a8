import ItemBenchCore

/// An element read from an XML document, with namespaces resolved and its position.
public struct XMLTreeElement: Sendable {
  /// The local name (without prefix).
  public var name: String
  /// The namespace URI the element's prefix (or the default namespace) resolves to; "" if none.
  public var namespace: String
  /// Attributes by local name (prefixed attributes other than `xml:` ones are kept under
  /// `prefix:local`), in document order.
  public var attributes: [(name: String, value: String)]
  public var children: [XMLTreeNode]
  /// Where the element's `<` is.
  public var location: SourceLocation

  public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

  /// The child elements, in order.
  public var elements: [XMLTreeElement] {
    children.compactMap { if case .element(let element) = $0 { element } else { nil } }
  }

  /// The first child element named `name`.
  public func child(_ name: String) -> XMLTreeElement? { elements.first { $0.name == name } }

  /// Every descendant element (depth first, document order), this one excluded.
  public func descendants() -> [XMLTreeElement] {
    var result: [XMLTreeElement] = []
    var stack = Array(elements.reversed())
    while let next = stack.popLast() {
      result.append(next)
      stack += next.elements.reversed()
    }
    return result
  }

  /// The concatenated text of this element and its descendants.
  public var textContent: String {
    var output = ""
    for child in children {
      switch child {
      case .text(let text, _): output += text
      case .element(let element): output += element.textContent
      }
    }
    return output
  }
}

/// A child of an element read from XML.
public enum XMLTreeNode: Sendable {
  case element(XMLTreeElement)
  /// Character data (entity and character references resolved, CDATA included, line ends
  /// normalised to line feeds) and where it starts.
  case text(String, SourceLocation)
}

/// A well-formedness problem, located.
public struct XMLReadError: DiagnosticError {
  public var location: SourceLocation
  public var message: String
  public var diagnosticLocation: SourceLocation? { location }
}

/// A strict, small, non-validating XML 1.0 reader with namespaces.
///
/// Reads elements, attributes, character data, CDATA sections, comments and processing
/// instructions; resolves the five predefined entities and character references; resolves
/// namespace prefixes. A document type declaration is refused when it has an internal subset
/// (no entity is ever expanded, so no input can make the reader allocate beyond the size of
/// the document), and nesting deeper than ``maximumDepth`` is refused. Every error names the
/// line and column (counted in Unicode scalars, 1-based) where the problem is.
///
/// - Complexity: O(n) in the length of the document.
public struct XMLReader {
  /// Deepest element nesting accepted.
  public static let maximumDepth = 256
  static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

  private let scalars: [Unicode.Scalar]
  private let file: String
  private var position = 0
  private var line = 1
  private var column = 1

  /// Parses `text`, the contents of `file`, and returns its root element.
  public static func parse(_ text: String, file: String) throws(XMLReadError) -> XMLTreeElement {
    var reader = XMLReader(scalars: Array(text.unicodeScalars), file: file)
    return try reader.document()
  }

  private init(scalars: [Unicode.Scalar], file: String) {
    self.scalars = scalars
    self.file = file
  }

  // MARK: Positions

  private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }
  private var atEnd: Bool { position >= scalars.count }
  private var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

  private mutating func advance() {
    guard !atEnd else { return }
    let scalar = scalars[position]
    position += 1
    if scalar == "\n" || (scalar == "\r" && current != "\n") {
      line += 1
      column = 1
    } else if scalar != "\r" {
      column += 1
    }
  }

  private func fail(_ message: String, at location: SourceLocation? = nil) -> XMLReadError {
    XMLReadError(location: location ?? here, message: message)
  }

  private func lookingAt(_ literal: String) -> Bool {
    var index = position
    for scalar in literal.unicodeScalars {
      guard index < scalars.count, scalars[index] == scalar else { return false }
      index += 1
    }
    return true
  }

  private mutating func expect(_ literal: String) throws(XMLReadError) {
    guard lookingAt(literal) else {
      throw fail("expected '\(literal)', found \(describeCurrent())")
    }
    for _ in literal.unicodeScalars { advance() }
  }

  private func describeCurrent() -> String {
    guard let current else { return "the end of the file" }
    if current == "\n" || current == "\r" { return "a line break" }
    return "'\(Character(current))'"
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
  }

  private mutating func skipSpace() {
    while let current, Self.isSpace(current) { advance() }
  }

  private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x41...0x5A, 0x61...0x7A, 0x5F, 0x3A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
      0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
      0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
      true
    default: false
    }
  }

  private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
    if isNameStart(scalar) { return true }
    switch scalar.value {
    case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: return true
    default: return false
    }
  }

  private static func isCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: true
    case 0..<0x20, 0xFFFE, 0xFFFF: false
    default: true
    }
  }

  private mutating func name() throws(XMLReadError) -> String {
    guard let first = current, Self.isNameStart(first) else {
      throw fail("expected a name, found \(describeCurrent())")
    }
    var result = String.UnicodeScalarView()
    while let scalar = current, Self.isNameCharacter(scalar) {
      result.append(scalar)
      advance()
    }
    return String(result)
  }

  // MARK: Document

  private mutating func document() throws(XMLReadError) -> XMLTreeElement {
    if current == "\u{FEFF}" { advance() }
    if lookingAt("<?xml") {
      try skipProcessingInstruction(start: here, atStart: true)
    }
    var root: XMLTreeElement?
    while true {
      skipSpace()
      if atEnd { break }
      let start = here
      if lookingAt("<!--") {
        try skipComment()
      } else if lookingAt("<?") {
        try skipProcessingInstruction(start: start)
      } else if lookingAt("<!DOCTYPE") {
        guard root == nil else { throw fail("a document type declaration must come before the root element") }
        try skipDoctype()
      } else if lookingAt("<") {
        guard root == nil else {
          throw fail("expected the end of the file after the root element, found another element")
        }
        var namespaces: [String: String] = ["xml": Self.xmlNamespace]
        root = try element(depth: 1, namespaces: &namespaces)
      } else {
        throw fail("expected markup, found text \(describeCurrent()) outside the root element")
      }
    }
    guard let root else { throw fail("expected a root element, found the end of the file") }
    return root
  }

  private mutating func skipComment() throws(XMLReadError) {
    let start = here
    try expect("<!--")
    while !lookingAt("-->") {
      if atEnd { throw fail("comment is not closed (expected '-->')", at: start) }
      if lookingAt("--") { throw fail("'--' is not allowed inside a comment") }
      advance()
    }
    try expect("-->")
  }

  private mutating func skipProcessingInstruction(start: SourceLocation, atStart: Bool = false) throws(XMLReadError) {
    try expect("<?")
    let target = try name()
    if target.lowercased() == "xml" && !atStart {
      throw fail("the XML declaration must be at the very start of the file", at: start)
    }
    while !lookingAt("?>") {
      if atEnd { throw fail("processing instruction is not closed (expected '?>')", at: start) }
      advance()
    }
    try expect("?>")
  }

  private mutating func skipDoctype() throws(XMLReadError) {
    let start = here
    try expect("<!DOCTYPE")
    var quote: Unicode.Scalar?
    while true {
      guard let scalar = current else {
        throw fail("document type declaration is not closed (expected '>')", at: start)
      }
      if let open = quote {
        if scalar == open { quote = nil }
      } else if scalar == "\"" || scalar == "'" {
        quote = scalar
      } else if scalar == "[" {
        throw fail("document type declarations with an internal subset are not read (entities are never expanded)")
      } else if scalar == ">" {
        advance()
        return
      }
      advance()
    }
  }

  // MARK: Elements

  private mutating func element(depth: Int, namespaces: inout [String: String]) throws(XMLReadError) -> XMLTreeElement {
    let start = here
    guard depth <= Self.maximumDepth else {
      throw fail("elements are nested more than \(Self.maximumDepth) deep", at: start)
    }
    try expect("<")
    let qualifiedName = try name()
    var rawAttributes: [(name: String, value: String, location: SourceLocation)] = []
    while true {
      let hadSpace = current.map(Self.isSpace) ?? false
      skipSpace()
      guard let scalar = current else {
        throw fail("element <\(qualifiedName)> is not closed (expected '>')", at: start)
      }
      if scalar == ">" || lookingAt("/>") { break }
      guard hadSpace else { throw fail("expected a space before the next attribute, found \(describeCurrent())") }
      let attributeStart = here
      let attributeName = try name()
      skipSpace()
      try expect("=")
      skipSpace()
      let value = try attributeValue()
      if rawAttributes.contains(where: { $0.name == attributeName }) {
        throw fail("attribute '\(attributeName)' appears twice on <\(qualifiedName)>", at: attributeStart)
      }
      rawAttributes.append((attributeName, value, attributeStart))
    }

    // Namespace declarations of this element apply to it and its descendants.
    let saved = namespaces
    defer { namespaces = saved }
    for attribute in rawAttributes {
      if attribute.name == "xmlns" {
        namespaces[""] = attribute.value
      } else if attribute.name.hasPrefix("xmlns:") {
        let prefix = String(attribute.name.dropFirst(6))
        guard !attribute.value.isEmpty else {
          throw fail("namespace prefix '\(prefix)' cannot be declared empty", at: attribute.location)
        }
        namespaces[prefix] = attribute.value
      }
    }
    let (prefix, localName) = Self.split(qualifiedName)
    guard let namespace = namespaces[prefix ?? ""] ?? (prefix == nil ? "" : nil) else {
      throw fail("namespace prefix '\(prefix ?? "")' of <\(qualifiedName)> is not declared", at: start)
    }
    var attributes: [(name: String, value: String)] = []
    for attribute in rawAttributes where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
      let (attributePrefix, attributeLocal) = Self.split(attribute.name)
      if let attributePrefix {
        guard let attributeNamespace = namespaces[attributePrefix] else {
          throw fail(
            "namespace prefix '\(attributePrefix)' of attribute '\(attribute.name)' is not declared",
            at: attribute.location)
        }
        attributes.append(
          (attributeNamespace == Self.xmlNamespace ? "xml:" + attributeLocal : attribute.name, attribute.value))
      } else {
        attributes.append((attributeLocal, attribute.value))
      }
    }

    var result = XMLTreeElement(
      name: localName, namespace: namespace, attributes: attributes, children: [], location: start)
    if lookingAt("/>") {
      try expect("/>")
      return result
    }
    try expect(">")
    var text = String.UnicodeScalarView()
    var textStart = here
    func flush(_ result: inout XMLTreeElement) {
      if !text.isEmpty {
        result.children.append(.text(String(text), textStart))
        text = String.UnicodeScalarView()
      }
    }
    while true {
      guard let scalar = current else {
        throw fail("element <\(qualifiedName)> is not closed (expected '</\(qualifiedName)>')", at: start)
      }
      if scalar == "<" {
        if lookingAt("</") {
          flush(&result)
          let closeStart = here
          try expect("</")
          let closing = try name()
          guard closing == qualifiedName else {
            throw fail(
              "expected '</\(qualifiedName)>' to close the element opened at line \(start.line), column \(start.column), found '</\(closing)>'",
              at: closeStart)
          }
          skipSpace()
          try expect(">")
          return result
        } else if lookingAt("<!--") {
          try skipComment()
        } else if lookingAt("<![CDATA[") {
          if text.isEmpty { textStart = here }
          let cdataStart = here
          try expect("<![CDATA[")
          while !lookingAt("]]>") {
            guard let inner = current else {
              throw fail("CDATA section is not closed (expected ']]>')", at: cdataStart)
            }
            try appendCharacter(inner, to: &text)
          }
          try expect("]]>")
        } else if lookingAt("<?") {
          try skipProcessingInstruction(start: here)
        } else if lookingAt("<!") {
          throw fail("unexpected markup declaration inside an element")
        } else {
          flush(&result)
          result.children.append(.element(try element(depth: depth + 1, namespaces: &namespaces)))
          textStart = here
        }
      } else if scalar == "&" {
        if text.isEmpty { textStart = here }
        text.append(contentsOf: try reference().unicodeScalars)
      } else {
        if text.isEmpty { textStart = here }
        if lookingAt("]]>") { throw fail("']]>' is not allowed in text") }
        try appendCharacter(scalar, to: &text)
      }
    }
  }

  /// Appends the current character (line ends normalised to `\n`) and advances.
  private mutating func appendCharacter(_ scalar: Unicode.Scalar, to text: inout String.UnicodeScalarView)
    throws(XMLReadError)
  {
    guard Self.isCharacter(scalar) else {
      throw fail("character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed in XML")
    }
    if scalar == "\r" {
      advance()
      if current == "\n" { advance() }
      text.append("\n")
      return
    }
    text.append(scalar)
    advance()
  }

  private mutating func attributeValue() throws(XMLReadError) -> String {
    guard let quote = current, quote == "\"" || quote == "'" else {
      throw fail("expected a quoted attribute value, found \(describeCurrent())")
    }
    let start = here
    advance()
    var value = String.UnicodeScalarView()
    while true {
      guard let scalar = current else {
        throw fail("attribute value is not closed (expected \(Character(quote)))", at: start)
      }
      if scalar == quote {
        advance()
        return String(value)
      }
      switch scalar {
      case "<": throw fail("'<' is not allowed in an attribute value")
      case "&": value.append(contentsOf: try reference().unicodeScalars)
      case "\t", "\n":
        value.append(" ")
        advance()
      case "\r":
        value.append(" ")
        advance()
        if current == "\n" { advance() }
      default:
        guard Self.isCharacter(scalar) else {
          throw fail("character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed in XML")
        }
        value.append(scalar)
        advance()
      }
    }
  }

  /// An entity or character reference at `&`, resolved.
  private mutating func reference() throws(XMLReadError) -> String {
    let start = here
    try expect("&")
    if current == "#" {
      advance()
      var radix = 10
      if current == "x" {
        radix = 16
        advance()
      }
      var digits = ""
      while let scalar = current, scalar != ";", digits.count < 8 {
        digits.unicodeScalars.append(scalar)
        advance()
      }
      guard current == ";", let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value),
        Self.isCharacter(scalar)
      else {
        throw fail("invalid character reference", at: start)
      }
      advance()
      return String(Character(scalar))
    }
    let entity = try name()
    guard current == ";" else { throw fail("expected ';' to end the reference '&\(entity)'", at: start) }
    advance()
    switch entity {
    case "lt": return "<"
    case "gt": return ">"
    case "amp": return "&"
    case "quot": return "\""
    case "apos": return "'"
    default:
      throw fail(
        "unknown entity '&\(entity);' (only &lt; &gt; &amp; &quot; &apos; and character references are read)", at: start
      )
    }
  }

  private static func split(_ qualifiedName: String) -> (prefix: String?, local: String) {
    guard let colon = qualifiedName.firstIndex(of: ":") else { return (nil, qualifiedName) }
    return (String(qualifiedName[..<colon]), String(qualifiedName[qualifiedName.index(after: colon)...]))
  }
}
