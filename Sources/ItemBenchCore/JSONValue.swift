/// A JSON value with ordered object keys, rendered deterministically.
///
/// ItemBench writes JSON through this type rather than `JSONSerialization` so that keys keep the
/// order the format documents, numbers use Swift's shortest round-trip representation, and the
/// same input always gives byte-identical output. Non-finite numbers cannot be represented in JSON
/// and are written as `null`; callers should report them before they get here.
public indirect enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(rendered(pretty: false)) }

  /// A number rounded to `places` decimals (half away from zero), or `null` if not finite.
  public static func rounded(_ value: Double, places: Int) -> JSONValue {
    guard value.isFinite else { return .null }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let rounded = (value * scale).rounded(.toNearestOrAwayFromZero) / scale
    return .number(rounded == 0 ? 0 : rounded)  // no "-0.0"
  }

  /// The JSON text. `pretty` indents with two spaces and puts one member per line.
  public func rendered(pretty: Bool = true) -> String {
    var output = ""
    write(to: &output, indent: pretty ? 0 : nil)
    return output
  }

  private func write(to output: inout String, indent: Int?) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .int(let value): output += String(value)
    case .number(let value):
      if !value.isFinite {
        output += "null"
      } else if value == value.rounded(), abs(value) < 1e15 {
        output += String(Int(value))
      } else {
        output += "\(value)"
      }
    case .string(let value): JSONValue.writeEscaped(value, to: &output)
    case .array(let values):
      if values.isEmpty {
        output += "[]"
        return
      }
      output += "["
      for (index, value) in values.enumerated() {
        if index > 0 { output += "," }
        if let indent { output += "\n" + String(repeating: "  ", count: indent + 1) }
        value.write(to: &output, indent: indent.map { $0 + 1 })
      }
      if let indent { output += "\n" + String(repeating: "  ", count: indent) }
      output += "]"
    case .object(let members):
      if members.isEmpty {
        output += "{}"
        return
      }
      output += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { output += "," }
        if let indent { output += "\n" + String(repeating: "  ", count: indent + 1) }
        JSONValue.writeEscaped(key, to: &output)
        output += indent == nil ? ":" : ": "
        value.write(to: &output, indent: indent.map { $0 + 1 })
      }
      if let indent { output += "\n" + String(repeating: "  ", count: indent) }
      output += "}"
    }
  }

  private static func writeEscaped(_ string: String, to output: inout String) {
    output += "\""
    // Fast path: every byte that needs an escape is ASCII (a quote, a backslash or a control
    // character), so a string with none of them is copied whole instead of scalar by scalar.
    if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      output += string
      output += "\""
      return
    }
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .number(value) }
}
