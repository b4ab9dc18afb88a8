/// The starting point for a new item (`itembench new`).
public enum ItemTemplate {
  /// The id prefix for a domain: the initials of a hyphenated id (`supply-chains-strategy` →
  /// `SCS`), or the first three letters of a single word (`inventory` → `INV`), upper-cased.
  public static func prefix(forDomain domain: String) -> String {
    let words = domain.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
    if words.count > 1 { return String(words.compactMap(\.first)).uppercased() }
    return String(domain.prefix(3)).uppercased()
  }

  /// `PREFIX-NNNN` with the number one above the highest existing id of that prefix.
  public static func nextID(forDomain domain: String, existing: [String]) -> String {
    let prefix = prefix(forDomain: domain) + "-"
    var highest = 0
    for id in existing where id.hasPrefix(prefix) {
      if let number = Int(id.dropFirst(prefix.count)) { highest = max(highest, number) }
    }
    let number = String(highest + 1)
    return prefix + String(repeating: "0", count: max(0, 4 - number.count)) + number
  }

  /// The template's placeholder texts, which the `template-placeholder` lint rule reports until
  /// the author replaces them (whatever the item's status).
  public static let placeholders = [
    "Write the question here.", "First option", "Second option", "Third option", "Fourth option",
    "Why the key is correct.", "Why B is wrong.", "Why C is wrong.", "Why D is wrong.",
    "Textbook, chapter or standard topic",
  ]

  /// A draft item in format 1 with every field present, for the author to fill in.
  public static func text(id: String, domain: String, level: String) -> String {
    """
    # New item. Replace the text of stem, options, key, rationale and references, then set
    # status to review when it is ready. Format: docs/formats.md
    format: 1
    id: \(id)
    version: 1
    status: draft
    domain: \(domain)
    cognitive_level: \(level)
    stem: |
      Write the question here. End with a question mark, or with a colon if it is completed by
      the options?
    options:
      A: First option
      B: Second option
      C: Third option
      D: Fourth option
    key: A
    rationale:
      key: Why the key is correct.
      distractors:
        B: Why B is wrong.
        C: Why C is wrong.
        D: Why D is wrong.
    references:
      - Textbook, chapter or standard topic
    enemies: []
    authors: []
    reviewers: []
    tags: []

    """
  }
}
