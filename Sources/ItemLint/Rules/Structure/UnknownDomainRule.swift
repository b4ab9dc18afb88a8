import Foundation
import ItemBank
import ItemBenchCore

/// `unknown-domain`: the item's domain (and subdomain) must be in the bank's blueprint.
struct UnknownDomainRule: LintRule {
  let id = "unknown-domain"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description = """
    The item's domain is not a domain of the bank's blueprint(s), or its subdomain is not one the \
    blueprint lists for that domain. Not checked when the bank has no blueprint.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "blueprints/demo.yml": StructureRules.demoBlueprint,
        "inventory/INV-0001.yml": ExampleItem.text(
          domain: "↓inventroy", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
      ]),
      LintExample(files: [
        "blueprints/demo.yml": StructureRules.demoBlueprint,
        "inventory/INV-0001.yml": ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          extra: "subdomain: ↓safety-stocks"),
      ]),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "blueprints/demo.yml": StructureRules.demoBlueprint,
        "inventory/INV-0001.yml": ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          extra: "subdomain: safety-stock"),
      ]),
      LintExample(
        ExampleItem.text(
          domain: "anything", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        note: "no blueprint in the bank"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let blueprints = context.blueprints
    guard !blueprints.isEmpty else { return [] }
    let domains = blueprints.flatMap { $0.domains.filter { $0.id == item.domain } }
    var names: String { blueprints.map { "'\($0.id)'" }.joined(separator: ", ") }
    if domains.isEmpty {
      let known = Set(blueprints.flatMap { $0.domains.map(\.id) })
      return [
        context.finding(
          "domain '\(item.domain)' is not in the blueprint \(names)"
            + EditDistance.didYouMean(item.domain, among: known),
          item: item, field: "domain", highlighting: item.domain)
      ]
    }
    if let subdomain = item.subdomain {
      let known = Set(domains.flatMap(\.subdomains))
      if !known.isEmpty, !known.contains(subdomain) {
        return [
          context.finding(
            "subdomain '\(subdomain)' is not a subdomain of '\(item.domain)' in the blueprint \(names)"
              + EditDistance.didYouMean(subdomain, among: known),
            item: item, field: "subdomain", highlighting: subdomain)
        ]
      }
    }
    return []
  }
}
