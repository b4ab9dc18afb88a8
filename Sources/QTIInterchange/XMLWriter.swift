/// A small XML element tree and its deterministic serialiser.
///
/// Attributes are written in the order they were added, children in order, two-space
/// indentation, one element per line except elements holding only text (written on one line
/// with their text exactly as given). Text and attribute values are escaped (`&`, `<`, `>`, and
/// `"` in attributes; line breaks and tabs in attributes as character references, so a reader
/// gets them back instead of spaces). Characters XML 1.0 cannot carry (C0 controls other than
/// tab, line feed and carriage return) are refused by ``XMLElement/validateText(_:)`` before
/// writing.
///
/// - Complexity: O(size of the output).
public struct XMLElement: Hashable, Sendable {
  public var name: String
  public var attributes: [(name: String, value: String)]
  public var children: [XMLNode]

  public init(_ name: String, _ attributes: [(String, String)] = [], children: [XMLNode] = []) {
    self.name = name
    self.attributes = attributes.map { (name: $0.0, value: $0.1) }
    self.children = children
  }

  /// An element holding only `text`.
  public init(_ name: String, _ attributes: [(String, String)] = [], text: String) {
    self.init(name, attributes, children: [.text(text)])
  }

  public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
    lhs.name == rhs.name && lhs.children == rhs.children
      && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
      && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    for attribute in attributes {
      hasher.combine(attribute.name)
      hasher.combine(attribute.value)
    }
    hasher.combine(children)
  }

  /// The document: an XML declaration, then this element, then a final line feed.
  public func document() -> String {
    var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    write(to: &output, indent: 0)
    output += "\n"
    return output
  }

  func write(to output: inout String, indent: Int) {
    let padding = String(repeating: " ", count: indent)
    output += padding + "<" + name
    for attribute in attributes {
      output += " " + attribute.name + "=\"" + XMLEscaping.attribute(attribute.value) + "\""
    }
    if children.isEmpty {
      output += "/>"
      return
    }
    output += ">"
    if children.allSatisfy({ if case .text = $0 { true } else { false } }) {
      for case .text(let text) in children { output += XMLEscaping.text(text) }
    } else {
      for child in children {
        output += "\n"
        switch child {
        case .element(let element): element.write(to: &output, indent: indent + 2)
        case .text(let text): output += padding + "  " + XMLEscaping.text(text)
        }
      }
      output += "\n" + padding
    }
    output += "</" + name + ">"
  }

  /// Whether `text` can be written in XML 1.0: no C0 control characters other than tab, line
  /// feed and carriage return, no U+FFFE or U+FFFF.
  public static func validateText(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
      switch scalar.value {
      case 0x09, 0x0A, 0x0D: true
      case 0..<0x20, 0xFFFE, 0xFFFF: false
      default: true
      }
    }
  }
}

/// A child of an element: another element or text.
public enum XMLNode: Hashable, Sendable {
  case element(XMLElement)
  case text(String)
}

/// Escaping for XML text and attribute values.
public enum XMLEscaping {
  /// `&`, `<` and `>` as entity references; a carriage return as `&#13;` so that it survives
  /// end-of-line normalisation.
  public static func text(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { "&<>\r".unicodeScalars.contains($0) }) else { return text }
    var output = ""
    output.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\r": output += "&#13;"
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// As ``text(_:)``, plus `"`, and tab, line feed and carriage return as character references
  /// (attribute-value normalisation would turn them into spaces).
  public static func attribute(_ value: String) -> String {
    var output = ""
    output.reserveCapacity(value.utf8.count + 8)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "\t": output += "&#9;"
      case "\n": output += "&#10;"
      case "\r": output += "&#13;"
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }
}
