import Foundation
import ItemBenchCore
import TechnicalReport

/// What `itembench report --cycle-output DIR` reads from a program run's output besides the
/// parameter files: the anchor drift history over every administration (`DIR/drift-history.csv`)
/// and, for the report's forms, the pre- and post-equated reported scores
/// (`DIR/<administration>/pre-vs-post.csv`, latest administration of each form). Both files are
/// optional; a file that is there but malformed is an error at its row and column.
enum ReportCycleOutput {
  /// `drift-history.csv`: columns administration, anchor, b_displacement, flagged.
  static func driftHistory(directory: String) throws -> [DriftHistoryPoint] {
    let path = (directory as NSString).appendingPathComponent("drift-history.csv")
    guard let csv = try records(path) else { return [] }
    let columns = try csv.columns(
      ["administration", "anchor", "b_displacement", "flagged"],
      expected: "the drift-history.csv itembench cycle writes")
    return try csv.records.map { record in
      let displacement = record.fields[columns[2]]
      guard let value = Double(displacement), value.isFinite else {
        throw CSVRecordsError(
          "expected a number for b_displacement, found '\(displacement)'", at: csv.location(record, column: columns[2]))
      }
      let flagged = record.fields[columns[3]]
      guard flagged == "true" || flagged == "false" else {
        throw CSVRecordsError(
          "expected flagged to be true or false, found '\(flagged)'", at: csv.location(record, column: columns[3]))
      }
      return DriftHistoryPoint(
        administration: record.fields[columns[0]], itemID: record.fields[columns[1]], bDisplacement: value,
        flagged: flagged == "true")
    }
  }

  /// Every `DIR/*/pre-vs-post.csv` whose `# form:` is one of `forms`, in the order of `forms`
  /// (the administration folders in name order; a later one replaces an earlier one of the same
  /// form).
  static func preEquating(directory: String, forms: [String]) throws -> [PreEquatingComparison] {
    let folders = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    var byForm: [String: PreEquatingComparison] = [:]
    for folder in folders where !folder.hasPrefix(".") {
      let path = (directory as NSString).appendingPathComponent("\(folder)/pre-vs-post.csv")
      guard let csv = try records(path), let form = csv.metadata.first(where: { $0.key == "form" })?.value,
        forms.contains(form)
      else { continue }
      let columns = try csv.columns(
        ["raw", "pre_scaled", "post_scaled"], expected: "the pre-vs-post.csv itembench cycle writes")
      let rows = try csv.records.map { record -> (raw: Int, pre: Double, post: Double) in
        func number(_ index: Int) throws -> Double {
          guard let value = Double(record.fields[columns[index]]), value.isFinite else {
            throw CSVRecordsError(
              "expected a number, found '\(record.fields[columns[index]])'",
              at: csv.location(record, column: columns[index]))
          }
          return value
        }
        guard let raw = Int(record.fields[columns[0]]) else {
          throw CSVRecordsError(
            "expected a whole raw score, found '\(record.fields[columns[0]])'",
            at: csv.location(record, column: columns[0]))
        }
        return (raw, try number(1), try number(2))
      }
      byForm[form] = PreEquatingComparison(formID: form, rows: rows)
    }
    return forms.compactMap { byForm[$0] }
  }

  private static func records(_ path: String) throws -> CSVRecords? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CSVRecordsError("not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
    }
    return try CSVRecords.parse(text, file: path)
  }
}
