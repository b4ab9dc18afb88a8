import ItemBenchCore

/// What scoring one multiple-choice item needs: its option ids in presentation order and the key.
///
/// The CLI builds these from the item bank; this module does not depend on the bank. An option's
/// position in ``options`` is the option index stored in a ``ResponseCode``.
public struct ItemKey: Sendable, Hashable {
  /// The id of the correct option (one of ``options``).
  public var key: String
  /// The option ids (usually letters `A`…`E`), in presentation order. At most 63.
  public var options: [String]

  public init(key: String, options: [String]) {
    self.key = key
    self.options = options
  }

  /// The largest number of options a ``ResponseCode`` can record (bits 1…6 hold index + 1).
  public static let maximumOptionCount = 63
}

/// The three kinds of missing response a ``ResponseMatrix`` distinguishes.
public enum MissingKind: String, Sendable, CaseIterable, Hashable {
  /// Seen and not answered: counts in the omit rate, scored 0 by classical number-correct scoring.
  case omitted
  /// Not reached (the candidate stopped before the item).
  case notReached = "not-reached"
  /// Not presented (not on the candidate's form): missing by design.
  case notPresented = "not-presented"

  /// The byte stored in a ``ResponseMatrix``.
  public var code: UInt8 {
    switch self {
    case .omitted: ResponseCode.omitted
    case .notReached: ResponseCode.notReached
    case .notPresented: ResponseCode.notPresented
    }
  }
}

/// How missing responses are written in a response file.
///
/// Defaults: an empty cell is *omitted*; `NR` is *not reached*; `.` and `NP` are *not
/// presented*. No code may be `0`, `1`, empty, contain a comma, quote or line break, or be listed
/// for two kinds. Codes are matched exactly (case-sensitive) after trimming spaces and tabs.
public struct MissingCodes: Sendable, Hashable {
  /// What an empty cell (or one holding only spaces) means.
  public var empty: MissingKind
  /// Extra codes meaning *omitted* (default none).
  public var omitted: [String]
  /// Codes meaning *not reached* (default `NR`).
  public var notReached: [String]
  /// Codes meaning *not presented* (default `.` and `NP`).
  public var notPresented: [String]

  public init(
    empty: MissingKind = .omitted, omitted: [String] = [], notReached: [String] = ["NR"],
    notPresented: [String] = [".", "NP"]
  ) {
    self.empty = empty
    self.omitted = omitted
    self.notReached = notReached
    self.notPresented = notPresented
  }

  /// Every listed code with the byte it maps to, in a fixed order.
  var all: [(text: String, code: UInt8)] {
    omitted.map { ($0, ResponseCode.omitted) } + notReached.map { ($0, ResponseCode.notReached) }
      + notPresented.map { ($0, ResponseCode.notPresented) }
  }
}

/// A problem reading a response file: the file, the 1-based line, and the 1-based field number
/// (field 1 is the candidate id, field 2 the first item) as the column.
public struct ResponseFileError: DiagnosticError, Equatable {
  public var location: SourceLocation
  public var message: String

  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }

  public var diagnosticLocation: SourceLocation? { location }
}
