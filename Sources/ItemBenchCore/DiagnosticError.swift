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

/// An error that carries every problem found in one input file: the first is the error itself
/// (``message`` at ``location``), the rest are ``others``, in the order they were found. The
/// description and the printed diagnostic show one problem per line.
public protocol FileProblemsError: DiagnosticError {
  init(_ message: String, at location: SourceLocation)
  var message: String { get }
  var location: SourceLocation { get }
  /// The file's further problems, in order (empty when there was only one).
  var others: [Self] { get set }
}

extension FileProblemsError {
  public var diagnosticLocation: SourceLocation? { location }

  /// Every problem, one per line, `file:line:column: message`.
  public var description: String { allProblems.map { "\($0.location): \($0.message)" }.joined(separator: "\n") }

  /// Every problem, one per line, `file:line:column: severity: message`.
  public func compilerStyle(severity: String = "error") -> String {
    allProblems.map { "\($0.location): \(severity): \($0.message)" }.joined(separator: "\n")
  }

  private var allProblems: [(location: SourceLocation, message: String)] {
    [(location, message)] + others.map { ($0.location, $0.message) }
  }

  /// The first of `problems` as the error and the rest as its ``others``; `unreadable` at the
  /// start of `file` if there are none (a reader that found nothing wrong does not throw).
  package init(problems: [Diagnostic], unreadable: String, file: String) {
    guard let first = problems.first else {
      self.init(unreadable, at: SourceLocation(file: file, line: 1, column: 1))
      return
    }
    self.init(first.message, at: first.location)
    others = problems.dropFirst().map { Self($0.message, at: $0.location) }
  }
}
