import ItemBank
import ItemBenchCore

/// A lint rule: one check of items (or of a whole bank) against an item-writing guideline or a
/// structural requirement.
///
/// This is the extension point of the linter. Every built-in rule conforms to it, and another
/// package adds its own by conforming a type and registering an instance with
/// ``LintRuleRegistry/register(_:)``; `itembench lint` and `itembench rules` then treat it
/// exactly like a built-in one (configuration, suppression comments, baselines, reporters).
///
/// A rule implements ``check(item:context:)`` when it looks at one item at a time (the linter
/// calls it for every linted item, on all cores), or ``check(bank:context:)`` when it needs the
/// whole bank (duplicates, cross references, distributions). It reports problems through
/// ``LintContext/finding(_:item:field:highlighting:occurrence:)`` so that findings carry the
/// rule id, the configured severity and the position of the YAML value at fault.
///
/// The examples are the rule's documentation (`itembench rules`) and its test: every triggering
/// example must produce a finding at each `↓` marker, and no non-triggering example may produce
/// one.
public protocol LintRule: Sendable {
  /// The id users write in configuration files and suppression comments: lower-case words
  /// joined by hyphens (`negative-stem`). Unique among registered rules.
  var id: String { get }
  /// The severity findings have unless the configuration changes it.
  var defaultSeverity: Severity { get }
  /// Whether the rule runs only when listed under `opt_in_rules` in the configuration.
  var isOptIn: Bool { get }
  /// One or two sentences: what the rule reports and why (plain text, no trailing newline).
  var description: String { get }
  /// The family the rule belongs to, for documentation.
  var category: LintRuleCategory { get }
  /// Parameters the configuration may set, with their defaults.
  var parameters: [RuleParameter] { get }
  /// Item files that produce at least one finding, with `↓` before each position reported.
  var triggeringExamples: [LintExample] { get }
  /// Item files that produce no finding of this rule.
  var nonTriggeringExamples: [LintExample] { get }
  /// The item types ``check(item:context:)`` is called for (default: every type). A rule about
  /// options, keys or distractors names `[.multipleChoice]`; the linter never hands it another.
  var itemTypes: Set<ItemResponseType> { get }

  /// Checks one item. Called for every linted item; must not depend on call order.
  func check(item: Item, context: LintContext) -> [LintFinding]
  /// Checks the whole bank once (cross-item rules). Report only on files
  /// ``LintContext/isLinted(_:)`` accepts; the linter drops other findings anyway.
  func check(bank: ItemBank, context: LintContext) -> [LintFinding]
}

extension LintRule {
  public var isOptIn: Bool { false }
  public var category: LintRuleCategory { .itemWriting }
  public var parameters: [RuleParameter] { [] }
  public var itemTypes: Set<ItemResponseType> { Set(ItemResponseType.allCases) }
  public func check(item: Item, context: LintContext) -> [LintFinding] { [] }
  public func check(bank: ItemBank, context: LintContext) -> [LintFinding] { [] }
}

/// The family a rule belongs to (used to group `itembench rules` and docs).
public enum LintRuleCategory: String, Sendable, CaseIterable, Comparable {
  /// The item file is malformed or refers to something that does not exist.
  case structure
  /// An item-writing guideline (Haladyna, Downing & Rodriguez 2002; NBME item-writing guide).
  case itemWriting = "item-writing"
  /// A property of the bank or of a form as a whole.
  case bank
  /// A rule declared in the configuration's `custom_rules`.
  case custom

  public static func < (lhs: LintRuleCategory, rhs: LintRuleCategory) -> Bool {
    // Every case is in `allCases`, so neither index falls back to 0.
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }
}

