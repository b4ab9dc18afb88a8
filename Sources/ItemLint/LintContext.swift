import ItemBank
import ItemBenchCore

/// What a rule sees while it checks: its configured severity and parameters, the whole bank,
/// which files are being linted, and helpers that turn a message into a located finding.
public struct LintContext: Sendable {
  /// What every rule of a run shares (held by reference: the linter copies contexts once per
  /// item and rule, so a copy must be cheap).
  final class Shared: Sendable {
    let bank: ItemBank
    let knownRuleIDs: [String]
    let lintedFiles: Set<String>?
    /// Suppression directives of the linted files that have any.
    let directives: [String: [SuppressionDirective]]?
    init(
      bank: ItemBank, knownRuleIDs: [String], lintedFiles: Set<String>?,
      directives: [String: [SuppressionDirective]]? = nil
    ) {
      self.bank = bank
      self.knownRuleIDs = knownRuleIDs
      self.lintedFiles = lintedFiles
      self.directives = directives
    }
  }

  /// One rule's settings.
  final class Settings: Sendable {
    let ruleID: String
    let severity: Severity
    let options: RuleOptions
    /// Every list (or text) parameter's values lower-cased, computed once per run rather than
    /// once per item.
    let lowercasedLists: [String: [String]]
    init(ruleID: String, severity: Severity, options: RuleOptions) {
      self.ruleID = ruleID
      self.severity = severity
      self.options = options
      var lists: [String: [String]] = [:]
      for (name, value) in options.values {
        switch value {
        case .list, .text: lists[name] = options.list(name).map { $0.lowercased() }
        default: break
        }
      }
      self.lowercasedLists = lists
    }
  }

  let shared: Shared
  let settings: Settings
  /// The analysis of the item being checked, shared by the rules that check it.
  var current: ItemAnalysis?

  /// The id of the rule being run.
  public var ruleID: String { settings.ruleID }
  /// The severity the configuration gives the rule's findings.
  public var severity: Severity { settings.severity }
  /// The rule's parameters (defaults overridden by the configuration).
  public var options: RuleOptions { settings.options }
  /// The whole bank the linted files belong to (items, blueprints, forms, file texts).
  public var bank: ItemBank { shared.bank }
  /// The bank's blueprints.
  public var blueprints: [Blueprint] { shared.bank.blueprints }
  /// Every rule id known to this run (registered and custom rules), sorted.
  public var knownRuleIDs: [String] { shared.knownRuleIDs }

  public init(
    ruleID: String, severity: Severity, options: RuleOptions, bank: ItemBank,
    knownRuleIDs: [String] = [], lintedFiles: Set<String>? = nil
  ) {
    self.init(
      shared: Shared(bank: bank, knownRuleIDs: knownRuleIDs, lintedFiles: lintedFiles),
      settings: Settings(ruleID: ruleID, severity: severity, options: options))
  }

  init(shared: Shared, settings: Settings) {
    self.shared = shared
    self.settings = settings
  }

  /// `options.list(name)` lower-cased (computed once per run).
  func lowercasedList(_ name: String) -> [String] {
    settings.lowercasedLists[name] ?? options.list(name).map { $0.lowercased() }
  }

  /// Whether findings in `file` will be reported (the file is under a linted path and not
  /// excluded by the configuration).
  public func isLinted(_ file: String) -> Bool { shared.lintedFiles?.contains(file) ?? true }

  /// The suppression comments of `file` (read once per run by the linter).
  public func directives(in file: String) -> [SuppressionDirective] {
    if let directives = shared.directives { return directives[file] ?? [] }
    return shared.bank.fileTexts[file].map(Suppressions.directives(in:)) ?? []
  }

  /// The words and normalised texts of `item`, shared with the other rules checking it.
  public func analysis(of item: Item) -> ItemAnalysis {
    if let current, current.item.id == item.id, current.item.source.start == item.source.start { return current }
    return ItemAnalysis(item)
  }

  /// Where a search for a word inside a field starts: the first or the last match.
  public enum Occurrence: Sendable { case first, last }

  /// A finding about `item`'s value at `field` (`stem`, `options.B`, `key`, `rationale.key`, …).
  ///
  /// With `highlighting`, the finding points at that text inside the value (the first or last
  /// whole-word match in the file between the value and the next field), so a finding about
  /// the word "NOT" in a four-line stem points at the word; otherwise, or when the text is not
  /// found verbatim (escapes, folding), at the start of the value.
  public func finding(
    _ message: String, item: Item, field: String, highlighting: String? = nil,
    occurrence: Occurrence = .first, severity: Severity? = nil
  ) -> LintFinding {
    let valueLocation = item.source.location(of: field)
    var location = valueLocation
    if let highlighting, !highlighting.isEmpty, let text = shared.bank.fileTexts[valueLocation.file] {
      let end = item.source.fieldLocations.values
        .filter { $0.file == valueLocation.file && $0 > valueLocation }
        .min()
      location = SourceLocator.locate(
        highlighting, in: text, from: valueLocation, before: end, occurrence: occurrence)
        ?? valueLocation
    }
    return LintFinding(
      ruleID: settings.ruleID, severity: severity ?? settings.severity, message: message, location: location,
      itemID: item.id, field: field, valueLine: valueLocation.line)
  }

