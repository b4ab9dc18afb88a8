import Foundation
import ItemBenchCore

/// Candidate group variables kept as columns of the responses file itself (docs/dif.md,
/// "Group columns in the responses file"), instead of a separate candidates file.
///
/// The named columns are taken out of the response CSV: they become a ``CandidateFile`` (the
/// first column is the candidate id, as in every response file) and the rest is returned as
/// response text for `ResponseReader`, with every line where it was (so errors keep their line
/// numbers; a field after a removed column is one field further left than in the file). Comment
/// and blank lines are kept as they are. Fields are split as a candidates file's are (RFC 4180
/// quotes, trimmed); a kept field that needs quoting is quoted again.
///
/// Complexity: O(file size).
extension CandidateFile {
  public static func extract(groupColumns names: [String], fromResponses text: String, file: String) throws -> (
    candidates: CandidateFile, responses: String
  ) {
    var body = Substring(text)
    if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
    var columns: [Int]?
    var kept: [String] = []
    var candidateRows: [String] = []
    var lineNumber = 0
    for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      var line = rawLine
      if line.hasSuffix("\r") { line = line.dropLast() }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") {
        kept.append(String(line))
        candidateRows.append(trimmed.isEmpty ? "" : "#")
        continue
      }
      let fields = try splitFields(line, file: file, line: lineNumber)
      guard let indices = columns else {
        var indices: [Int] = []
        for name in names {
          guard let index = fields.firstIndex(of: name), index > 0 else {
            throw CandidateFileError(
              "no group column '\(name)' in the responses' header\(EditDistance.didYouMean(name, among: Array(fields.dropFirst())))",
              at: SourceLocation(file: file, line: lineNumber, column: 1))
          }
          guard !indices.contains(index) else {
            throw CandidateFileError(
              "group column '\(name)' is named twice",
              at: SourceLocation(file: file, line: lineNumber, column: index + 1))
          }
          indices.append(index)
        }
        columns = indices
        kept.append(join(fields.enumerated().filter { !indices.contains($0.offset) }.map(\.element)))
        candidateRows.append(join([fields[0]] + indices.map { fields[$0] }))
        continue
      }
      guard let last = indices.max(), fields.count > last else {
        throw CandidateFileError(
          "row has \(fields.count) fields; the group column(s) \(names.joined(separator: ", ")) are missing from it",
          at: SourceLocation(file: file, line: lineNumber, column: fields.count + 1))
      }
      kept.append(join(fields.enumerated().filter { !indices.contains($0.offset) }.map(\.element)))
      candidateRows.append(join([fields[0]] + indices.map { fields[$0] }))
    }
    guard columns != nil else {
      throw CandidateFileError(
        "the responses have no header row", at: SourceLocation(file: file, line: 1, column: 1))
    }
    let candidates = try parse(text: candidateRows.joined(separator: "\n") + "\n", file: file)
    return (candidates, kept.joined(separator: "\n") + "\n")
  }

  /// Fields joined with commas, quoted where a comma, quote or line break needs it.
  private static func join(_ fields: [String]) -> String {
    fields.map { field in
      field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",")
  }
}
