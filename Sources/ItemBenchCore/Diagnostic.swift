/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
  case info
  case warning
  case error

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a user's file, rendered as `file:line:column: severity: message`.
///
/// Loaders collect diagnostics instead of throwing on the first problem, so a user sees every
/// problem of every file in one run.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
  public var location: SourceLocation
  public var severity: Severity
  public var message: String
  /// A short machine-readable code (a lint rule id such as `missing-field`), if any.
  public var code: String?

  public init(
    _ severity: Severity, _ message: String, at location: SourceLocation, code: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.location = location
    self.code = code
  }

  public static func error(_ message: String, at location: SourceLocation, code: String? = nil)
    -> Diagnostic
  {
    Diagnostic(.error, message, at: location, code: code)
  }

  public static func warning(_ message: String, at location: SourceLocation, code: String? = nil)
    -> Diagnostic
  {
    Diagnostic(.warning, message, at: location, code: code)
  }

  /// `file:line:column: error: message`, with ` (code)` appended when there is a code.
  public var description: String {
    var text = "\(location): \(severity.rawValue): \(message)"
    if let code { text += " (\(code))" }
    return text
  }
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic has error severity.
  public var containsErrors: Bool { contains { $0.severity == .error } }

  /// Sorted by file, line, column, then message: a stable order for byte-identical output.
  public func sortedByLocation() -> [Diagnostic] {
    sorted {
      if $0.location != $1.location { return $0.location < $1.location }
      return $0.message < $1.message
    }
  }
}
