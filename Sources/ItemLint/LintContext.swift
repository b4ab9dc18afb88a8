import Foundation
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
    /// Line indexes of file texts, built on first use (findings that highlight a word need
    /// them; without the index each such finding rescanned its file from the start, which made
    /// a file of n items cost O(n²)).
    let sourceIndexes = SourceIndexCache()
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
    if let highlighting, !highlighting.isEmpty,
      let index = shared.sourceIndexes.index(of: valueLocation.file, in: shared.bank)
    {
      let end = item.source.fieldLocations.values
        .filter { $0.file == valueLocation.file && $0 > valueLocation }
        .min()
      location =
        SourceLocator.locate(
          highlighting, in: index, from: valueLocation, before: end, occurrence: occurrence)
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
  /// - Complexity: O(size of `text`) to index the text, then as
  ///   ``locate(_:in:from:before:occurrence:)-(_,SourceTextIndex,_,_,_)``.
  public static func locate(
    _ needle: String, in text: String, from start: SourceLocation, before end: SourceLocation?,
    occurrence: LintContext.Occurrence = .first
  ) -> SourceLocation? {
    locate(needle, in: SourceTextIndex(text), from: start, before: end, occurrence: occurrence)
  }

  /// The same search in an indexed text.
  ///
  /// - Complexity: O(log lines + size of the range searched × size of `needle`): the line
  ///   index turns positions into offsets and back without rescanning the file.
  public static func locate(
    _ needle: String, in index: SourceTextIndex, from start: SourceLocation, before end: SourceLocation?,
    occurrence: LintContext.Occurrence = .first
  ) -> SourceLocation? {
    // An ASCII file is searched in place (each byte is a scalar); others as an array of scalars.
    if let bytes = index.asciiBytes {
      return locate(
        needle, in: bytes.lazy.map { Unicode.Scalar($0) }, index: index, from: start, before: end,
        occurrence: occurrence)
    }
    return locate(needle, in: index.scalars ?? [], index: index, from: start, before: end, occurrence: occurrence)
  }

  static func locate<Scalars: RandomAccessCollection<Unicode.Scalar>>(
    _ needle: String, in scalars: Scalars, index: SourceTextIndex, from start: SourceLocation,
    before end: SourceLocation?, occurrence: LintContext.Occurrence
  ) -> SourceLocation? where Scalars.Index == Int {
    guard let lower = index.offset(of: start) else { return nil }
    let upper = end.flatMap { index.offset(of: $0) } ?? scalars.count
    guard lower < upper else { return nil }
    var candidates = [Array(needle.unicodeScalars)]
    let words = needle.split(separator: " ")
    if words.count > 1 { candidates.append(Array(words[0].unicodeScalars)) }
    for candidate in candidates {
      for ignoringCase in [false, true] {
        if let found = search(candidate, in: scalars, lower..<upper, ignoringCase: ignoringCase, occurrence: occurrence)
        {
          return index.position(of: found, file: start.file)
        }
      }
    }
    return nil
  }

  static func search<Scalars: RandomAccessCollection<Unicode.Scalar>>(
    _ needle: [Unicode.Scalar], in scalars: Scalars, _ range: Range<Int>,
    ignoringCase: Bool, occurrence: LintContext.Occurrence
  ) -> Int? where Scalars.Index == Int {
    guard let first = needle.first, let last = needle.last, range.count >= needle.count else { return nil }
    let wordStart = TextAnalysis.isWordScalar(first)
    let wordEnd = TextAnalysis.isWordScalar(last)
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

/// A file's text prepared for position look-ups: its scalars (bytes when the file is ASCII) and
/// the offset at which each line starts. Built in O(size of the text); converts a line and
/// column to an offset in O(1) and an offset to a line and column in O(log lines).
public final class SourceTextIndex: Sendable {
  /// The bytes, when every byte is ASCII (then bytes are scalars).
  let asciiBytes: [UInt8]?
  /// The scalars, when the text is not ASCII.
  let scalars: [Unicode.Scalar]?
  /// Scalar offset of the first scalar of each line (line 1 at index 0).
  let lineStarts: [Int]
  let count: Int

  public init(_ text: String) {
    let bytes = Array(text.utf8)
    var starts = [0]
    if bytes.allSatisfy({ $0 < 0x80 }) {
      asciiBytes = bytes
      scalars = nil
      for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
      count = bytes.count
    } else {
      let all = Array(text.unicodeScalars)
      asciiBytes = nil
      scalars = all
      for (offset, scalar) in all.enumerated() where scalar == "\n" { starts.append(offset + 1) }
      count = all.count
    }
    lineStarts = starts
  }

  /// The scalar offset of a 1-based line and column (the column clamped to the text), or nil
  /// beyond the last line.
  func offset(of location: SourceLocation) -> Int? {
    let line = max(1, location.line)
    guard line <= lineStarts.count else { return nil }
    return min(count, lineStarts[line - 1] + max(0, location.column - 1))
  }

  /// The line and column of a scalar offset.
  func position(of offset: Int, file: String) -> SourceLocation {
    // The last line start ≤ offset.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return SourceLocation(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
  }
}

/// The ``SourceTextIndex`` of each file, built once per lint run on first use (thread-safe).
final class SourceIndexCache: @unchecked Sendable {
  private let lock = NSLock()
  private var indexes: [String: SourceTextIndex] = [:]

  func index(of file: String, in bank: ItemBank) -> SourceTextIndex? {
    lock.lock()
    if let index = indexes[file] {
      lock.unlock()
      return index
    }
    lock.unlock()
    guard let text = bank.fileTexts[file] else { return nil }
    let index = SourceTextIndex(text)
    lock.lock()
    defer { lock.unlock() }
    if let existing = indexes[file] { return existing }
    indexes[file] = index
    return index
  }
}