/// A value of a rule parameter, as written in the configuration file.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
  case integer(Int)
  case number(Double)
  case text(String)
  case list([String])
  case flag(Bool)

  /// The value as YAML would show it.
  public var description: String {
    switch self {
    case .integer(let value): return String(value)
    case .number(let value): return "\(value)"
    case .text(let value): return value
    case .list(let values): return "[" + values.joined(separator: ", ") + "]"
    case .flag(let value): return value ? "true" : "false"
    }
  }

  /// The name of the value's kind, for configuration errors.
  var kindName: String {
    switch self {
    case .integer: return "a whole number"
    case .number: return "a number"
    case .text: return "text"
    case .list: return "a list of text values"
    case .flag: return "true or false"
    }
  }
}

/// A parameter a rule reads from its configuration (`option-count: {count: 5}`).
public struct RuleParameter: Sendable, Hashable {
  /// The key in the configuration file (snake_case).
  public var name: String
  /// The value used when the configuration does not set one; it also fixes the parameter's kind.
  public var defaultValue: ParameterValue
  public var description: String
  /// The smallest accepted value of a numeric parameter, if any.
  public var minimum: Double?
  /// The largest accepted value of a numeric parameter, if any.
  public var maximum: Double?

  public init(
    _ name: String, default defaultValue: ParameterValue, _ description: String,
    minimum: Double? = nil, maximum: Double? = nil
  ) {
    self.name = name
    self.defaultValue = defaultValue
    self.description = description
    self.minimum = minimum
    self.maximum = maximum
  }
}

/// The parameter values one rule runs with: its defaults overridden by the configuration.
public struct RuleOptions: Sendable, Hashable {
  public var values: [String: ParameterValue]

  public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

  /// The defaults of `parameters`, overridden by `overrides`.
  public init(parameters: [RuleParameter], overrides: [String: ParameterValue] = [:]) {
    var values: [String: ParameterValue] = [:]
    for parameter in parameters { values[parameter.name] = parameter.defaultValue }
    for (name, value) in overrides { values[name] = value }
    self.values = values
  }

  public func integer(_ name: String) -> Int {
    switch values[name] {
    case .integer(let value)?: return value
    case .number(let value)?: return Int(value)
    default: return 0
    }
  }

  public func number(_ name: String) -> Double {
    switch values[name] {
    case .integer(let value)?: return Double(value)
    case .number(let value)?: return value
    default: return 0
    }
  }

  public func text(_ name: String) -> String {
    if case .text(let value)? = values[name] { return value }
    return ""
  }

  public func list(_ name: String) -> [String] {
    switch values[name] {
    case .list(let values)?: return values
    case .text(let value)?: return [value]
    default: return []
    }
  }

  public func flag(_ name: String) -> Bool {
    if case .flag(let value)? = values[name] { return value }
    return false
  }
}

/// One example of a rule: the item files (path → YAML text) it is run on.
///
/// In a triggering example, `↓` marks each position the rule must report (the character after
/// the marker); the marker is removed before the text is parsed. Paths are relative to the bank
/// root, so `blueprints/demo.yml` is a blueprint and `forms/a.yml` a form.
public struct LintExample: Sendable, Hashable {
  /// The marker character for expected finding positions.
  public static let marker: Character = "↓"

  /// Path → text, with markers.
  public var files: [String: String]
  /// Parameter values the example runs with (others keep their defaults).
  public var options: [String: ParameterValue]
  /// A short note shown with the example in the documentation.
  public var note: String?

  /// A single item file named `item.yml`.
  public init(_ text: String, options: [String: ParameterValue] = [:], note: String? = nil) {
    self.init(files: ["item.yml": text], options: options, note: note)
  }

  public init(files: [String: String], options: [String: ParameterValue] = [:], note: String? = nil) {
    self.files = files
    self.options = options
    self.note = note
  }

  /// The files without markers.
  public var cleanFiles: [String: String] {
    files.mapValues { $0.replacingOccurrences(of: String(Self.marker), with: "") }
  }

