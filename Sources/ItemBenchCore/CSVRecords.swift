import Foundation

/// A small RFC 4180 reader for the project's tabular input files (panel ratings, conversion
/// tables): a header row, then one record per line.
///
/// Blank lines and lines starting with `#` are skipped (so files written by ItemBench with
/// `# key: value` metadata read back; the metadata lines are returned separately). `\r\n` line
/// ends and a UTF-8 byte-order mark are accepted; fields may be quoted (`""` for a quote) but a
/// quoted field cannot span lines; unquoted fields are trimmed of spaces and tabs.
public struct CSVRecords: Sendable {
  /// One data line: its 1-based line number in the file and its fields.
  public struct Record: Sendable {
    public var line: Int
    public var fields: [String]
  }

  public var file: String
  public var header: [String]
  /// The 1-based line of the header.
  public var headerLine: Int
  public var records: [Record]
  /// `# key: value` lines before the header, in file order.
  public var metadata: [(key: String, value: String)]

  /// Parses `text`; `file` names it in errors.
  ///
  /// - Throws: ``CSVRecordsError`` for an empty file, an unterminated quote or a record whose
  ///   field count differs from the header's.
  /// - Complexity: O(length of the text).
  public static func parse(_ text: String, file: String) throws -> CSVRecords {
    var body = Substring(text)
    if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
    var header: [String]?
    var headerLine = 0
    var records: [Record] = []
    var metadata: [(key: String, value: String)] = []
    var lineNumber = 0
    // "\r\n" is one Character in Swift, so it is a separator of its own.
    for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      var line = rawLine
      if line.hasSuffix("\r") { line = line.dropLast() }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      if trimmed.hasPrefix("#") {
        if header == nil {
          let content = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
          if let colon = content.firstIndex(of: ":") {
            metadata.append(
              (
                String(content[..<colon]).trimmingCharacters(in: .whitespaces),
                String(content[content.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
              ))
          }
        }
        continue
      }
      let fields = try split(line, file: file, line: lineNumber)
      if let header {
        guard fields.count == header.count else {
          throw CSVRecordsError(
            "row has \(fields.count) field(s), expected \(header.count) (\(header.joined(separator: ",")))",
            at: SourceLocation(file: file, line: lineNumber, column: min(fields.count, header.count) + 1))
        }
        records.append(Record(line: lineNumber, fields: fields))
      } else {
        header = fields
        headerLine = lineNumber
      }
    }
    guard let header else {
      throw CSVRecordsError("the file has no header row", at: SourceLocation(file: file, line: 1, column: 1))
    }
    return CSVRecords(file: file, header: header, headerLine: headerLine, records: records, metadata: metadata)
  }

  /// Reads and parses the file at `path`.
  public static func read(path: String) throws -> CSVRecords {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CSVRecordsError("cannot read the file", at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CSVRecordsError("the file is not UTF-8 text", at: SourceLocation(file: path))
    }
    return try parse(text, file: path)
  }

  /// The 0-based index of each of `names` in the header, or an error at the header naming the
  /// first missing column and the expected layout.
  public func columns(_ names: [String], expected layout: String) throws -> [Int] {
    try names.map { name in
      guard let index = header.firstIndex(of: name) else {
        throw CSVRecordsError(
          "missing column '\(name)' in the header; expected \(layout)",
          at: SourceLocation(file: file, line: headerLine, column: 1))
      }
      return index
    }
  }

  /// The location of field `column` (0-based) of `record`, as `file:line:field` (1-based).
  public func location(_ record: Record, column: Int) -> SourceLocation {
    SourceLocation(file: file, line: record.line, column: column + 1)
  }

  static func split(_ line: Substring, file: String, line number: Int) throws -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var index = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      if quoted {
        if character == "\"" {
          let next = line.index(after: index)
          if next < line.endIndex, line[next] == "\"" {
            current.append("\"")
            index = next
          } else {
            quoted = false
          }
        } else {
          current.append(character)
        }
      } else if character == "," {
        fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        current = ""
        wasQuoted = false
      } else if character == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
        quoted = true
        wasQuoted = true
        current = ""
      } else {
        current.append(character)
      }
      index = line.index(after: index)
    }
    guard !quoted else {
      throw CSVRecordsError(
        "unterminated quoted field (a quoted field cannot span lines)",
        at: SourceLocation(file: file, line: number, column: fields.count + 1))
    }
    fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
    return fields
  }
}

/// A problem in a CSV input file, at `file:line:field`.
public struct CSVRecordsError: DiagnosticError, Equatable {
  public var location: SourceLocation
  public var message: String
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
}
