import Foundation
import ItemBenchCore

/// A problem with a standard-setting input or computation. Input errors carry the location
/// (`file:line:field`) of the value at fault.
public struct StandardSettingError: DiagnosticError, Equatable {
  public var location: SourceLocation?
  public var message: String
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
}

/// One rater's modified-Angoff rating of one item in one round: the probability that a
/// minimally competent (borderline) candidate answers the item correctly.
public struct AngoffRating: Sendable, Hashable {
  public var rater: String
  public var round: Int
  public var item: String
  public var rating: Double
  public var location: SourceLocation?
  public init(rater: String, round: Int, item: String, rating: Double, location: SourceLocation? = nil) {
    self.rater = rater
    self.round = round
    self.item = item
    self.rating = rating
    self.location = location
  }
}

/// One rater's Bookmark placement in one round: `page` (1-based) of the ordered item booklet is
/// the last page a borderline candidate answers correctly with at least the response probability.
public struct BookmarkPlacement: Sendable, Hashable {
  public var rater: String
  public var round: Int
  public var page: Int
  public var location: SourceLocation?
  public init(rater: String, round: Int, page: Int, location: SourceLocation? = nil) {
    self.rater = rater
    self.round = round
    self.page = page
    self.location = location
  }
}

/// One rater's Hofstee judgements: the lowest and highest acceptable cut (percent correct of the
/// form's scored items) and the lowest and highest acceptable fail rate (percent of candidates).
public struct HofsteeJudgement: Sendable, Hashable {
  public var rater: String
  public var minimumCutPercent: Double
  public var maximumCutPercent: Double
  public var minimumFailPercent: Double
  public var maximumFailPercent: Double
  public init(
    rater: String, minimumCutPercent: Double, maximumCutPercent: Double, minimumFailPercent: Double,
    maximumFailPercent: Double
  ) {
    self.rater = rater
    self.minimumCutPercent = minimumCutPercent
    self.maximumCutPercent = maximumCutPercent
    self.minimumFailPercent = minimumFailPercent
    self.maximumFailPercent = maximumFailPercent
  }
}

/// Readers for the panel files (CSV, header row first; `#` lines and blank lines skipped).
///
/// - Angoff: `rater,round,item,rating` — rating a probability in [0, 1], round a whole number ≥ 1.
/// - Bookmark: `rater,round,page` — page a whole number 1…n of the ordered item booklet.
/// - Hofstee: `rater,min_cut_percent,max_cut_percent,min_fail_percent,max_fail_percent`.
///
/// Every rater/round pair and every rater may appear once per item (Angoff) or once (Bookmark,
/// Hofstee); duplicates are errors naming the first occurrence.
public enum PanelFiles {
  public static let angoffLayout = "rater,round,item,rating"
  public static let bookmarkLayout = "rater,round,page"
  public static let hofsteeLayout = "rater,min_cut_percent,max_cut_percent,min_fail_percent,max_fail_percent"

  public static func angoffRatings(_ text: String, file: String) throws -> [AngoffRating] {
    let csv = try records(text, file: file)
    let columns = try headerColumns(csv, ["rater", "round", "item", "rating"], expected: angoffLayout)
    var seen: [String: Int] = [:]
    var ratings: [AngoffRating] = []
    for record in csv.records {
      let rater = try name(record, columns[0], csv, "rater")
      let round = try whole(record, columns[1], csv, "round", minimum: 1)
      let item = try name(record, columns[2], csv, "item")
      let rating = try number(
        record, columns[3], csv, "rating", range: 0...1, expected: "a probability between 0 and 1")
      let key = "\(rater)\u{0}\(round)\u{0}\(item)"
      if let first = seen[key] {
        throw StandardSettingError(
          "duplicate rating of item '\(item)' by rater '\(rater)' in round \(round) (first on line \(first))",
          at: csv.location(record, column: columns[2]))
      }
      seen[key] = record.line
      ratings.append(
        AngoffRating(
          rater: rater, round: round, item: item, rating: rating, location: csv.location(record, column: columns[2])))
    }
    guard !ratings.isEmpty else {
      throw StandardSettingError(
        "no ratings in the file; expected rows \(angoffLayout)",
        at: SourceLocation(file: file, line: csv.headerLine, column: 1))
    }
    return ratings
  }

