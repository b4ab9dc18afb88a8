/// A GitHub-flavoured Markdown pipe table: the one table writer behind every Markdown output
/// (table exports, coverage, lint rule documentation, assembly reports).
///
///     | form | candidates |
///     | --- | ---: |
///     | form-a | 3000 |
///
/// Every cell is escaped (`|` → `\|`, a line break → a space) so that no value can break the
/// table's columns. Rendering is O(total characters).
public struct MarkdownTable: Sendable {
  /// How a column's cells are aligned: `---` (left, the Markdown default) or `---:` (right).
  public enum Alignment: Sendable {
    case left, right

    var rule: String { self == .left ? "---" : "---:" }
  }

  /// The header cells.
  public var header: [String]
  /// One alignment per column.
  public var alignments: [Alignment]
  /// The body rows; a row shorter than the header is padded with empty cells, a longer one keeps
  /// its extra cells (Markdown renderers drop them).
  public var rows: [[String]]

  /// A table with `header`, `alignments` (one per column; missing ones are left) and `rows`.
  public init(header: [String], alignments: [Alignment] = [], rows: [[String]] = []) {
    self.header = header
    self.alignments = header.indices.map { $0 < alignments.count ? alignments[$0] : .left }
    self.rows = rows
  }

  /// A table whose first column is left-aligned and every other column right-aligned (labels,
  /// then numbers).
  public static func labelled(header: [String], rows: [[String]] = []) -> MarkdownTable {
    MarkdownTable(header: header, alignments: header.indices.map { $0 == 0 ? .left : .right }, rows: rows)
  }

  /// Appends a body row.
  public mutating func append(_ row: [String]) { rows.append(row) }

  /// `cell` with `|` escaped and line breaks replaced by spaces.
  public static func escape(_ cell: String) -> String {
    cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ")
      .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
  }

  /// The table as Markdown lines, each ending in a line break.
  public func rendered() -> String {
    var text = Self.line(header)
    text += "| " + alignments.map(\.rule).joined(separator: " | ") + " |\n"
    for row in rows {
      let padded = row.count < header.count ? row + Array(repeating: "", count: header.count - row.count) : row
      text += Self.line(padded)
    }
    return text
  }

  private static func line(_ cells: [String]) -> String {
    "| " + cells.map(escape).joined(separator: " | ") + " |\n"
  }
}
