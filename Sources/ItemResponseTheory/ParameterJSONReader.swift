import Foundation
import ItemBenchCore

/// The strict value readers shared by the parameter-file JSON parsers (``ParameterFile`` and
/// ``MixedFormatParameterFile``): each problem is a ``ParameterFileError`` at the line and column
/// of the value (or key) at fault, and a value of the wrong type is an error, never a default.
struct ParameterJSONReader {
  let file: String

  /// Parses `text`, turning a syntax error into a located ``ParameterFileError``.
  func parse(_ text: String) throws -> LocatedJSON {
    do {
      return try LocatedJSON.parse(text)
    } catch let error as LocatedJSON.SyntaxError {
      throw ParameterFileError(
        "invalid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))
    }
  }

  func at(_ value: LocatedJSON) -> SourceLocation {
    SourceLocation(file: file, line: value.line, column: value.column)
  }

  func fail(_ message: String, _ value: LocatedJSON) -> ParameterFileError {
    ParameterFileError(message, at: at(value))
  }

  /// Throws at the first key of `object` not in `known`, with a suggestion.
  func checkKeys(_ object: LocatedJSON, known: [String], context: String) throws {
    for member in object.members ?? [] where !known.contains(member.key) {
      throw ParameterFileError(
        "unknown key \"\(member.key)\" in \(context)\(EditDistance.didYouMean(member.key, among: known)); expected one of \(known.joined(separator: ", "))",
        at: SourceLocation(file: file, line: member.keyLine, column: member.keyColumn))
    }
  }

  /// The number at `value`; nil when absent (or null, when `nullable`).
  func number(_ value: LocatedJSON?, _ name: String, nullable: Bool = true) throws -> Double? {
    guard let value else { return nil }
    if value.isNull && nullable { return nil }
    guard let number = value.number else {
      throw fail("expected '\(name)' to be a number, found \(value.kindDescription)", value)
    }
    return number
  }

  /// The text at `value`; nil when absent.
  func text(_ value: LocatedJSON?, _ name: String) throws -> String? {
    guard let value else { return nil }
    guard let text = value.string else {
      throw fail("expected '\(name)' to be text, found \(value.kindDescription)", value)
    }
    return text
  }
}
