import Foundation
import ItemBank
import ItemBenchCore
import ItemBenchYAML
import Yams

/// The linter's configuration, read from `.itembench.yml` (SwiftLint-style):
///
/// ```yaml
/// disabled_rules: [missing-reference]        # rules that do not run
/// opt_in_rules: [missing-distractor-rationale]  # opt-in rules that do
/// included: ["**/*.yml"]                     # globs relative to this file's directory
/// excluded: ["drafts/**"]
/// negative-stem: error                       # a rule's severity …
/// option-count: {count: 5, severity: error}  # … and parameters
/// custom_rules:
///   no-trick-words:
///     regex: "(?i)\\btrick\\b"
///     fields: [stem, options]                # stem, options, key, rationale (default all)
///     message: "avoid the word 'trick'"
///     severity: warning
/// ```
///
/// Every rule id is checked against the registry (and the custom rules); an unknown one is an
/// error with a "did you mean" suggestion.
public struct LintConfiguration: Sendable {
  /// The configuration file name looked for by ``find(from:)``.
  public static let fileName = ".itembench.yml"
  /// The top-level keys that are not rule ids.
  public static let reservedKeys = ["disabled_rules", "opt_in_rules", "included", "excluded", "custom_rules"]

  /// The file the configuration was read from, if any.
  public var file: String?
  public var disabledRules: Set<String>
  public var optInRules: Set<String>
  /// Severity overrides by rule id.
  public var severities: [String: Severity]
  /// Parameter overrides by rule id.
  public var parameters: [String: [String: ParameterValue]]
  /// Globs (relative to the configuration's directory) of the files to lint; empty means all.
  public var included: [String]
  /// Globs of files not to lint.
  public var excluded: [String]
  public var customRules: [RegexRule]

  public init(
    file: String? = nil, disabledRules: Set<String> = [], optInRules: Set<String> = [],
    severities: [String: Severity] = [:], parameters: [String: [String: ParameterValue]] = [:],
    included: [String] = [], excluded: [String] = [], customRules: [RegexRule] = []
  ) {
    self.file = file
    self.disabledRules = disabledRules
    self.optInRules = optInRules
    self.severities = severities
    self.parameters = parameters
    self.included = included
    self.excluded = excluded
    self.customRules = customRules
  }

  /// The directory globs are relative to (the configuration file's directory).
  public var baseDirectory: String? {
    file.map { URL(fileURLWithPath: $0).deletingLastPathComponent().standardizedFileURL.path }
  }

  /// Whether the included/excluded globs select `relativePath` (a path relative to
  /// ``baseDirectory``).
  public func selects(_ relativePath: String) -> Bool {
    if !included.isEmpty && !included.contains(where: { Glob.matches($0, relativePath) }) { return false }
    return !excluded.contains { Glob.matches($0, relativePath) }
  }

  // MARK: Finding and reading

  /// The nearest `.itembench.yml` in `path`'s directory (or `path` itself if it is a directory)
  /// or one of its ancestors.
  public static func find(from path: String) -> String? {
    var isDirectory: ObjCBool = false
    var directory = URL(fileURLWithPath: path).standardizedFileURL
    if !(FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
      directory.deleteLastPathComponent()
    }
    while true {
      let candidate = directory.appendingPathComponent(fileName).path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path || directory.path == "/" { return nil }
      directory = parent
    }
  }