  /// A finding at an explicit location (bank-level findings, positions from the loader).
  public func finding(
    _ message: String, at location: SourceLocation, itemID: String? = nil, field: String? = nil,
    severity: Severity? = nil
  ) -> LintFinding {
    LintFinding(
      ruleID: settings.ruleID, severity: severity ?? settings.severity, message: message, location: location,
      itemID: itemID, field: field)
  }
}

/// Finds text inside a YAML file, by line and column.
public enum SourceLocator {
  /// The position of `needle` in `text` at or after `start` and before `end` (whole words
  /// where the needle begins or ends with a letter or digit). Tries an exact match, then one
  /// ignoring ASCII case, then the needle's first word (a phrase may be folded over lines).
  ///
  /// - Complexity: O(size of `text` × size of `needle`) in the worst case.
  public static func locate(
    _ needle: String, in text: String, from start: SourceLocation, before end: SourceLocation?,
    occurrence: LintContext.Occurrence = .first
  ) -> SourceLocation? {
    // An ASCII file is searched in place (each byte is a scalar); others as an array of scalars.
    let ascii: SourceLocation??? = text.utf8.withContiguousStorageIfAvailable { bytes -> SourceLocation?? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      return .some(locate(needle, in: bytes.lazy.map { Unicode.Scalar($0) }, from: start, before: end, occurrence: occurrence))
    }
    if let ascii = ascii ?? nil { return ascii }
    return locate(needle, in: Array(text.unicodeScalars), from: start, before: end, occurrence: occurrence)
  }

  static func locate<Scalars: RandomAccessCollection<Unicode.Scalar>>(
    _ needle: String, in scalars: Scalars, from start: SourceLocation, before end: SourceLocation?,
    occurrence: LintContext.Occurrence
  ) -> SourceLocation? where Scalars.Index == Int {
    guard let lower = offset(of: start, in: scalars) else { return nil }
    let upper = end.flatMap { offset(of: $0, in: scalars) } ?? scalars.count
    guard lower < upper else { return nil }
    var candidates = [Array(needle.unicodeScalars)]
    let words = needle.split(separator: " ")
    if words.count > 1 { candidates.append(Array(words[0].unicodeScalars)) }
    for candidate in candidates {
      for ignoringCase in [false, true] {
        if let found = search(candidate, in: scalars, lower..<upper, ignoringCase: ignoringCase, occurrence: occurrence) {
          return position(of: found, in: scalars, file: start.file)
        }
      }
    }
    return nil
  }

  /// The scalar offset of a 1-based line and column.
  static func offset<Scalars: RandomAccessCollection<Unicode.Scalar>>(
    of location: SourceLocation, in scalars: Scalars
  ) -> Int? where Scalars.Index == Int {
    var line = 1
    var index = 0
    while line < location.line {
      guard index < scalars.count else { return nil }
      if scalars[index] == "\n" { line += 1 }
      index += 1
    }
    return min(scalars.count, index + max(0, location.column - 1))
  }

  static func position<Scalars: RandomAccessCollection<Unicode.Scalar>>(
    of offset: Int, in scalars: Scalars, file: String
  ) -> SourceLocation where Scalars.Index == Int {
    var line = 1
    var lineStart = 0
    for index in 0..<offset where scalars[index] == "\n" {
      line += 1
      lineStart = index + 1
    }
    return SourceLocation(file: file, line: line, column: offset - lineStart + 1)
  }

  static func search<Scalars: RandomAccessCollection<Unicode.Scalar>>(
    _ needle: [Unicode.Scalar], in scalars: Scalars, _ range: Range<Int>,
    ignoringCase: Bool, occurrence: LintContext.Occurrence
  ) -> Int? where Scalars.Index == Int {
    guard !needle.isEmpty, range.count >= needle.count else { return nil }
    let wordStart = TextAnalysis.isWordScalar(needle.first!)
    let wordEnd = TextAnalysis.isWordScalar(needle.last!)
    var found: Int?
    var index = range.lowerBound
    while index + needle.count <= range.upperBound {
      var matches = true
      for (offset, scalar) in needle.enumerated() {
        let other = scalars[index + offset]
        if ignoringCase ? TextAnalysis.foldASCII(other) != TextAnalysis.foldASCII(scalar) : other != scalar {
          matches = false
          break
        }
      }
      if matches, wordStart, index > 0, TextAnalysis.isWordScalar(scalars[index - 1]) { matches = false }
      if matches, wordEnd, index + needle.count < scalars.count,
        TextAnalysis.isWordScalar(scalars[index + needle.count])
      {
        matches = false
      }
      if matches {
        found = index
        if occurrence == .first { return index }
      }
      index += 1
    }
    return found
  }
}
