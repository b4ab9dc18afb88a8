/// Renders rows as a fixed-width plain-text table for terminals: the first column left-aligned,
/// the others right-aligned, a rule under the header.
public enum TextTable {
  public static func render(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
        return index == 0 ? cell + padding : padding + cell
      }.joined(separator: "  ")
    }
    var text = line(header) + "\n"
    text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    for row in rows { text += line(row) + "\n" }
    return text
  }
}
