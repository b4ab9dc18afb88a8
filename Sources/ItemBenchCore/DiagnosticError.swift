/// An error ItemBench reports to a person: what is wrong and, when it is known, where.
///
/// Every error type of the libraries that carries a message conforms, so they all render the
/// same way, as a compiler-style diagnostic that editors and CI annotate:
///
///     Items/scales/cpim.yml:4:8: error: expected a number for 'passing_score', found "three hundred"
///     error: the parameter files use different scaling constants …
///
/// and a command can report any of them with one `catch let error as any DiagnosticError`.
public protocol DiagnosticError: Error, CustomStringConvertible, Sendable {
  /// What is wrong and what was expected, without the `error:` prefix.
  var message: String { get }
  /// The file, line and column the problem is at, or nil when it is not in one input.
  var diagnosticLocation: SourceLocation? { get }
}

extension DiagnosticError {
  /// `file:line:column: error: message`, or `error: message` without a location.
  public var description: String {
    if let location = diagnosticLocation { return "\(location): error: \(message)" }
    return "error: \(message)"
  }
}
