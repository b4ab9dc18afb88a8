/// A JSON value that remembers where it was written: 1-based line and column (columns count
/// Unicode scalars, like ``SourceLocation``), so readers of JSON files can report a wrong type
/// or an unknown key at `file:line:column`.
///
/// ``LocatedJSON/parse(_:)`` is a strict RFC 8259 reader: one value, no trailing commas, no
/// comments, no duplicate keys, no control characters in strings, nesting at most
/// ``maximumDepth`` deep (so hostile input cannot exhaust the stack). A number too large for a
/// `Double` is an error saying so. O(n) in the length of the text.
public struct LocatedJSON: Sendable {
  public enum Value: Sendable {
    case null
    case bool(Bool)
    /// The value and the text as written (`1.50`, `1e3`).
    case number(Double, text: String)
    case string(String)
    case array([LocatedJSON])
    /// Members in file order, each with the position of its key.
    case object([Member])
  }

  public struct Member: Sendable {
    public var key: String
    public var keyLine: Int
    public var keyColumn: Int
    public var value: LocatedJSON
  }

  public var value: Value
  public var line: Int
  public var column: Int

  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 256

  /// A syntax error at a position.
  public struct SyntaxError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column): \(message)" }
  }

  /// Parses `text` (a leading UTF-8 byte-order mark is skipped).
  public static func parse(_ text: String) throws -> LocatedJSON {
    var reader = Reader(bytes: Array(text.utf8))
    if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
    reader.skipWhitespace()
    let value = try reader.value(depth: 0)
    reader.skipWhitespace()
    if reader.index < reader.bytes.count {
      throw reader.error("unexpected text after the JSON value")
    }
    return value
  }

  /// The kind in words, for messages ("a number", "text", …).
  public var kindDescription: String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number(_, let text): return "the number \(text)"
    case .string(let text): return "the text \"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
    case .array: return "a list"
    case .object: return "an object"
    }
  }

  public var string: String? { if case .string(let text) = value { return text } else { return nil } }
  public var number: Double? { if case .number(let number, _) = value { return number } else { return nil } }
  public var bool: Bool? { if case .bool(let flag) = value { return flag } else { return nil } }
  public var isNull: Bool { if case .null = value { return true } else { return false } }
  /// A whole number written without fraction or exponent that fits in `Int`.
  public var integer: Int? {
    guard case .number(_, let text) = value, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    else { return nil }
    return Int(text)
  }
  public var members: [Member]? { if case .object(let members) = value { return members } else { return nil } }
  public var elements: [LocatedJSON]? { if case .array(let elements) = value { return elements } else { return nil } }

  /// The value of `key` in an object.
  public subscript(key: String) -> LocatedJSON? { members?.first { $0.key == key }?.value }

  private struct Reader {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var column = 1

    func error(_ message: String) -> SyntaxError { SyntaxError(message: message, line: line, column: column) }

    mutating func advance() {
      let byte = bytes[index]
      index += 1
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }

    mutating func skipWhitespace() {
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
    }

    mutating func expect(_ literal: String, _ result: Value) throws -> Value {
      for byte in literal.utf8 {
        guard index < bytes.count, bytes[index] == byte else { throw error("invalid literal; expected \(literal)") }
        advance()
      }
      return result
    }

    mutating func value(depth: Int) throws -> LocatedJSON {
      guard index < bytes.count else { throw error("unexpected end of the text; expected a JSON value") }
      let (startLine, startColumn) = (line, column)
      let value: Value
      switch bytes[index] {
      case UInt8(ascii: "{"):
        guard depth < LocatedJSON.maximumDepth else {
          throw error("nesting deeper than \(LocatedJSON.maximumDepth) levels")
        }
        value = try object(depth: depth + 1)
      case UInt8(ascii: "["):
        guard depth < LocatedJSON.maximumDepth else {
          throw error("nesting deeper than \(LocatedJSON.maximumDepth) levels")
        }
        value = try array(depth: depth + 1)
      case UInt8(ascii: "\""): value = .string(try string())
      case UInt8(ascii: "t"): value = try expect("true", .bool(true))
      case UInt8(ascii: "f"): value = try expect("false", .bool(false))
      case UInt8(ascii: "n"): value = try expect("null", .null)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try number()
      default:
        throw error("unexpected character; expected a JSON value (object, list, text, number, true, false or null)")
      }
      return LocatedJSON(value: value, line: startLine, column: startColumn)
    }

    mutating func object(depth: Int) throws -> Value {
      advance()  // {
      var members: [Member] = []
      var seen: Set<String> = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        advance()
        return .object([])
      }
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
          throw error("expected a key in double quotes")
        }
        let (keyLine, keyColumn) = (line, column)
        let key = try string()
        guard seen.insert(key).inserted else {
          throw SyntaxError(message: "duplicate key \"\(key)\"", line: keyLine, column: keyColumn)
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
        advance()
        skipWhitespace()
        let member = try value(depth: depth)
        members.append(Member(key: key, keyLine: keyLine, keyColumn: keyColumn, value: member))
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of the text; expected ',' or '}'") }
        if bytes[index] == UInt8(ascii: ",") {
          advance()
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
        advance()
        return .object(members)
      }
    }

    mutating func array(depth: Int) throws -> Value {
      advance()  // [
      var elements: [LocatedJSON] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        advance()
        return .array([])
      }
      while true {
        skipWhitespace()
        elements.append(try value(depth: depth))
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of the text; expected ',' or ']'") }
        if bytes[index] == UInt8(ascii: ",") {
          advance()
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
        advance()
        return .array(elements)
      }
    }

    mutating func hexDigit() throws -> UInt32 {
      guard index < bytes.count else { throw error("unexpected end of the text in a \\u escape") }
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("expected four hexadecimal digits after \\u")
      }
      advance()
      return digit
    }

    mutating func unicodeEscape() throws -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<4 { value = value * 16 + (try hexDigit()) }
      return value
    }

    mutating func string() throws -> String {
      advance()  // opening quote
      var start = index
      var utf8: [UInt8] = []
      while true {
        guard index < bytes.count else { throw error("unterminated text; expected a closing '\"'") }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          utf8 += bytes[start..<index]
          advance()
          break
        }
        if byte < 0x20 {
          throw error(
            "control character U+00\(String(byte, radix: 16, uppercase: true)) in text; write it as an escape")
        }
        if byte == UInt8(ascii: "\\") {
          utf8 += bytes[start..<index]
          advance()
          guard index < bytes.count else { throw error("unterminated escape") }
          let escape = bytes[index]
          advance()
          var scalar: UInt32
          switch escape {
          case UInt8(ascii: "\""): scalar = 0x22
          case UInt8(ascii: "\\"): scalar = 0x5C
          case UInt8(ascii: "/"): scalar = 0x2F
          case UInt8(ascii: "b"): scalar = 0x08
          case UInt8(ascii: "f"): scalar = 0x0C
          case UInt8(ascii: "n"): scalar = 0x0A
          case UInt8(ascii: "r"): scalar = 0x0D
          case UInt8(ascii: "t"): scalar = 0x09
          case UInt8(ascii: "u"):
            scalar = try unicodeEscape()
            if (0xD800...0xDBFF).contains(scalar) {
              guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
              else {
                throw error("a high surrogate \\u escape must be followed by a low surrogate")
              }
              advance()
              advance()
              let low = try unicodeEscape()
              guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in a \\u escape") }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
              throw error("a lone low surrogate in a \\u escape")
            }
          default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
          utf8 += Array(String(Character(unicode)).utf8)
          start = index
          continue
        }
        advance()
      }
      return String(decoding: utf8, as: UTF8.self)
    }

    mutating func number() throws -> Value {
      let start = index
      let (startLine, startColumn) = (line, column)
      func digits() -> Int {
        var count = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
          advance()
          count += 1
        }
        return count
      }
      if bytes[index] == UInt8(ascii: "-") { advance() }
      guard index < bytes.count else { throw error("expected digits in a number") }
      if bytes[index] == UInt8(ascii: "0") {
        advance()
        if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
          throw error("numbers may not have leading zeros")
        }
      } else if digits() == 0 {
        throw error("expected digits in a number")
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        advance()
        guard digits() > 0 else { throw error("expected digits after the decimal point") }
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        advance()
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { advance() }
        guard digits() > 0 else { throw error("expected digits in the exponent") }
      }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      guard let number = Double(text), number.isFinite else {
        throw SyntaxError(
          message: "the number \(text.count > 40 ? String(text.prefix(40)) + "…" : text) is too large "
            + "(numbers must lie within ±1.8e308)", line: startLine, column: startColumn)
      }
      return .number(number, text: text)
    }
  }
}
