import ItemBank

/// Writes an item as a YAML item file laid out as `itembench new` writes its template
/// (``ItemTemplate``): a comment, then `format`, `id`, `version`, `status`, `domain`,
/// `cognitive_level`, `stem` as a literal block, `options` as a mapping, `key`, `rationale`,
/// `references`, `enemies`, `authors`, `reviewers`, `tags`; optional fields (`subdomain`,
/// `task`, `shuffle`, `notes`) only when set. A partial-credit item has `type: partial-credit`
/// after `cognitive_level`, `score_categories` (a list of `score` and `rubric`) in place of
/// `options` and `key`, and its rationale (the scoring note) as text.
///
/// Scalars are written plain when YAML reads them back as the same text, else double-quoted
/// with escapes; multi-line text as a literal block (`|`, `|-` or `|+` by its final line
/// breaks, with an indentation indicator when it starts with a space).
public enum ItemYAMLWriter {
  public static func text(for item: Item, comment: [String]) -> String {
    var lines: [String] = comment.map { "# " + $0 }
    lines.append("format: 1")
    lines.append("id: " + scalar(item.id, indent: 0))
    lines.append("version: \(item.version)")
    lines.append("status: " + item.status.rawValue)
    lines.append("domain: " + scalar(item.domain, indent: 0))
    if let subdomain = item.subdomain { lines.append("subdomain: " + scalar(subdomain, indent: 0)) }
    if let task = item.task { lines.append("task: " + scalar(task, indent: 0)) }
    lines.append("cognitive_level: " + item.cognitiveLevel.rawValue)
    if item.responseType != .multipleChoice { lines.append("type: " + item.responseType.rawValue) }
    lines.append("stem: " + block(item.stem, indent: 2))
    switch item.responseType {
    case .multipleChoice:
      lines.append("options:")
      for option in item.options {
        lines.append("  " + scalar(option.id, indent: 2) + ": " + scalar(option.text, indent: 4))
      }
      lines.append("key: " + scalar(item.key, indent: 0))
    case .partialCredit:
      lines.append("score_categories:")
      for category in item.scoreCategories {
        lines.append("  - score: \(category.score)")
        lines.append("    rubric: " + scalar(category.rubric, indent: 6))
      }
    }
    if item.shuffle { lines.append("shuffle: true") }
    if item.responseType == .partialCredit {
      // A scoring note is text only.
      if let note = item.rationale.key { lines.append("rationale: " + scalar(note, indent: 2)) }
    } else if !item.rationale.isEmpty {
      lines.append("rationale:")
      if let key = item.rationale.key { lines.append("  key: " + scalar(key, indent: 4)) }
      if !item.rationale.distractors.isEmpty {
        lines.append("  distractors:")
        let order =
          item.options.map(\.id).filter { item.rationale.distractors[$0] != nil }
          + item.rationale.distractors.keys.filter { item.option($0) == nil }.sorted()
        for optionID in order {
          guard let rationale = item.rationale.distractors[optionID] else { continue }  // `order` has only keys
          lines.append("    " + scalar(optionID, indent: 4) + ": " + scalar(rationale, indent: 6))
        }
      }
    }
    func list(_ name: String, _ values: [String]) {
      if values.isEmpty {
        lines.append(name + ": []")
      } else {
        lines.append(name + ":")
        for value in values { lines.append("  - " + scalar(value, indent: 4)) }
      }
    }
    list("references", item.references)
    list("enemies", item.enemies)
    list("authors", item.authors)
    list("reviewers", item.reviewers)
    list("tags", item.tags)
    if let notes = item.notes { lines.append("notes: " + scalar(notes, indent: 2)) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` as a YAML value at `indent` (the indentation of continuation lines).
  static func scalar(_ text: String, indent: Int) -> String {
    if text.contains("\n") && text.unicodeScalars.allSatisfy(isBlockSafe) { return block(text, indent: indent) }
    if isPlainSafe(text) { return text }
    return doubleQuoted(text)
  }

  /// A literal block scalar; falls back to double quotes for text a block cannot hold.
  static func block(_ text: String, indent: Int) -> String {
    guard text.unicodeScalars.allSatisfy(isBlockSafe), !text.isEmpty else { return doubleQuoted(text) }
    var body = Substring(text)
    var trailing = 0
    while body.hasSuffix("\n") {
      body = body.dropLast()
      trailing += 1
    }
    guard !body.isEmpty else { return doubleQuoted(text) }
    let chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
    let padding = String(repeating: " ", count: indent)
    // The indentation indicator counts from the indentation of the node holding the value, and
    // every value here is indented two spaces more than the line its key (or `- `) starts: `2`,
    // not `indent` (which gave `|4` for an option and `|6` for a rubric, a parse error).
    let indicator = body.first == " " ? "2" : ""
    var output = "|" + indicator + chomp
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
      output += line.isEmpty ? "\n" : "\n" + padding + line
    }
    for _ in 1..<max(trailing, 1) { output += "\n" }
    return output
  }

  static func isBlockSafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: true
    case 0..<0x20, 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF: false
    default: true
    }
  }

  /// Whether `text` written plain reads back as the same string (YAML 1.1 resolution included:
  /// no booleans, nulls or numbers).
  static func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
    if first == " " || last == " " || last == ":" { return false }
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
    if text.contains(": ") || text.contains(" #") { return false }
    if !text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && isBlockSafe($0) }) { return false }
    let lower = text.lowercased()
    let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "="]
    if reserved.contains(lower) { return false }
    // Numbers, sexagesimals, .inf/.nan and timestamps (YAML 1.1) are quoted.
    if [".inf", "-.inf", "+.inf", ".nan"].contains(lower) { return false }
    let numeric = "0123456789+-.:_,eEtTzZ ".unicodeScalars
    if "0123456789+-.".unicodeScalars.contains(first), text.unicodeScalars.allSatisfy(numeric.contains) { return false }
    return true
  }

  static func doubleQuoted(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\t": output += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028
          || scalar.value == 0x2029 || scalar.value == 0xFEFF
        {
          output +=
            "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
            + String(scalar.value, radix: 16, uppercase: true)
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output + "\""
  }
}
