import Foundation
import ItemBank
import ItemBenchCore

/// An inline suppression comment in an item file.
///
/// ```yaml
/// # itembench:disable negative-stem -- the negative is the point of this item
/// # itembench:disable-next-line longest-option-key, convergence-cue -- reviewed 2026-03
/// ```
///
/// `disable` applies to the whole file, `disable-next-line` to the next line that is not blank
/// or a comment (and to every finding inside a multi-line value that starts on that line).
/// Rule ids are separated by spaces or commas; `all` names every rule; text after `--` is the
/// reason and is ignored by the linter.
public struct SuppressionDirective: Hashable, Sendable {
  public enum Kind: String, Sendable { case file = "disable", nextLine = "disable-next-line" }

  /// nil when the directive's name is not one of the known kinds.
  public var kind: Kind?
  /// The directive as written after `itembench:` (`disable-next-line`).
  public var name: String
  /// The rule ids, each with the column where it is written.
  public var ruleIDs: [(id: String, column: Int)]
  /// The line of the comment.
  public var line: Int
  /// The column of the directive's name.
  public var column: Int
  /// The line the directive applies to (`disable-next-line`), if any.
  public var targetLine: Int?
  /// The reason written after `--`, if any.
  public var reason: String?

  public static func == (lhs: SuppressionDirective, rhs: SuppressionDirective) -> Bool {
    lhs.kind == rhs.kind && lhs.name == rhs.name && lhs.ruleIDs.map(\.id) == rhs.ruleIDs.map(\.id)
      && lhs.ruleIDs.map(\.column) == rhs.ruleIDs.map(\.column) && lhs.line == rhs.line
      && lhs.column == rhs.column && lhs.targetLine == rhs.targetLine && lhs.reason == rhs.reason
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(line)
    hasher.combine(column)
  }
}

/// Reading and applying suppression comments.
public enum Suppressions {
  static let prefix = Array("itembench:".utf8)

  /// The directives in `text`: full-line `#` comments whose text starts with `itembench:`.
  ///
  /// - Complexity: O(size of `text`); lines without `#` cost one byte comparison each.
  public static func directives(in text: String) -> [SuppressionDirective] {
    guard mentionsDirective(text) else { return [] }
    var lines: [(number: Int, range: Range<String.Index>, isCode: Bool)] = []
    let utf8 = text.utf8
    var lineNumber = 1
    var lineStart = utf8.startIndex
    while lineStart < utf8.endIndex {
      var lineEnd = lineStart
      while lineEnd < utf8.endIndex && utf8[lineEnd] != 10 { lineEnd = utf8.index(after: lineEnd) }
      var index = lineStart
      while index < lineEnd && (utf8[index] == 32 || utf8[index] == 9) { index = utf8.index(after: index) }
      let isBlank = index == lineEnd || utf8[index] == 13
      let isComment = index < lineEnd && utf8[index] == 35  // '#'
      lines.append((lineNumber, lineStart..<lineEnd, !isBlank && !isComment))
      lineNumber += 1
      lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : utf8.endIndex
    }
    var directives: [SuppressionDirective] = []
    for (position, line) in lines.enumerated() where !line.isCode {
      guard var directive = parse(text[line.range], line: line.number) else { continue }
      if directive.kind == .nextLine {
        directive.targetLine = lines[(position + 1)...].first(where: \.isCode)?.number
      }
      directives.append(directive)
    }
    return directives
  }

  /// Whether `text` contains `itembench:` at all (a fast byte scan that lets files without
  /// directives skip line splitting).
  static func mentionsDirective(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes -> Bool in
      guard let base = bytes.baseAddress else { return false }
      var offset = 0
      // memchr finds each '#' (vectorised); directives are the only comments that matter.
      while offset < bytes.count, let found = memchr(base + offset, 0x23, bytes.count - offset) {
        var index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        while index < bytes.count && bytes[index] == 0x20 { index += 1 }
        if bytes.count - index >= prefix.count && prefix.indices.allSatisfy({ bytes[index + $0] == prefix[$0] }) {
          return true
        }
        offset = index
      }
      return false
    }
  }

  /// Parses one comment line, or nil if it is not an `itembench:` directive.
  static func parse(_ line: Substring, line number: Int) -> SuppressionDirective? {
    var scalars = Array(line.unicodeScalars)
    if scalars.last == "\r" { scalars.removeLast() }
    var index = 0
    while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 }
    guard index < scalars.count, scalars[index] == "#" else { return nil }
    index += 1
    while index < scalars.count && scalars[index] == " " { index += 1 }
    let marker = Array("itembench:".unicodeScalars)
    guard scalars.count - index >= marker.count, Array(scalars[index..<(index + marker.count)]) == marker else {
      return nil
    }
    index += marker.count
    // Tokens: the directive name, then rule ids up to "--".
    var tokens: [(text: String, column: Int)] = []
    var reason: String?
    while index < scalars.count {
      while index < scalars.count && (scalars[index] == " " || scalars[index] == "," || scalars[index] == "\t") {
        index += 1
      }
      guard index < scalars.count else { break }
      if scalars[index] == "-", index + 1 < scalars.count, scalars[index + 1] == "-" {
        var rest = String(String.UnicodeScalarView(scalars[(index + 2)...]))
        while rest.first == " " { rest.removeFirst() }
        reason = rest.isEmpty ? nil : rest
        break
      }
      let start = index
      while index < scalars.count && scalars[index] != " " && scalars[index] != "," && scalars[index] != "\t" {
        index += 1
      }
      tokens.append((String(String.UnicodeScalarView(scalars[start..<index])), start + 1))
    }
    guard let name = tokens.first else {
      return SuppressionDirective(kind: nil, name: "", ruleIDs: [], line: number, column: index + 1, reason: reason)
    }
    return SuppressionDirective(
      kind: SuppressionDirective.Kind(rawValue: name.text), name: name.text,
      ruleIDs: tokens.dropFirst().map { ($0.text, $0.column) }, line: number, column: name.column,
      reason: reason)
  }

  /// `findings` without those the directives of their files suppress.
  ///
  /// A finding is suppressed by a `disable` directive of its file naming its rule (or `all`),
  /// or by a `disable-next-line` directive whose target line is the finding's line or the line
  /// where the finding's value starts.
  public static func apply(_ directives: [String: [SuppressionDirective]], to findings: [LintFinding]) -> [LintFinding]
  {
    guard !directives.isEmpty else { return findings }
    struct FileRules {
      var file: Set<String> = []
      var lines: [Int: Set<String>] = [:]
    }
    var rules: [String: FileRules] = [:]
    for (file, list) in directives {
      var entry = FileRules()
      for directive in list {
        let ids = directive.ruleIDs.map(\.id)
        switch directive.kind {
        case .file?: entry.file.formUnion(ids)
        case .nextLine?: if let target = directive.targetLine { entry.lines[target, default: []].formUnion(ids) }
        case nil: break
        }
      }
      rules[file] = entry
    }
    return findings.filter { finding in
      guard let entry = rules[finding.location.file] else { return true }
      func names(_ set: Set<String>?) -> Bool {
        guard let set else { return false }
        return set.contains(finding.ruleID) || set.contains("all")
      }
      if names(entry.file) || names(entry.lines[finding.location.line]) { return false }
      if let valueLine = finding.valueLine, names(entry.lines[valueLine]) { return false }
      return true
    }
  }
}
