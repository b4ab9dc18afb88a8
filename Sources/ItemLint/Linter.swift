import Foundation
import ItemBank
import ItemBenchCore

/// A rule with the severity and parameters it runs with.
public struct ConfiguredRule: Sendable {
  public var rule: any LintRule
  public var severity: Severity
  public var options: RuleOptions

  public init(_ rule: any LintRule, severity: Severity? = nil, options: [String: ParameterValue] = [:]) {
    self.rule = rule
    self.severity = severity ?? rule.defaultSeverity
    self.options = RuleOptions(parameters: rule.parameters, overrides: options)
  }
}

/// The result of linting: sorted findings, the files linted and the rule catalogue.
public struct LintReport: Sendable {
  /// Findings sorted by file, line, column, rule and message.
  public var findings: [LintFinding]
  /// Every file linted, sorted (files without findings included).
  public var files: [String]
  /// Every rule known to the run (registered and custom, enabled or not), sorted by id.
  public var rules: [any LintRule]
  /// The ids of the rules that ran.
  public var enabledRuleIDs: Set<String>
  /// The version of the tool, for reporters that record it (SARIF).
  public var toolVersion: String
  /// What the run loaded, released in the background once the report is dropped (see
  /// ``BackgroundRelease``).
  var loadedData: BackgroundRelease?

  public init(
    findings: [LintFinding], files: [String], rules: [any LintRule], enabledRuleIDs: Set<String>,
    toolVersion: String = ""
  ) {
    self.findings = LintFinding.isSorted(findings) ? findings : LintFinding.sortedStably(findings)
    self.files = Self.isSorted(files) ? files : files.sorted()
    self.rules = rules.sorted { $0.id < $1.id }
    self.enabledRuleIDs = enabledRuleIDs
    self.toolVersion = toolVersion
  }

  static func isSorted(_ values: [String]) -> Bool {
    values.indices.dropFirst().allSatisfy { !(values[$0] < values[$0 - 1]) }
  }

  /// The number of findings of `severity`.
  public func count(_ severity: Severity) -> Int { findings.lazy.filter { $0.severity == severity }.count }

  /// Whether the report fails a check: any error, or with `strict` any warning.
  public func fails(strict: Bool) -> Bool {
    findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
  }
}

/// Runs rules over a loaded bank.
///
/// Item rules run per file on all cores; bank rules run once each (also concurrently). Inline
/// suppressions are then applied, findings outside the linted files dropped, and the result
/// sorted, so the output does not depend on scheduling.
///
/// - Complexity: O(items × item rules) plus the bank rules' own cost (near-duplicate detection
///   is sub-quadratic; see ``NearDuplicateRule``).
public struct Linter: Sendable {
  /// The rules that run.
  public let rules: [ConfiguredRule]
  /// Every rule known (for the report's catalogue and for checking rule ids in comments).
  public let catalogue: [any LintRule]

  /// The rules `configuration` enables among `registry`'s and its custom rules: every rule that
  /// is not opt-in, plus the opt-in rules it lists, minus the disabled ones.
  public init(configuration: LintConfiguration = LintConfiguration(), registry: LintRuleRegistry = .shared) {
    let catalogue: [any LintRule] = (registry.rules + configuration.customRules).sorted { $0.id < $1.id }
    self.catalogue = catalogue
    self.rules = catalogue.compactMap { rule in
      guard !configuration.disabledRules.contains(rule.id) else { return nil }
      guard !rule.isOptIn || configuration.optInRules.contains(rule.id) else { return nil }
      return ConfiguredRule(
        rule, severity: configuration.severities[rule.id], options: configuration.parameters[rule.id] ?? [:])
    }
  }

  /// Exactly `rules`, with `catalogue` as the known rules (defaults to the shared registry's
  /// and `rules`).
  public init(rules: [ConfiguredRule], catalogue: [any LintRule]? = nil) {
    self.rules = rules
    var known = catalogue ?? LintRuleRegistry.shared.rules
    let ids = Set(known.map(\.id))
    known += rules.map(\.rule).filter { !ids.contains($0.id) }
    self.catalogue = known.sorted { $0.id < $1.id }
  }

  /// Lints `bank`, reporting findings only in `files` (all files of the bank when nil).
  public func lint(_ bank: ItemBank, files: Set<String>? = nil, toolVersion: String = "") -> LintReport {
    let knownIDs = catalogue.map(\.id)
    let linted = files ?? Set(bank.fileTexts.keys)
    let directiveFiles = bank.fileTexts.keys.filter { linted.contains($0) }
    let directiveLists: [[SuppressionDirective]] = directiveFiles.concurrentMap { file in
      // `file` is a key of `fileTexts`, so the fallback is never used.
      Suppressions.directives(in: bank.fileTexts[file] ?? "")
    }
    var directives: [String: [SuppressionDirective]] = [:]
    for (file, list) in zip(directiveFiles, directiveLists) where !list.isEmpty { directives[file] = list }
    let shared = LintContext.Shared(bank: bank, knownRuleIDs: knownIDs, lintedFiles: files, directives: directives)
    let contexts = rules.map { configured in
      LintContext(
        shared: shared,
        settings: LintContext.Settings(
          ruleID: configured.rule.id, severity: configured.severity, options: configured.options))
    }

    // Items grouped by file, in bank order.
    var groups: [Range<Int>] = []
    var start = 0
    for index in bank.items.indices
    where index > 0 && bank.items[index].source.file != bank.items[index - 1].source.file {
      groups.append(start..<index)
      start = index
    }
    if !bank.items.isEmpty { groups.append(start..<bank.items.count) }
    groups = groups.filter { linted.contains(bank.items[$0.lowerBound].source.file) }

    // One concurrent pass: bank rules first (near-duplicate detection is the longest task),
    // then the item files; a worker that finishes a bank rule moves on to files.
    let rules = self.rules
    let bankRuleIndices =
      rules.indices.filter { rules[$0].rule.category == .bank }
      + rules.indices.filter { rules[$0].rule.category != .bank }
    let fileGroups = groups
    let itemRules = rules.map(\.rule)
    // The rules each item type is checked by, in rule order (``LintRule/itemTypes``).
    let rulesByType = Dictionary(
      uniqueKeysWithValues: ItemResponseType.allCases.map { type in
        (type, itemRules.indices.filter { itemRules[$0].itemTypes.contains(type) })
      })
    let tasks = bankRuleIndices.map { -1 - $0 } + fileGroups.indices.map { $0 }
    let results: [[LintFinding]] = tasks.concurrentMap { task in
      if task < 0 {
        let index = -1 - task
        return rules[index].rule.check(bank: bank, context: contexts[index])
      }
      var findings: [LintFinding] = []
      var itemContexts = contexts
      for item in bank.items[fileGroups[task]] {
        let analysis = ItemAnalysis(item)
        for index in itemContexts.indices { itemContexts[index].current = analysis }
        for index in rulesByType[item.responseType] ?? [] {
          let found = itemRules[index].check(item: item, context: itemContexts[index])
          if !found.isEmpty { findings += found }
        }
      }
      return findings
    }
    var findings = results.flatMap { $0 }
    findings = findings.filter { linted.contains($0.location.file) || bank.fileTexts[$0.location.file] == nil }
    findings = Suppressions.apply(directives, to: findings)
    return LintReport(
      findings: findings, files: Array(linted), rules: catalogue, enabledRuleIDs: Set(rules.map(\.rule.id)),
      toolVersion: toolVersion)
  }
}
