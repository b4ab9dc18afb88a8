import Foundation
import ItemBenchCore

/// A problem with a candidate-scoring input, at `file:line:column` where one is known.
public struct CandidateScoringError: DiagnosticError, Equatable {
  public var location: SourceLocation?
  public var message: String
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
}

/// One raw score of a conversion table as `itembench scale-table` writes it.
public struct ConversionTableEntry: Sendable, Hashable {
  public var raw: Int
  /// The reported scaled score as written in the table (so reports repeat it exactly).
  public var scaledText: String
  public var scaled: Double
  public var pass: Bool
  public var csem: Double
}

/// A form's raw-to-scale conversion table read back from the CSV or JSON that
/// `itembench scale-table` (and the cycle) write: columns raw, scaled, pass, csem (theta and
/// equated are read past) and the metadata lines.
public struct ScoreConversionTable: Sendable, Hashable {
  public var source: String
  /// One entry per raw score 0…n.
  public var entries: [ConversionTableEntry] {
    didSet { scaledDecimals = Self.scaledDecimals(of: entries) }
  }
  public var metadata: [String: String]
  /// The number of decimals of the reported scores (the most written in the scaled column),
  /// kept with the entries: every candidate's score is formatted with it, so computing it per
  /// call would cost O(n) per candidate.
  public private(set) var scaledDecimals: Int
  public var form: String? { metadata["form"] }
  public var baseForm: String? { metadata["base_form"] }
  /// The form's maximum raw score (the last row).
  public var maximumRaw: Int { entries.count - 1 }

  /// The reporting range from `scale_range` ("200-350"), if present.
  public var range: ClosedRange<Double>? {
    guard let text = metadata["scale_range"],
      let match = text.firstMatch(of: /^(-?[0-9.]+)-(-?[0-9.]+)$/), let low = Double(match.1),
      let high = Double(match.2), low <= high
    else { return nil }
    return low...high
  }

  /// The θ cut on the base scale from the `cut` metadata ("raw 30 on the base form (theta
  /// -0.0326)" or "theta 0.3 on the base scale (…)"), nil when absent or infinite.
  public var thetaCut: Double? {
    guard let text = metadata["cut"], let match = text.firstMatch(of: /theta (-?[0-9]+(\.[0-9]+)?)/) else { return nil }
    return Double(match.1)
  }

  static func scaledDecimals(of entries: [ConversionTableEntry]) -> Int {
    entries.map { entry in
      entry.scaledText.firstIndex(of: ".").map {
        entry.scaledText.distance(from: $0, to: entry.scaledText.endIndex) - 1
      } ?? 0
    }.max() ?? 0
  }

  public func entry(raw: Int) -> ConversionTableEntry? { raw >= 0 && raw < entries.count ? entries[raw] : nil }

  /// Parses table text: JSON when it starts with `{`, else CSV.
  ///
  /// - Throws: ``CandidateScoringError`` when a column is missing, a value has the wrong type,
  ///   or the raw scores are not 0, 1, …, n in order.
  public static func parse(_ text: String, file: String) throws -> ScoreConversionTable {
    let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
    return trimmed.hasPrefix("{") ? try parseJSON(text, file: file) : try parseCSV(text, file: file)
  }

  public static func read(path: String) throws -> ScoreConversionTable {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CandidateScoringError("cannot read the conversion table", at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CandidateScoringError("the conversion table is not UTF-8 text", at: SourceLocation(file: path))
    }
    return try parse(text, file: path)
  }