  /// Reads the configuration file at `path`.
  public static func load(from path: String, registry: LintRuleRegistry = .shared) throws -> LintConfiguration {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw LintConfigurationError([.error("cannot read configuration file", at: SourceLocation(file: path))])
    }
    return try parse(text, file: path, registry: registry)
  }

  /// The diagnostic code of every problem in a configuration file.
  static let diagnosticCode = "configuration"

  /// Parses configuration text; `file` names it in errors and anchors the globs.
  ///
  /// - Throws: ``LintConfigurationError`` listing every problem.
  public static func parse(_ text: String, file: String, registry: LintRuleRegistry = .shared) throws
    -> LintConfiguration
  {
    var configuration = LintConfiguration(file: file)
    let root: Node
    switch YAMLSource.compose(text, file: file) {
    case .failure(let diagnostic): throw LintConfigurationError([diagnostic])
    case .success(nil): return configuration
    case .success(let node?): root = node
    }
    var problems: [Diagnostic] = []
    guard
      var reader = MappingReader(
        root, file: file, context: "the configuration",
        notAMapping: "expected the configuration to be a mapping of settings", code: diagnosticCode,
        diagnostics: &problems)
    else { throw LintConfigurationError(problems) }
    let rules = Dictionary(registry.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    // Custom rules first: their ids are valid everywhere else.
    let custom = customRules(&reader, reservedIDs: Set(rules.keys))
    configuration.customRules = custom.sorted { $0.key < $1.key }.map(\.value)
    let knownIDs = Set(rules.keys).union(custom.keys)
    let suggestions = Array(knownIDs) + reservedKeys

    configuration.disabledRules = ruleIDList("disabled_rules", &reader, knownIDs: knownIDs)
    configuration.optInRules = ruleIDList("opt_in_rules", &reader, knownIDs: knownIDs)
    configuration.included = globList("included", &reader)
    configuration.excluded = globList("excluded", &reader)

    // Every other key is a rule id, set to a severity or to a mapping of parameters.
    reader.reportUnknownKeys(known: suggestions, code: diagnosticCode) { "unknown rule id or setting '\($0)'" }
    for entry in reader.entries() where knownIDs.contains(entry.key) && !reservedKeys.contains(entry.key) {
      ruleSettings(entry, declared: rules[entry.key]?.parameters ?? [], into: &configuration, &reader)
    }
    problems += reader.diagnostics
    if !problems.isEmpty { throw LintConfigurationError(problems.sortedByLocation()) }
    return configuration
  }

  /// The valid `custom_rules` definitions by id; every problem is recorded in `reader`. An id in
  /// `reservedIDs` (a built-in or registered rule's) is refused.
  static func customRules(_ reader: inout MappingReader<Node>, reservedIDs: Set<String>) -> [String: RegexRule] {
    guard let node = reader.value("custom_rules") else { return [:] }
    var problems: [Diagnostic] = []
    defer { reader.append(problems) }
    guard
      var definitions = MappingReader(
        node, file: reader.file, context: "custom_rules",
        notAMapping: "expected 'custom_rules' to be a mapping of rule id to {regex, fields, message, severity}",
        code: diagnosticCode, diagnostics: &problems)
    else { return [:] }
    var custom: [String: RegexRule] = [:]
    for entry in definitions.entries() {
      let ruleID = entry.key
      if reservedIDs.contains(ruleID) {
        definitions.error(
          "custom rule '\(ruleID)' has the id of a built-in or registered rule; choose another id", at: entry.keyNode,
          code: diagnosticCode)
        continue
      }
      if !RegexRule.isValidID(ruleID) {
        definitions.error(
          "custom rule id '\(ruleID)' must be lower-case letters, digits and hyphens", at: entry.keyNode,
          code: diagnosticCode)
        continue
      }
      if let rule = parseCustomRule(ruleID, entry.value, file: reader.file, problems: &problems) {
        custom[ruleID] = rule
      }
    }
    problems += definitions.diagnostics
    return custom
  }

  /// The rule ids under `key` (a list, or a single id), each checked against `knownIDs`; an
  /// absent or empty value is no ids.
  static func ruleIDList(_ key: String, _ reader: inout MappingReader<Node>, knownIDs: Set<String>) -> Set<String> {
    guard let node = reader.value(key) else { return [] }
    let elements: [Node]
    switch node.kind {
    case .sequence: elements = node.elements
    case .scalar: elements = node.isNull ? [] : [node]
    case .mapping, .alias:
      reader.error("expected '\(key)' to be a list of rule ids", at: node, code: diagnosticCode)
      return []
    }
    var ids: Set<String> = []
    for element in elements {
      guard let ruleID = element.text else {
        reader.error("expected a rule id in '\(key)'", at: element, code: diagnosticCode)
        continue
      }
      if knownIDs.contains(ruleID) {
        ids.insert(ruleID)
      } else {
        reader.error(
          "unknown rule id '\(ruleID)' in '\(key)'" + EditDistance.didYouMean(ruleID, among: knownIDs), at: element,
          code: diagnosticCode)
      }
    }
    return ids
  }

  /// The path globs under `key` (a list, or a single glob); an absent or empty value is none.
  static func globList(_ key: String, _ reader: inout MappingReader<Node>) -> [String] {
    guard let node = reader.value(key) else { return [] }
    switch node.kind {
    case .sequence:
      var globs: [String] = []
      for element in node.elements {
        guard element.kind == .scalar, let glob = element.text else {
          reader.error("expected a path glob in '\(key)'", at: element, code: diagnosticCode)
          continue
        }
        globs.append(glob)
      }
      return globs
    case .scalar: return node.isNull ? [] : [node.text ?? ""]
    case .mapping, .alias:
      reader.error("expected '\(key)' to be a list of path globs", at: node, code: diagnosticCode)
      return []
    }
  }

  /// Reads a rule's entry into `configuration`: a severity, or a mapping of `severity` and the
  /// rule's `declared` parameters. Every problem is recorded in `reader`.
  static func ruleSettings(
    _ entry: MappingReader<Node>.Entry, declared: [RuleParameter], into configuration: inout LintConfiguration,
    _ reader: inout MappingReader<Node>
  ) {
    let ruleID = entry.key
    if entry.value.kind == .scalar {
      guard let text = entry.value.text, let severity = Severity(rawValue: text) else {
        reader.error(
          "expected a severity (error, warning or info) or a mapping of parameters for rule '\(ruleID)'",
          at: entry.value, code: diagnosticCode)
        return
      }
      configuration.severities[ruleID] = severity
      return
    }
    var problems: [Diagnostic] = []
    defer { reader.append(problems) }
    guard
      var settings = MappingReader(
        entry.value, file: reader.file, context: "rule '\(ruleID)'",
        notAMapping: "expected a severity or a mapping of parameters for rule '\(ruleID)'", code: diagnosticCode,
        diagnostics: &problems)
    else { return }
    let names = declared.map(\.name) + ["severity"]
    settings.reportUnknownKeys(known: names, code: diagnosticCode) { name in
      "rule '\(ruleID)' has no parameter '\(name)'; it accepts \(names.map { "'\($0)'" }.joined(separator: ", "))"
    }
    for setting in settings.entries() {
      if setting.key == "severity" {
        if let text = setting.value.text, let severity = Severity(rawValue: text) {
          configuration.severities[ruleID] = severity
        } else {
          settings.error("expected severity to be error, warning or info", at: setting.value, code: diagnosticCode)
        }
      } else if let parameter = declared.first(where: { $0.name == setting.key }) {
        switch parameterValue(setting.value, like: parameter) {
        case .success(let parsed): configuration.parameters[ruleID, default: [:]][setting.key] = parsed
        case .failure(let problem):
          settings.error(
            "parameter '\(setting.key)' of rule '\(ruleID)': \(problem.message)", at: setting.value,
            code: diagnosticCode)
        }
      }
    }
    problems += settings.diagnostics
  }

  /// A configuration value read as the kind of `parameter`'s default, range-checked.
  static func parameterValue(_ node: Node, like parameter: RuleParameter) -> Result<ParameterValue, ParameterError> {
    let expected = parameter.defaultValue.kindName
    func inRange(_ value: Double) -> Result<ParameterValue, ParameterError>? {
      if let minimum = parameter.minimum, value < minimum {
        return .failure(
          ParameterError(message: "expected at least \(ParameterValue.number(minimum)), found \(node.string ?? "")"))
      }
      if let maximum = parameter.maximum, value > maximum {
        return .failure(
          ParameterError(message: "expected at most \(ParameterValue.number(maximum)), found \(node.string ?? "")"))
      }
      return nil
    }
    switch parameter.defaultValue {
    case .integer:
      guard case .scalar = node, let value = node.int else {
        return .failure(ParameterError(message: "expected \(expected)"))
      }
      if let failure = inRange(Double(value)) { return failure }
      return .success(.integer(value))
    case .number:
      guard case .scalar = node, let value = node.int.map(Double.init) ?? node.float, value.isFinite else {
        return .failure(ParameterError(message: "expected \(expected)"))
      }
      if let failure = inRange(value) { return failure }
      return .success(.number(value))
    case .text:
      guard case .scalar = node, let value = node.string else {
        return .failure(ParameterError(message: "expected \(expected)"))
      }
      return .success(.text(value))
    case .flag:
      guard case .scalar = node, let value = node.bool else {
        return .failure(ParameterError(message: "expected \(expected)"))
      }
      return .success(.flag(value))
    case .list:
      switch node {
      case .sequence(let sequence):
        var values: [String] = []
        for element in sequence {
          guard case .scalar = element, let value = element.string else {
            return .failure(ParameterError(message: "expected \(expected)"))
          }
          values.append(value)
        }
        return .success(.list(values))
      case .scalar: return .success(.list([node.string ?? ""]))
      default: return .failure(ParameterError(message: "expected \(expected)"))
      }
    }
  }

  struct ParameterError: Error { var message: String }

  /// Reads custom rule `ruleID`'s definition (`node`), recording every problem in `problems`;
  /// nil if it is not a valid rule.
  static func parseCustomRule(_ ruleID: String, _ node: Node, file: String, problems: inout [Diagnostic]) -> RegexRule?
  {
    guard
      var settings = MappingReader(
        node, file: file, context: "custom rule '\(ruleID)'",
        notAMapping: "expected custom rule '\(ruleID)' to be a mapping with regex, fields, message and severity",
        code: diagnosticCode, diagnostics: &problems)
    else { return nil }
    defer { problems += settings.diagnostics }
    settings.reportUnknownKeys(known: ["regex", "fields", "message", "severity", "description"], code: diagnosticCode) {
      "unknown setting '\($0)' in custom rule '\(ruleID)'"
    }
    guard let regexNode = settings.value("regex") else {
      settings.error("custom rule '\(ruleID)' needs a 'regex'", at: node, code: diagnosticCode)
      return nil
    }
    guard let pattern = text(regexNode), !pattern.isEmpty else {
      settings.error(
        "expected 'regex' of custom rule '\(ruleID)' to be a regular expression, found \(settings.written(regexNode))",
        at: regexNode, code: diagnosticCode)
      return nil
    }
    var fields = RegexRule.Field.allCases.filter { $0 != .key }
    if let fieldsNode = settings.value("fields") {
      let names: [Node]
      switch fieldsNode.kind {
      case .sequence: names = fieldsNode.elements
      case .scalar: names = [fieldsNode]
      case .mapping, .alias:
        settings.error(
          "expected 'fields' to be a list of stem, options, key, rationale", at: fieldsNode, code: diagnosticCode)
        return nil
      }
      fields = []
      for nameNode in names {
        let name = nameNode.text ?? ""
        guard let field = RegexRule.Field(rawValue: name) else {
          settings.error(
            "unknown field '\(name)' in custom rule '\(ruleID)'; expected stem, options, key or rationale"
              + EditDistance.didYouMean(name, among: RegexRule.Field.allCases.map(\.rawValue)), at: nameNode,
            code: diagnosticCode)
          return nil
        }
        fields.append(field)
      }
    }
    var severity = Severity.warning
    if let severityNode = settings.value("severity") {
      guard let text = severityNode.text, let parsed = Severity(rawValue: text) else {
        settings.error("expected severity to be error, warning or info", at: severityNode, code: diagnosticCode)
        return nil
      }
      severity = parsed
    }
    // `message` and `description`: text (a number is taken as written); anything else is an error.
    var texts: [String: String] = [:]
    for key in ["message", "description"] {
      guard let textNode = settings.value(key) else { continue }
      guard let value = text(textNode) else {
        settings.error(
          "expected '\(key)' of custom rule '\(ruleID)' to be text, found \(settings.written(textNode))", at: textNode,
          code: diagnosticCode)
        return nil
      }
      texts[key] = value
    }
    let message = texts["message"]
    let description = texts["description"]
    do {
      return try RegexRule(
        id: ruleID, regex: pattern, fields: fields, message: message, severity: severity, description: description)
    } catch {
      settings.error("invalid regex in custom rule '\(ruleID)': \(error)", at: regexNode, code: diagnosticCode)
      return nil
    }
  }
}

