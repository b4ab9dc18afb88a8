/// A position in a source file: 1-based line and column, as editors and `file:line:column` expect.
///
/// Columns count Unicode scalars, the same unit libyaml (and therefore Yams' `Mark`) uses.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The file path as the user gave it (relative paths stay relative, so output is portable).
  public var file: String
  /// Line number, starting at 1. `0` means "the whole file".
  public var line: Int
  /// Column number, starting at 1. `0` means "the whole line".
  public var column: Int

  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, omitting the parts that are unknown.
  public var description: String {
    if line <= 0 { return file }
    if column <= 0 { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}