  static func parseCSV(_ text: String, file: String) throws -> ScoreConversionTable {
    let csv: CSVRecords
    do { csv = try CSVRecords.parse(text, file: file) } catch let error as CSVRecordsError {
      throw CandidateScoringError(error.message, at: error.location)
    }
    let layout = "raw,theta,equated,scaled,pass,csem (the table itembench scale-table writes)"
    let columns: [Int]
    do { columns = try csv.columns(["raw", "scaled", "pass", "csem"], expected: layout) } catch let error
      as CSVRecordsError
    {
      throw CandidateScoringError(error.message, at: error.location)
    }
    var entries: [ConversionTableEntry] = []
    for record in csv.records {
      let location = { (column: Int) in csv.location(record, column: column) }
      guard let raw = Int(record.fields[columns[0]]) else {
        throw CandidateScoringError(
          "expected a whole raw score, found '\(record.fields[columns[0]])'", at: location(columns[0]))
      }
      let scaledText = record.fields[columns[1]]
      guard let scaled = Double(scaledText), scaled.isFinite else {
        throw CandidateScoringError("expected a number for scaled, found '\(scaledText)'", at: location(columns[1]))
      }
      let passText = record.fields[columns[2]]
      guard passText == "true" || passText == "false" else {
        throw CandidateScoringError("expected pass to be true or false, found '\(passText)'", at: location(columns[2]))
      }
      guard let csem = Double(record.fields[columns[3]]), csem.isFinite, csem >= 0 else {
        throw CandidateScoringError(
          "expected a non-negative number for csem, found '\(record.fields[columns[3]])'", at: location(columns[3]))
      }
      guard raw == entries.count else {
        throw CandidateScoringError(
          "expected raw score \(entries.count) on this row (raw scores 0, 1, …, n in order), found \(raw)",
          at: location(columns[0]))
      }
      entries.append(
        ConversionTableEntry(raw: raw, scaledText: scaledText, scaled: scaled, pass: passText == "true", csem: csem))
    }
    guard !entries.isEmpty else {
      throw CandidateScoringError(
        "the conversion table has no rows", at: SourceLocation(file: file, line: csv.headerLine, column: 1))
    }
    return ScoreConversionTable(
      source: file, entries: entries,
      metadata: Dictionary(csv.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
  }

  public init(source: String, entries: [ConversionTableEntry], metadata: [String: String]) {
    self.source = source
    self.entries = entries
    self.metadata = metadata
    self.scaledDecimals = Self.scaledDecimals(of: entries)
  }

  /// The table from an in-memory ``DataTable`` with the scale-table columns (what
  /// `ConversionTable.dataTable()` of the Equating module returns), for callers such as the exam
  /// cycle that have just built it. The cells are read as the CSV exporter would write them.
  public init(dataTable: DataTable, source: String) throws {
    let text = try CSVExporter().export(dataTable)
    self = try Self.parseCSV(text, file: source)
  }

  private struct JSONTable: Decodable {
    struct Row: Decodable {
      var raw: Int
      var scaled: Double
      var pass: Bool
      var csem: Double
    }
    var metadata: [String: String]?
    var rows: [Row]
  }

  static func parseJSON(_ text: String, file: String) throws -> ScoreConversionTable {
    let table: JSONTable
    do { table = try JSONDecoder().decode(JSONTable.self, from: Data(text.utf8)) } catch let DecodingError.typeMismatch(
      type, context),
      let DecodingError.valueNotFound(type, context)
    {
      throw CandidateScoringError(
        "\(path(context.codingPath)): expected \(type == Bool.self ? "true or false" : type == Int.self ? "a whole number" : "a number")",
        at: SourceLocation(file: file))
    } catch let DecodingError.keyNotFound(key, context) {
      throw CandidateScoringError(
        "\(path(context.codingPath + [key])): missing (expected rows with raw, scaled, pass, csem)",
        at: SourceLocation(file: file))
    } catch {
      throw CandidateScoringError(
        "invalid JSON: expected the table itembench scale-table writes ({\"metadata\": …, \"rows\": [{\"raw\", \"scaled\", \"pass\", \"csem\"}]})",
        at: SourceLocation(file: file))
    }
    var entries: [ConversionTableEntry] = []
    for (index, row) in table.rows.enumerated() {
      guard row.raw == index else {
        throw CandidateScoringError(
          "rows[\(index)]: expected raw = \(index) (raw scores 0, 1, …, n in order), found \(row.raw)",
          at: SourceLocation(file: file))
      }
      guard row.scaled.isFinite, row.csem.isFinite, row.csem >= 0 else {
        throw CandidateScoringError(
          "rows[\(index)]: expected a finite scaled score and a non-negative csem", at: SourceLocation(file: file))
      }
      let value = row.scaled
      let scaledText = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : trimmedDecimal(value)
      entries.append(
        ConversionTableEntry(raw: row.raw, scaledText: scaledText, scaled: value, pass: row.pass, csem: row.csem))
    }
    guard !entries.isEmpty else {
      throw CandidateScoringError("the conversion table has no rows", at: SourceLocation(file: file))
    }
    return ScoreConversionTable(source: file, entries: entries, metadata: table.metadata ?? [:])
  }

  private static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
      in: CharacterSet(charactersIn: "."))
  }

  static func trimmedDecimal(_ value: Double) -> String {
    var text = formatDecimal(value, places: 4)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
