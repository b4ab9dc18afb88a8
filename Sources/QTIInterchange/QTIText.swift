/// How item text travels between ItemBench's plain text and QTI's XHTML.
///
/// ItemBench text is plain: paragraphs separated by blank lines, lines within a paragraph kept.
/// Export writes each paragraph as one `<p>` whose text keeps the paragraph's line breaks (they
/// render as spaces). Import reads paragraphs (`<p>`, `<div>`, or bare text) back, with each line
/// trimmed and empty lines dropped. The text that survives the trip is ``normalized(_:)``: the
/// same paragraphs and lines, without leading or trailing spaces on any line and without
/// leading or trailing blank lines.
public enum QTIText {
  /// The paragraphs of `text`: runs of non-blank lines, each line with surrounding spaces and
  /// tabs removed.
  public static func paragraphs(_ text: String) -> [String] {
    var paragraphs: [String] = []
    var lines: [Substring] = []
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = trimmed(rawLine)
      if line.isEmpty {
        if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
        lines = []
      } else {
        lines.append(line)
      }
    }
    if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
    return paragraphs
  }

  /// `text` as it comes back from a QTI round trip: ``paragraphs(_:)`` joined by blank lines.
  public static func normalized(_ text: String) -> String {
    paragraphs(text).joined(separator: "\n\n")
  }

  static func trimmed(_ text: Substring) -> Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return text[first...last]
  }
}
