import ItemBank
import ItemBenchCore
import ItemLint

/// `id-domain-prefix`: an item's id starts with the code of its domain (`INV-0001` in
/// `inventory`), so a reviewer reading a form list or a parameter file sees each item's domain.
///
/// A house-style rule of the kind an exam program adds without forking ItemBench: it conforms to
/// the public ``LintRule`` protocol exactly as the built-in rules do, and ``Extras/register(rules:exporters:)``
/// adds it to a ``LintRuleRegistry``. Configure it in `.itembench.yml` like any rule:
///
/// ```yaml
/// id-domain-prefix: {prefixes: [supply-chains-strategy=SCS], severity: error}
/// ```
///
/// The code of a domain is the one given by the `prefixes` parameter (`domain=CODE` entries), or
/// else the first three letters of the domain id in capitals. The id's prefix is the text before
/// its first `-`.
public struct IDDomainPrefixRule: LintRule {
  public init() {}

  public let id = "id-domain-prefix"
  public let defaultSeverity = Severity.warning
  public let description = """
    An item id starts with the code of its domain (INV- for inventory), so form lists and \
    parameter files show each item's domain. The code is the first three letters of the domain \
    id in capitals unless the prefixes parameter names it.
    """
  public var category: LintRuleCategory { .bank }
  public var parameters: [RuleParameter] {
    [
      RuleParameter(
        "prefixes", default: .list([]),
        "domain=CODE pairs for domains whose code is not the first three letters of their id")
    ]
  }

  static let stem = "What is the main purpose of safety stock?"
  static let options = ["Buffer uncertainty", "Earn discounts", "Fill the pipeline", "Smooth production"]

  public var triggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(id: "↓DEM-0001", domain: "inventory", stem: Self.stem, options: Self.options)),
      LintExample(
        ExampleItem.text(id: "↓SUP-0001", domain: "supply-chains-strategy", stem: Self.stem, options: Self.options),
        options: ["prefixes": .list(["supply-chains-strategy=SCS"])],
        note: "a configured code replaces the default SUP"),
    ]
  }

  public var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(id: "INV-0001", domain: "inventory", stem: Self.stem, options: Self.options)),
      LintExample(
        ExampleItem.text(id: "SCS-0001", domain: "supply-chains-strategy", stem: Self.stem, options: Self.options),
        options: ["prefixes": .list(["supply-chains-strategy=SCS"])]),
    ]
  }

  public func check(item: Item, context: LintContext) -> [LintFinding] {
    let code = Self.code(of: item.domain, prefixes: context.options.list("prefixes"))
    let prefix = item.id.split(separator: "-", maxSplits: 1).first.map(String.init) ?? item.id
    guard prefix != code else { return [] }
    return [
      context.finding(
        "item id '\(item.id)' does not start with '\(code)-', the code of domain '\(item.domain)'",
        item: item, field: "id")
    ]
  }

  /// The code of `domain`: its `domain=CODE` entry in `prefixes`, or the first three letters of
  /// the domain id in capitals.
  public static func code(of domain: String, prefixes: [String]) -> String {
    for entry in prefixes {
      let parts = entry.split(separator: "=", maxSplits: 1)
      if parts.count == 2, parts[0] == domain { return String(parts[1]) }
    }
    return String(domain.filter(\.isLetter).prefix(3)).uppercased()
  }
}
