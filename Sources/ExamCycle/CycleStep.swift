import ItemBenchCore

/// One step of the program run, in pipeline order. `lint` and `coverage` run once; the others
/// up to `scores` run for every administration in turn; `report` writes the program's technical
/// report (`report.html`) once, at the end.
public enum CycleStep: String, CaseIterable, Sendable, Comparable {
  case lint, coverage, analyze, calibrate, link, equate, tables, scores, report

  public static func < (lhs: CycleStep, rhs: CycleStep) -> Bool {
    lhs.order < rhs.order
  }

  private var order: Int {
    switch self {
    case .lint: return 0
    case .coverage: return 1
    case .analyze: return 2
    case .calibrate: return 3
    case .link: return 4
    case .equate: return 5
    case .tables: return 6
    case .scores: return 7
    case .report: return 8
    }
  }

  /// The steps a step needs the results of (run implicitly, without writing their files). Every
  /// administration after the first needs the bank its predecessors built, so linking, equating
  /// and tables need calibration and linking of every administration.
  var prerequisites: [CycleStep] {
    switch self {
    case .lint, .coverage, .analyze, .calibrate: return []
    case .link: return [.calibrate]
    case .equate: return [.calibrate, .link]
    case .tables: return [.calibrate, .link, .equate]
    case .scores: return [.calibrate, .link, .equate, .tables]
    case .report: return [.analyze, .calibrate, .link, .equate, .tables]
    }
  }
}

/// A problem that stops the run (unreadable input, a calibration that cannot run).
public struct CycleError: DiagnosticError {
  public var message: String
  /// Where the problem is (a project-file setting), if known.
  public var location: SourceLocation?
  /// Whether `message` is an underlying error's whole text (it may already read
  /// `file:line:column: error: …`), printed as it is.
  private var preformatted: Bool

  /// An error in the cycle's own terms, rendered `location: message` or `message` (the tool adds
  /// `error:`).
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
    self.preformatted = false
  }

  /// Wraps an underlying error: a ``DiagnosticError`` keeps its message and location, any other
  /// error its whole description.
  public init(wrapping error: Error) {
    if let diagnostic = error as? any DiagnosticError, diagnostic.compilerStyle(severity: "error").contains("\n") {
      // Several problems (a scale file reports all of its own): printed as they are.
      self.message = diagnostic.compilerStyle(severity: "error")
      self.location = nil
      self.preformatted = true
    } else if let diagnostic = error as? any DiagnosticError {
      self.message = diagnostic.message
      self.location = diagnostic.diagnosticLocation
      self.preformatted = false
    } else {
      self.message = "\(error)"
      self.location = nil
      self.preformatted = true
    }
  }

  public var diagnosticLocation: SourceLocation? { location }

  /// Whether ``message`` is an underlying error's whole text, to be printed as it is (it may
  /// already carry its own `file:line:column: error:`).
  public var isPreformatted: Bool { preformatted }

  public var description: String {
    if preformatted { return message }
    if let location { return "\(location): \(message)" }
    return message
  }

  /// As ``DiagnosticError/compilerStyle(severity:)``, but a preformatted message as it is.
  public func compilerStyle(severity: String = "error") -> String {
    if preformatted { return message }
    if let location { return "\(location): \(severity): \(message)" }
    return "\(severity): \(message)"
  }
}

/// Loading errors of the bank, one per line.
struct LoadErrors: Error, CustomStringConvertible {
  var diagnostics: [Diagnostic]
  var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
