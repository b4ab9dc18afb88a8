import Foundation

/// Builds the item files the built-in rules use as examples, so each example states only what
/// matters to its rule while still being a complete, valid item file (format 1).
public enum ExampleItem {
  /// An item file. `options` get the ids A, B, C, … in order; a multi-line `stem` is written as
  /// a literal block. `rationale` and `references` are left out when nil. `extra` lines are
  /// appended verbatim (for example `enemies: [INV-0002]`).
  public static func text(
    id: String = "INV-0001", domain: String = "inventory", stem: String, options: [String],
    key: String = "A", rationale: String? = "The key follows from the definition.",
    references: [String]? = ["APICS Dictionary, 16th edition"], extra: String = ""
  ) -> String {
    var text = "id: \(id)\nstatus: draft\ndomain: \(domain)\ncognitive_level: recall\n"
    text += stemLine(stem)
    text += "options:\n"
    for (index, option) in options.enumerated() {
      text += "  \(optionID(index)): \(scalar(option))\n"
    }
    text += "key: \(key)\n"
    text += closingLines(rationale: rationale, references: references, extra: extra)
    return text
  }

  /// A partial-credit item file (`type: partial-credit`): `rubrics` are the rubrics of the
  /// scores 0, 1, … in order, each written as ``scalar(_:)`` writes it; `rationale` (the scoring
  /// note) and `references` are left out when nil, `extra` lines appended verbatim.
  public static func partialCredit(
    id: String = "SCN-0001", domain: String = "inventory", stem: String, rubrics: [String],
    rationale: String? = nil, references: [String]? = ["APICS Dictionary, 16th edition"], extra: String = ""
  ) -> String {
    var text = "id: \(id)\nstatus: draft\ndomain: \(domain)\ncognitive_level: analysis\ntype: partial-credit\n"
    text += stemLine(stem)
    text += "score_categories:\n"
    for (score, rubric) in rubrics.enumerated() {
      text += "  - score: \(score)\n    rubric: \(scalar(rubric))\n"
    }
    text += closingLines(rationale: rationale, references: references, extra: extra)
    return text
  }

  /// `stem:` as a literal block when `stem` has several lines, else as a scalar.
  static func stemLine(_ stem: String) -> String {
    guard stem.contains("\n") else { return "stem: \(scalar(stem))\n" }
    return "stem: |\n"
      + stem.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
      + "\n"
  }

  /// The `rationale` and `references` lines (each left out when nil) and the `extra` lines.
  static func closingLines(rationale: String?, references: [String]?, extra: String) -> String {
    var text = ""
    if let rationale { text += "rationale: \(rationale)\n" }
    if let references { text += "references: [\(references.joined(separator: ", "))]\n" }
    if !extra.isEmpty { text += extra.hasSuffix("\n") ? extra : extra + "\n" }
    return text
  }

  /// A one-line item for bank-level examples (a list entry in flow style).
  public static func line(
    id: String, stem: String, options: [String] = ["One", "Two", "Three", "Four"], key: String = "A",
    extra: String = ""
  ) -> String {
    let optionText = options.enumerated().map { "\(optionID($0.offset)): \($0.element)" }.joined(separator: ", ")
    let more = extra.isEmpty ? "" : ", " + extra
    return "- {id: \(id), status: draft, domain: inventory, cognitive_level: recall, stem: \"\(stem)\", "
      + "options: {\(optionText)}, key: \(key), rationale: R, references: [Ref]\(more)}\n"
  }

  /// `text` as a YAML scalar: plain, or double-quoted when plain would change its meaning
  /// (a `: ` or ` #` inside, a final `:`, or a leading indicator character).
  public static func scalar(_ text: String) -> String {
    let plain = text.replacingOccurrences(of: "↓", with: "")
    let indicators: Set<Character> = [
      "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]
    let needsQuotes =
      plain.contains(": ") || plain.contains(" #") || plain.hasSuffix(":")
      || (plain.first.map { indicators.contains($0) } ?? true)
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// `A`, `B`, … for 0, 1, ….
  public static func optionID(_ index: Int) -> String {
    String(UnicodeScalar(UInt8(65 + index)))
  }
}
