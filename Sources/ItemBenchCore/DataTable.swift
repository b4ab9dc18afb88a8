/// A rectangular table of results (a scale table, a parameter list, an item analysis) with
/// ordered metadata, independent of the file format it is exported to.
///
/// Tables never hold item text: exporters write what they are given, so producers put only ids,
/// statistics and parameters in them.
public struct DataTable: Sendable, Equatable {
  /// One cell. Numbers carry the number of decimals they are reported with.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case decimal(Double, places: Int)
    case boolean(Bool)
    case missing

    /// The cell as plain text: decimals rounded half away from zero; missing is empty.
    public var plainText: String {
      switch self {
      case .text(let value): return value
      case .integer(let value): return String(value)
      case .decimal(let value, let places):
        guard value.isFinite else { return "" }
        return formatDecimal(value, places: places)
      case .boolean(let value): return value ? "true" : "false"
      case .missing: return ""
      }
    }

    /// The cell as a JSON value.
    public var json: JSONValue {
      switch self {
      case .text(let value): return .string(value)
      case .integer(let value): return .int(value)
      case .decimal(let value, let places): return .rounded(value, places: places)
      case .boolean(let value): return .bool(value)
      case .missing: return .null
      }
    }
  }

  /// A short name for the table (for example `scale-table`).
  public var name: String
  /// Ordered key/value facts about the table (form, base form, method, constants, dates).
  public var metadata: [(key: String, value: String)]
  public var columns: [String]
  public var rows: [[Cell]]

  public init(
    name: String, metadata: [(key: String, value: String)] = [], columns: [String],
    rows: [[Cell]] = []
  ) {
    self.name = name
    self.metadata = metadata
    self.columns = columns
    self.rows = rows
  }

  public static func == (lhs: DataTable, rhs: DataTable) -> Bool {
    lhs.name == rhs.name && lhs.columns == rhs.columns && lhs.rows == rhs.rows
      && lhs.metadata.map(\.key) == rhs.metadata.map(\.key)
      && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
  }
}

/// `value` with exactly `places` decimals, rounded half away from zero, never `-0`.
///
/// Deterministic and locale-independent (it does not use `String(format:)`).
public func formatDecimal(_ value: Double, places: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
  var scale = 1.0
  for _ in 0..<places { scale *= 10 }
  let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
  let negative = value < 0 && scaled != 0
  guard scaled < 9e15 else { return "\(value)" }
  let integer = UInt64(scaled)
  var digits = String(integer)
  if places > 0 {
    if digits.count <= places {
      digits = String(repeating: "0", count: places - digits.count + 1) + digits
    }
    digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
  }
  return negative ? "-" + digits : digits
}
