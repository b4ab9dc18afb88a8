import ItemBenchCore

/// Exports a ``DataTable`` as a LaTeX `tabular` in the `booktabs` style, for technical reports.
///
/// Output: the table name and metadata as `%` comment lines, then
/// `\begin{tabular}{…}`, `\toprule`, the header row, `\midrule`, one row per table row,
/// `\bottomrule`, `\end{tabular}`. A column is right-aligned (`r`) when every cell in it is a
/// number (integer or decimal) or missing, left-aligned (`l`) otherwise. The ten LaTeX special
/// characters are escaped (`\ & % $ # _ { } ~ ^`). Deterministic: the same table gives the
/// same text.
///
/// Needs `\usepackage{booktabs}` in the document preamble.
///
/// - Complexity: O(number of cells).
public struct LaTeXTableExporter: TableExporter {
  public init() {}

  public var formatName: String { "latex" }
  public var fileExtension: String { "tex" }

  public func export(_ table: DataTable) throws -> String {
    var text = "% \(Self.commentSafe(table.name))\n"
    for (key, value) in table.metadata {
      text += "% \(Self.commentSafe(key)): \(Self.commentSafe(value))\n"
    }
    let alignment = table.columns.indices.map { column in
      table.rows.allSatisfy { row in
        guard column < row.count else { return true }
        switch row[column] {
        case .integer, .decimal, .missing: return true
        case .text, .boolean: return false
        }
      } ? "r" : "l"
    }
    text += "\\begin{tabular}{\(alignment.joined())}\n"
    text += "\\toprule\n"
    text += table.columns.map(Self.escape).joined(separator: " & ") + " \\\\\n"
    text += "\\midrule\n"
    for row in table.rows {
      text += row.map { Self.escape($0.plainText) }.joined(separator: " & ") + " \\\\\n"
    }
    text += "\\bottomrule\n"
    text += "\\end{tabular}\n"
    return text
  }

  /// `value` with the LaTeX special characters escaped and newlines replaced by spaces.
  public static func escape(_ value: String) -> String {
    var escaped = ""
    for character in value {
      switch character {
      case "\\": escaped += "\\textbackslash{}"
      case "&", "%", "$", "#", "_", "{", "}": escaped += "\\\(character)"
      case "~": escaped += "\\textasciitilde{}"
      case "^": escaped += "\\textasciicircum{}"
      case "\n", "\r", "\r\n": escaped += " "
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// `value` on one line, for a `%` comment.
  private static func commentSafe(_ value: String) -> String {
    String(value.map { $0.isNewline ? " " : $0 })
  }
}