  /// The positions the markers stand for: file, 1-based line and column (Unicode scalars, the
  /// unit findings use), in path then text order.
  public var markedLocations: [SourceLocation] {
    var locations: [SourceLocation] = []
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      var line = 1
      var column = 1
      for scalar in text.unicodeScalars {
        if scalar == "↓" {
          locations.append(SourceLocation(file: path, line: line, column: column))
        } else if scalar == "\n" {
          line += 1
          column = 1
        } else {
          column += 1
        }
      }
    }
    return locations
  }
}

/// One problem a rule found.
public struct LintFinding: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var ruleID: String
  public var severity: Severity
  public var message: String
  /// Where the problem is: the YAML value at fault (or a word inside it).
  public var location: SourceLocation
  /// The id of the item concerned, if any (baselines key on it, so they survive line shifts).
  public var itemID: String?
  /// The field path concerned (`stem`, `options.B`, `rationale.key`, …), if any.
  public var field: String?
  /// The line where the field's value starts, when the finding points inside a multi-line value;
  /// a `disable-next-line` comment above that line suppresses the finding.
  public var valueLine: Int?

  public init(
    ruleID: String, severity: Severity, message: String, location: SourceLocation,
    itemID: String? = nil, field: String? = nil, valueLine: Int? = nil
  ) {
    self.ruleID = ruleID
    self.severity = severity
    self.message = message
    self.location = location
    self.itemID = itemID
    self.field = field
    self.valueLine = valueLine
  }

  /// `file:line:column: severity: message (rule-id)`.
  public var description: String {
    "\(location): \(severity.rawValue): \(message) (\(ruleID))"
  }

  /// File, line, column, rule id, then message: the order every reporter uses.
  public static func < (lhs: LintFinding, rhs: LintFinding) -> Bool {
    if lhs.location.file != rhs.location.file { return lhs.location.file < rhs.location.file }
    if lhs.location.line != rhs.location.line { return lhs.location.line < rhs.location.line }
    if lhs.location.column != rhs.location.column { return lhs.location.column < rhs.location.column }
    if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
    return lhs.message < rhs.message
  }
}

extension LintFinding {
  /// Whether `findings` is in `<` order.
  static func isSorted(_ findings: [LintFinding]) -> Bool {
    findings.indices.dropFirst().allSatisfy { !(findings[$0] < findings[$0 - 1]) }
  }

  /// `findings` sorted by `<`, findings that compare equal keeping their relative order (the
  /// order `sorted()` gives).
  ///
  /// Files are compared through their rank among the distinct files, so most comparisons are
  /// of integers rather than of paths.
  ///
  /// - Complexity: O(n log n) comparisons, of which O(f log f) compare paths (f distinct files).
  static func sortedStably(_ findings: [LintFinding]) -> [LintFinding] {
    var rankOfFile: [String: Int] = [:]
    for finding in findings where rankOfFile[finding.location.file] == nil { rankOfFile[finding.location.file] = 0 }
    for (rank, file) in rankOfFile.keys.sorted().enumerated() { rankOfFile[file] = rank }
    let ranks = findings.map { rankOfFile[$0.location.file, default: 0] }
    let order = findings.indices.sorted { a, b in
      if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
      let x = findings[a]
      let y = findings[b]
      if x.location.line != y.location.line { return x.location.line < y.location.line }
      if x.location.column != y.location.column { return x.location.column < y.location.column }
      if x.ruleID != y.ruleID { return x.ruleID < y.ruleID }
      if x.message != y.message { return x.message < y.message }
      return a < b
    }
    return order.map { findings[$0] }
  }

  /// `findings` sorted by `<` (stably) with repeated identical findings removed.
  static func sortedWithoutDuplicates(_ findings: [LintFinding]) -> [LintFinding] {
    let sorted = isSorted(findings) ? findings : sortedStably(findings)
    var result: [LintFinding] = []
    result.reserveCapacity(sorted.count)
    var runStart = 0  // start in `result` of the run of findings equal under `<`
    for finding in sorted {
      if let last = result.last, last < finding { runStart = result.count }
      if result[runStart...].contains(finding) { continue }
      result.append(finding)
    }
    return result
  }
}
