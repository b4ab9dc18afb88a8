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

  /// Parses configuration text; `file` names it in errors and anchors the globs.
  ///
  /// - Throws: ``LintConfigurationError`` listing every problem.
  public static func parse(_ text: String, file: String, registry: LintRuleRegistry = .shared) throws
    -> LintConfiguration
  {
    var configuration = LintConfiguration(file: file)
    var problems: [Diagnostic] = []
    func error(_ message: String, _ node: Node) {
      problems.append(.error(message, at: YAMLSource.location(of: node, in: file), code: "configuration"))
    }
    let root: Node
    switch YAMLSource.compose(text, file: file) {
    case .failure(let diagnostic): throw LintConfigurationError([diagnostic])
    case .success(nil): return configuration
    case .success(let node?): root = node
    }
    guard case .mapping(let mapping) = root else {
      throw LintConfigurationError([
        .error(
          "expected the configuration to be a mapping of settings", at: YAMLSource.location(of: root, in: file),
          code: "configuration")
      ])
    }
    let rules = Dictionary(registry.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    // Custom rules first: their ids are valid everywhere else.
    var custom: [String: RegexRule] = [:]
    if let node = mapping["custom_rules"] {
      if case .mapping(let definitions) = node {
        for (keyNode, definition) in definitions {
          let ruleID = keyNode.string ?? ""
          if rules[ruleID] != nil {
            error("custom rule '\(ruleID)' has the id of a built-in or registered rule; choose another id", keyNode)
            continue
          }
          if !RegexRule.isValidID(ruleID) {
            error("custom rule id '\(ruleID)' must be lower-case letters, digits and hyphens", keyNode)
            continue
          }
          if let rule = parseCustomRule(ruleID, definition, file: file, problems: &problems) { custom[ruleID] = rule }
        }
      } else {
        error("expected 'custom_rules' to be a mapping of rule id to {regex, fields, message, severity}", node)
      }
    }
    configuration.customRules = custom.sorted { $0.key < $1.key }.map(\.value)
    let knownIDs = Set(rules.keys).union(custom.keys)
    let suggestions = Array(knownIDs) + reservedKeys

    func ruleIDList(_ key: String) -> Set<String> {
      guard let node = mapping[key] else { return [] }
      let elements: [Node]
      switch node {
      case .sequence(let sequence): elements = Array(sequence)
      case .scalar: elements = node.null != nil ? [] : [node]
      default:
        error("expected '\(key)' to be a list of rule ids", node)
        return []
      }
      var ids: Set<String> = []
      for element in elements {
        guard let ruleID = element.string else {
          error("expected a rule id in '\(key)'", element)
          continue
        }
        if knownIDs.contains(ruleID) {
          ids.insert(ruleID)
        } else {
          error("unknown rule id '\(ruleID)' in '\(key)'" + EditDistance.didYouMean(ruleID, among: knownIDs), element)
        }
      }
      return ids
    }
    func globList(_ key: String) -> [String] {
      guard let node = mapping[key] else { return [] }
      switch node {
      case .sequence(let sequence):
        return sequence.compactMap { element in
          guard let glob = element.string, case .scalar = element else {
            error("expected a path glob in '\(key)'", element)
            return nil
          }
          return glob
        }
      case .scalar: return node.null != nil ? [] : [node.string ?? ""]
      default:
        error("expected '\(key)' to be a list of path globs", node)
        return []
      }
    }
    configuration.disabledRules = ruleIDList("disabled_rules")
    configuration.optInRules = ruleIDList("opt_in_rules")
    configuration.included = globList("included")
    configuration.excluded = globList("excluded")

    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      if reservedKeys.contains(key) { continue }
      guard knownIDs.contains(key) else {
        error("unknown rule id or setting '\(key)'" + EditDistance.didYouMean(key, among: suggestions), keyNode)
        continue
      }
      let declared = rules[key]?.parameters ?? []
      switch value {
      case .scalar:
        guard let text = value.string, let severity = Severity(rawValue: text) else {
          error("expected a severity (error, warning or info) or a mapping of parameters for rule '\(key)'", value)
          continue
        }
        configuration.severities[key] = severity
      case .mapping(let settings):
        for (nameNode, parameterNode) in settings {
          let name = nameNode.string ?? ""
          if name == "severity" {
            if let text = parameterNode.string, let severity = Severity(rawValue: text) {
              configuration.severities[key] = severity
            } else {
              error("expected severity to be error, warning or info", parameterNode)
            }
            continue
          }
          guard let parameter = declared.first(where: { $0.name == name }) else {
            let names = declared.map(\.name) + ["severity"]
            error(
              "rule '\(key)' has no parameter '\(name)'; it accepts \(names.map { "'\($0)'" }.joined(separator: ", "))"
                + EditDistance.didYouMean(name, among: names), nameNode)
            continue
          }
          switch parameterValue(parameterNode, like: parameter) {
          case .success(let parsed): configuration.parameters[key, default: [:]][name] = parsed
          case .failure(let problem): error("parameter '\(name)' of rule '\(key)': \(problem.message)", parameterNode)
          }
        }
      default:
        error("expected a severity or a mapping of parameters for rule '\(key)'", value)
      }
    }
    if !problems.isEmpty { throw LintConfigurationError(problems.sortedByLocation()) }
    return configuration
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

  static func parseCustomRule(_ ruleID: String, _ node: Node, file: String, problems: inout [Diagnostic]) -> RegexRule?
  {
    func error(_ message: String, _ at: Node) {
      problems.append(.error(message, at: YAMLSource.location(of: at, in: file), code: "configuration"))
    }
    guard case .mapping(let settings) = node else {
      error("expected custom rule '\(ruleID)' to be a mapping with regex, fields, message and severity", node)
      return nil
    }
    let known = ["regex", "fields", "message", "severity", "description"]
    for (keyNode, _) in settings where !known.contains(keyNode.string ?? "") {
      error(
        "unknown setting '\(keyNode.string ?? "")' in custom rule '\(ruleID)'"
          + EditDistance.didYouMean(keyNode.string ?? "", among: known), keyNode)
    }
    guard let regexNode = settings["regex"], let pattern = regexNode.string, !pattern.isEmpty else {
      error("custom rule '\(ruleID)' needs a 'regex'", node)
      return nil
    }
    var fields = RegexRule.Field.allCases.filter { $0 != .key }
    if let fieldsNode = settings["fields"] {
      let names: [Node]
      switch fieldsNode {
      case .sequence(let sequence): names = Array(sequence)
      case .scalar: names = [fieldsNode]
      default:
        error("expected 'fields' to be a list of stem, options, key, rationale", fieldsNode)
        return nil
      }
      fields = []
      for nameNode in names {
        let name = nameNode.string ?? ""
        guard let field = RegexRule.Field(rawValue: name) else {
          error(
            "unknown field '\(name)' in custom rule '\(ruleID)'; expected stem, options, key or rationale"
              + EditDistance.didYouMean(name, among: RegexRule.Field.allCases.map(\.rawValue)), nameNode)
          return nil
        }
        fields.append(field)
      }
    }
    var severity = Severity.warning
    if let severityNode = settings["severity"] {
      guard let text = severityNode.string, let parsed = Severity(rawValue: text) else {
        error("expected severity to be error, warning or info", severityNode)
        return nil
      }
      severity = parsed
    }
    do {
      return try RegexRule(
        id: ruleID, regex: pattern, fields: fields, message: settings["message"]?.string,
        severity: severity, description: settings["description"]?.string)
    } catch {
      problems.append(
        .error(
          "invalid regex in custom rule '\(ruleID)': \(error)", at: YAMLSource.location(of: regexNode, in: file),
          code: "configuration"))
      return nil
    }
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
