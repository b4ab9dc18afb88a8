import Foundation
import ItemBenchCore

/// A bad candidates file: where and what was expected.
public struct CandidateFileError: DiagnosticError, Equatable {
  public var location: SourceLocation
  public var message: String
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
}

/// Candidate background variables (group memberships) read from a candidates file.
///
/// Format (docs/dif.md): CSV with a header row whose first field names the candidate-id column
/// and whose other fields name variables (`candidate_id,group,region`), then one row per
/// candidate. Blank lines and `#` comment lines are skipped, `\r\n` and a UTF-8 byte-order mark
/// are accepted, fields may be quoted (RFC 4180) and are trimmed of spaces and tabs. An empty
/// cell means the value is unknown (the candidate is left out of analyses of that variable).
/// Candidate ids must be unique and non-empty; a row must have as many fields as the header.
public struct CandidateFile: Sendable, Equatable {
  public var file: String
  public var variables: [String]
  public var candidateIDs: [String]
  /// values[i][v]: candidate i's value of variable v ("" when unknown).
  public var values: [[String]]

  /// Reads `path`. Errors name the file, line and field.
  public static func read(path: String) throws -> CandidateFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CandidateFileError("cannot read the candidates file", at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CandidateFileError(
        "the candidates file is not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
    }
    return try parse(text: text, file: path)
  }

  public static func parse(text: String, file: String) throws -> CandidateFile {
    var header: [String]?
    var ids: [String] = []
    var values: [[String]] = []
    var firstLine: [String: Int] = [:]
    var lineNumber = 0
    var body = Substring(text)
    if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
    for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      var line = rawLine
      if line.hasSuffix("\r") { line = line.dropLast() }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let fields = try splitFields(line, file: file, line: lineNumber)
      guard let columns = header else {
        guard fields.count >= 2 else {
          throw CandidateFileError(
            "the header names \(fields.count) column(s); expected the candidate-id column and at least one variable",
            at: SourceLocation(file: file, line: lineNumber, column: 1))
        }
        var seen: [String: Int] = [:]
        for (index, name) in fields.enumerated() {
          guard !name.isEmpty else {
            throw CandidateFileError(
              "empty column name", at: SourceLocation(file: file, line: lineNumber, column: index + 1))
          }
          if let first = seen[name] {
            throw CandidateFileError(
              "duplicate column '\(name)' (first in field \(first))",
              at: SourceLocation(file: file, line: lineNumber, column: index + 1))
          }
          seen[name] = index + 1
        }
        header = fields
        continue
      }
      guard fields.count == columns.count else {
        throw CandidateFileError(
          "row has \(fields.count) fields, expected \(columns.count) (the candidate id and \(columns.count - 1) variable(s))",
          at: SourceLocation(file: file, line: lineNumber, column: min(fields.count, columns.count) + 1))
      }
      let id = fields[0]
      guard !id.isEmpty else {
        throw CandidateFileError("empty candidate id", at: SourceLocation(file: file, line: lineNumber, column: 1))
      }
      if let first = firstLine[id] {
        throw CandidateFileError(
          "duplicate candidate id '\(id)' (first on line \(first))",
          at: SourceLocation(file: file, line: lineNumber, column: 1))
      }
      firstLine[id] = lineNumber
      ids.append(id)
      values.append(Array(fields.dropFirst()))
    }
    guard let columns = header else {
      throw CandidateFileError(
        "the candidates file is empty; expected a header row", at: SourceLocation(file: file, line: 1, column: 1))
    }
    return CandidateFile(file: file, variables: Array(columns.dropFirst()), candidateIDs: ids, values: values)
  }

  /// Splits one line into trimmed, unquoted fields.
  static func splitFields(_ line: Substring, file: String, line number: Int) throws -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var iterator = Array(line)
    iterator.append(",")
    var index = 0
    while index < iterator.count {
      let character = iterator[index]
      if quoted {
        if character == "\"" {
          if index + 1 < iterator.count, iterator[index + 1] == "\"" {
            current.append("\"")
            index += 2
            continue
          }
          quoted = false
        } else {
          current.append(character)
        }
      } else if character == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty && !wasQuoted {
        quoted = true
        wasQuoted = true
        current = ""
      } else if character == "," {
        fields.append(wasQuoted ? current : current.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
        current = ""
        wasQuoted = false
      } else if wasQuoted {
        if character != " " && character != "\t" {
          throw CandidateFileError(
            "text after a closing quote", at: SourceLocation(file: file, line: number, column: fields.count + 1))
        }
      } else {
        current.append(character)
      }
      index += 1
    }
    if quoted {
      throw CandidateFileError(
        "unterminated quoted field", at: SourceLocation(file: file, line: number, column: fields.count + 1))
    }
    return fields
  }

  /// The reference/focal membership of each id in `candidateIDs` (a response file's order) for
  /// `variable`: 0 reference, 1 focal, nil when the candidate is not in this file, has no value,
  /// or has another value. Throws when the variable or a group value does not occur.
  public func groups(
    for responseCandidates: [String], variable: String, reference: String, focal: String
  ) throws -> GroupAssignment {
    guard let column = variables.firstIndex(of: variable) else {
      throw CandidateFileError(
        "no variable '\(variable)' in the candidates file\(EditDistance.didYouMean(variable, among: variables)); it has \(variables.joined(separator: ", "))",
        at: SourceLocation(file: file, line: 1, column: 1))
    }
    guard reference != focal else {
      throw CandidateFileError(
        "the reference and focal groups are both '\(reference)'",
        at: SourceLocation(file: file, line: 1, column: column + 2))
    }
    let present = Set(values.map { $0[column] })
    for value in [reference, focal] where !present.contains(value) {
      let known = present.filter { !$0.isEmpty }.sorted()
      throw CandidateFileError(
        "no candidate has \(variable) = '\(value)'\(EditDistance.didYouMean(value, among: known)); the values are \(known.joined(separator: ", "))",
        at: SourceLocation(file: file, line: 1, column: column + 2))
    }
    var byID: [String: Int] = [:]
    for (index, id) in candidateIDs.enumerated() { byID[id] = index }
    var membership: [UInt8?] = []
    membership.reserveCapacity(responseCandidates.count)
    var missing = 0
    var other = 0
    for id in responseCandidates {
      guard let row = byID[id] else {
        missing += 1
        membership.append(nil)
        continue
      }
      let value = values[row][column]
      if value == reference {
        membership.append(0)
      } else if value == focal {
        membership.append(1)
      } else {
        other += 1
        membership.append(nil)
      }
    }
    return GroupAssignment(
      variable: variable, reference: reference, focal: focal, membership: membership,
      notInCandidateFile: missing, otherOrUnknown: other)
  }
}

/// Which candidates (in response-file order) belong to the reference (0) and focal (1) groups.
public struct GroupAssignment: Sendable, Hashable {
  public var variable: String
  public var reference: String
  public var focal: String
  public var membership: [UInt8?]
  /// Candidates of the responses that the candidates file does not list.
  public var notInCandidateFile: Int
  /// Candidates listed with another value or none.
  public var otherOrUnknown: Int

  public init(
    variable: String, reference: String, focal: String, membership: [UInt8?], notInCandidateFile: Int = 0,
    otherOrUnknown: Int = 0
  ) {
    self.variable = variable
    self.reference = reference
    self.focal = focal
    self.membership = membership
    self.notInCandidateFile = notInCandidateFile
    self.otherOrUnknown = otherOrUnknown
  }
}
