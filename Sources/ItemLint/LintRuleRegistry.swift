import Foundation
import ItemBenchCore

/// The lint rules known to this process. The CLI (`itembench lint`, `itembench rules`) reads
/// ``shared``; another package adds a rule by registering it before the linter runs:
///
/// ```swift
/// LintRuleRegistry.shared.register(NoTrickQuestionsRule())
/// ```
///
/// Built-in rules are registered the same way, through ``register(_:)``, when the registry is
/// created.
public final class LintRuleRegistry: @unchecked Sendable {
  /// The process-wide registry the CLI reads.
  public static let shared = LintRuleRegistry()

  /// Every built-in rule, sorted by id.
  ///
  /// This is the one list of built-in rules: each rule type lives in its own file under
  /// `Sources/ItemLint/Rules/`, and a test fails if a rule type there is missing from this list.
  public static var builtInRules: [any LintRule] {
    let rules: [any LintRule] =
      StructureRules.loaderRules + [
        // Structure
        KeyNotAnOptionRule(), OptionCountRule(), DuplicateOptionRule(), UnknownDomainRule(),
        EnemyNotFoundRule(), TemplatePlaceholderRule(), InvalidSuppressionRule(), ScoreRubricRule(),
        // Writing (Haladyna, Downing & Rodriguez 2002; Case & Swanson, NBME)
        AllOfTheAboveRule(), NoneOfTheAboveRule(), NegativeStemRule(), AbsoluteTermsRule(),
        VagueTermsRule(), LongestOptionKeyRule(), StemKeyWordRepeatRule(), GrammaticalCueRule(),
        NumericOptionOrderRule(), OptionOverlapRule(), TypeKRule(), CommonOptionPrefixRule(),
        ConvergenceCueRule(), StemFormatRule(), StemLengthRule(), MissingRationaleRule(),
        MissingDistractorRationaleRule(), MissingReferenceRule(),
        // Bank
        NearDuplicateRule(), KeyPositionBalanceRule(),
      ]
    return rules.sorted { $0.id < $1.id }
  }

  private let table = Registry<any LintRule>()

  /// A registry holding the built-in rules, or none when `builtIns` is false.
  public init(builtIns: Bool = true) {
    if builtIns {
      for rule in Self.builtInRules { register(rule) }
    }
  }

  /// Adds `rule`, replacing any rule registered under the same ``LintRule/id``.
  public func register(_ rule: any LintRule) { table.register(rule, as: rule.id) }

  /// Removes the rule with `id`, if registered.
  public func unregister(_ id: String) { table.unregister(id) }

  /// The rule with `id`, if registered.
  public func rule(_ id: String) -> (any LintRule)? { table.entry(named: id) }

  /// Every registered rule, sorted by id.
  public var rules: [any LintRule] { table.entries.sorted { $0.id < $1.id } }

  /// Every registered rule id, sorted.
  public var ruleIDs: [String] { rules.map(\.id) }
}