extension LintConfiguration {
  /// A scalar's text, or nil for a list, a mapping, an alias or an empty value (`~`, `null`).
  fileprivate static func text(_ node: Node) -> String? {
    node.kind == .scalar && !node.isNull ? node.text : nil
  }
}

/// Problems in a configuration file; `itembench lint` exits with status 2.
public struct LintConfigurationError: Error, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  public var description: String {
    diagnostics.map { diagnostic in
      var copy = diagnostic
      copy.code = nil
      return copy.description
    }.joined(separator: "\n")
  }
}

/// Path globs: `*` matches within one path component, `**` across components, `?` one
/// character. A glob also matches every file below a directory it matches (`drafts` and
/// `drafts/` select `drafts/a.yml`).
public enum Glob {
  public static func matches(_ pattern: String, _ path: String) -> Bool {
    var pattern = pattern
    if pattern.hasPrefix("./") { pattern.removeFirst(2) }
    while pattern.hasSuffix("/") { pattern.removeLast() }
    let patternScalars = Array(pattern.unicodeScalars)
    let pathScalars = Array(path.unicodeScalars)
    if match(patternScalars[...], pathScalars[...]) { return true }
    // Directory prefixes of the path.
    for (index, scalar) in pathScalars.enumerated() where scalar == "/" {
      if match(patternScalars[...], pathScalars[..<index]) { return true }
    }
    return false
  }

  static func match(_ pattern: ArraySlice<Unicode.Scalar>, _ path: ArraySlice<Unicode.Scalar>) -> Bool {
    guard let first = pattern.first else { return path.isEmpty }
    if first == "*" {
      let rest = pattern.dropFirst()
      if rest.first == "*" {
        // "**" (optionally followed by "/") matches any sequence, including "/".
        var after = rest.dropFirst()
        if after.first == "/" {
          after = after.dropFirst()
          if match(after, path) { return true }
        }
        var suffix = path
        while true {
          if match(after, suffix) { return true }
          guard !suffix.isEmpty else { return false }
          suffix = suffix.dropFirst()
        }
      }
      var suffix = path
      while true {
        if match(rest, suffix) { return true }
        guard let next = suffix.first, next != "/" else { return false }
        suffix = suffix.dropFirst()
      }
    }
    guard let character = path.first else { return false }
    if first == "?" ? character != "/" : first == character {
      return match(pattern.dropFirst(), path.dropFirst())
    }
    return false
  }
}
