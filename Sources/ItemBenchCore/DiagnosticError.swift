/// An error ItemBench reports to a person: what is wrong and, when it is known, where.
///
/// Every error type of the libraries that carries a message conforms. A library error says what
/// and where, never how severe: its ``description`` is
///
///     Items/scales/cpim.yml:4:8: expected a number for 'passing_score', found "three hundred"
///     the parameter files use different scaling constants …
///
/// and the command-line tool alone renders it as a compiler-style diagnostic that editors and CI
/// annotate (`file:line:column: error: message`, ``compilerStyle(severity:)``). A command can
/// report any of them with one `catch let error as any DiagnosticError`.
public protocol DiagnosticError: Error, CustomStringConvertible, Sendable {
  /// What is wrong and what was expected, without the `error:` prefix.
  var message: String { get }
  /// The file, line and column the problem is at, or nil when it is not in one input.
  var diagnosticLocation: SourceLocation? { get }
  /// The printed diagnostic with `severity` (default implementation below).
  func compilerStyle(severity: String) -> String
}

extension DiagnosticError {
  /// `file:line:column: message`, or `message` without a location.
  public var description: String {
    if let location = diagnosticLocation { return "\(location): \(message)" }
    return message
  }

  /// `file:line:column: severity: message`, or `severity: message` without a location: the
  /// form the command-line tool prints.
  public func compilerStyle(severity: String = "error") -> String {
    if let location = diagnosticLocation { return "\(location): \(severity): \(message)" }
    return "\(severity): \(message)"
  }
}