  public static func bookmarkPlacements(_ text: String, file: String) throws -> [BookmarkPlacement] {
    let csv = try records(text, file: file)
    let columns = try headerColumns(csv, ["rater", "round", "page"], expected: bookmarkLayout)
    var seen: [String: Int] = [:]
    var placements: [BookmarkPlacement] = []
    for record in csv.records {
      let rater = try name(record, columns[0], csv, "rater")
      let round = try whole(record, columns[1], csv, "round", minimum: 1)
      let page = try whole(record, columns[2], csv, "page", minimum: 1)
      let key = "\(rater)\u{0}\(round)"
      if let first = seen[key] {
        throw StandardSettingError(
          "duplicate placement by rater '\(rater)' in round \(round) (first on line \(first))",
          at: csv.location(record, column: columns[0]))
      }
      seen[key] = record.line
      placements.append(
        BookmarkPlacement(rater: rater, round: round, page: page, location: csv.location(record, column: columns[2])))
    }
    guard !placements.isEmpty else {
      throw StandardSettingError(
        "no placements in the file; expected rows \(bookmarkLayout)",
        at: SourceLocation(file: file, line: csv.headerLine, column: 1))
    }
    return placements
  }

  public static func hofsteeJudgements(_ text: String, file: String) throws -> [HofsteeJudgement] {
    let csv = try records(text, file: file)
    let names = ["rater", "min_cut_percent", "max_cut_percent", "min_fail_percent", "max_fail_percent"]
    let columns = try headerColumns(csv, names, expected: hofsteeLayout)
    var seen: [String: Int] = [:]
    var judgements: [HofsteeJudgement] = []
    for record in csv.records {
      let rater = try name(record, columns[0], csv, "rater")
      var values: [Double] = []
      for index in 1..<5 {
        values.append(
          try number(
            record, columns[index], csv, names[index], range: 0...100, expected: "a percentage between 0 and 100"))
      }
      guard values[0] <= values[1] else {
        throw StandardSettingError(
          "expected min_cut_percent ≤ max_cut_percent; got \(values[0]) > \(values[1])",
          at: csv.location(record, column: columns[1]))
      }
      guard values[2] <= values[3] else {
        throw StandardSettingError(
          "expected min_fail_percent ≤ max_fail_percent; got \(values[2]) > \(values[3])",
          at: csv.location(record, column: columns[3]))
      }
      if let first = seen[rater] {
        throw StandardSettingError(
          "duplicate judgements by rater '\(rater)' (first on line \(first))",
          at: csv.location(record, column: columns[0]))
      }
      seen[rater] = record.line
      judgements.append(
        HofsteeJudgement(
          rater: rater, minimumCutPercent: values[0], maximumCutPercent: values[1], minimumFailPercent: values[2],
          maximumFailPercent: values[3]))
    }
    guard !judgements.isEmpty else {
      throw StandardSettingError(
        "no judgements in the file; expected rows \(hofsteeLayout)",
        at: SourceLocation(file: file, line: csv.headerLine, column: 1))
    }
    return judgements
  }

  /// Reads a file's text, turning an unreadable or non-UTF-8 file into an error naming it.
  public static func text(path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw StandardSettingError("cannot read the file", at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw StandardSettingError("the file is not UTF-8 text", at: SourceLocation(file: path))
    }
    return text
  }

  // MARK: Fields

  private static func records(_ text: String, file: String) throws -> CSVRecords {
    do { return try CSVRecords.parse(text, file: file) } catch let error as CSVRecordsError {
      throw StandardSettingError(error.message, at: error.location)
    }
  }

  private static func headerColumns(_ csv: CSVRecords, _ names: [String], expected layout: String) throws -> [Int] {
    do { return try csv.columns(names, expected: layout) } catch let error as CSVRecordsError {
      throw StandardSettingError(error.message, at: error.location)
    }
  }

  private static func name(_ record: CSVRecords.Record, _ column: Int, _ csv: CSVRecords, _ field: String) throws
    -> String
  {
    let value = record.fields[column]
    guard !value.isEmpty else {
      throw StandardSettingError("empty '\(field)'; expected an identifier", at: csv.location(record, column: column))
    }
    return value
  }

  private static func whole(
    _ record: CSVRecords.Record, _ column: Int, _ csv: CSVRecords, _ field: String, minimum: Int
  ) throws -> Int {
    let value = record.fields[column]
    guard let number = Int(value), number >= minimum, number <= 1_000_000 else {
      throw StandardSettingError(
        "invalid \(field) '\(value)'; expected a whole number of at least \(minimum)",
        at: csv.location(record, column: column))
    }
    return number
  }

  private static func number(
    _ record: CSVRecords.Record, _ column: Int, _ csv: CSVRecords, _ field: String, range: ClosedRange<Double>,
    expected: String
  ) throws -> Double {
    let value = record.fields[column]
    guard let number = Double(value), number.isFinite, range.contains(number) else {
      throw StandardSettingError(
        "invalid \(field) '\(value)'; expected \(expected)", at: csv.location(record, column: column))
    }
    return number
  }
}
